// Bots and webhooks in Firefox (see integrations-harness.ts).
import { integrationsSuite } from './integrations-harness.js';

integrationsSuite('firefox');
