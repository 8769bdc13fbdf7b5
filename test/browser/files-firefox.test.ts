// Files in Firefox (see files-harness.ts).
import { filesSuite } from './files-harness.js';

filesSuite('firefox');
