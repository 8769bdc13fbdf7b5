// The renderer's fixture, drawn by the web app in Firefox (see markup-harness.ts).
import { markupSuite } from './markup-harness.js';

markupSuite('firefox');
