// The renderer's fixture, drawn by the web app in Chromium (see markup-harness.ts).
import { markupSuite } from './markup-harness.js';

markupSuite('chromium');
