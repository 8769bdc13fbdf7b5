// Slash commands in Firefox (see slash-harness.ts).
import { slashSuite } from './slash-harness.js';

slashSuite('firefox');
