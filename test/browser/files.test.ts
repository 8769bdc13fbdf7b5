// Files in Chromium (see files-harness.ts).
import { filesSuite } from './files-harness.js';

filesSuite('chromium');
