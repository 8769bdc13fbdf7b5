// Archived and announcement channels, retention and the live view in Chromium (see channel-admin-harness.ts).
import { channelAdminSuite } from './channel-admin-harness.js';

channelAdminSuite('chromium');
