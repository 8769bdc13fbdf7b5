// Jumping to a message in Chromium (see jump-harness.ts).
import { jumpSuite } from './jump-harness.js';

jumpSuite('chromium');
