// Devices and password resets in Firefox (see devices-harness.ts).
import { devicesSuite } from './devices-harness.js';

devicesSuite('firefox');
