// Archived and announcement channels, retention and the live view in Firefox (see channel-admin-harness.ts).
import { channelAdminSuite } from './channel-admin-harness.js';

channelAdminSuite('firefox');
