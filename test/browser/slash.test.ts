// Slash commands in Chromium (see slash-harness.ts), checked by axe, with screenshots in
// .artifacts/screenshots/slash-*.png.
import { slashSuite } from './slash-harness.js';

slashSuite('chromium', { screenshots: true, axe: true });
