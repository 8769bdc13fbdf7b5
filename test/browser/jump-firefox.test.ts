// Jumping to a message in Firefox (see jump-harness.ts).
import { jumpSuite } from './jump-harness.js';

jumpSuite('firefox');
