// Message search in Chromium (see search-harness.ts).
import { searchSuite } from './search-harness.js';

searchSuite('chromium');
