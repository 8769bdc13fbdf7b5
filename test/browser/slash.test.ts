// Slash commands in Chromium (see slash-harness.ts), with screenshots in .artifacts/screenshots/slash-*.png.
import { slashSuite } from './slash-harness.js';

slashSuite('chromium', { screenshots: true });
