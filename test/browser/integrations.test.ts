// Bots and webhooks in Chromium (see integrations-harness.ts).
import { integrationsSuite } from './integrations-harness.js';

integrationsSuite('chromium');
