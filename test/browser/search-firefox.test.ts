// Message search in Firefox (see search-harness.ts).
import { searchSuite } from './search-harness.js';

searchSuite('firefox');
