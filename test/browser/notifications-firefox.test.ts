// Browser notifications in Firefox (see notifications-harness.ts).
import { notificationsSuite } from './notifications-harness.js';

notificationsSuite('firefox');
