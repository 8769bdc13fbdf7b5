// Devices and password resets in Chromium (see devices-harness.ts).
import { devicesSuite } from './devices-harness.js';

devicesSuite('chromium');
