// Browser notifications in Chromium (see notifications-harness.ts).
import { notificationsSuite } from './notifications-harness.js';

notificationsSuite('chromium');
