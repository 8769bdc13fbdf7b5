// Running a team in Chromium (see admin-harness.ts).
import { adminSuite } from './admin-harness.js';

adminSuite('chromium');
