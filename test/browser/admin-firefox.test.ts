// Running a team in Firefox (see admin-harness.ts).
import { adminSuite } from './admin-harness.js';

adminSuite('firefox');
