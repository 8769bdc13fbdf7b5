// What stands in place of a composer where you may not write: an archived channel (and its threads), and the main
// composer of an announcement channel for anyone but admins (who may still reply in a thread).
import type { ConversationView } from '../../shared/protocol.js';
import { errorText } from '../lib/errors.js';
import { setArchived } from '../state/channelSettings.js';
import { rightsIn } from '../state/rights.js';
import { showNotice } from '../state/ui.js';
import { Icon } from './Icon.js';

export function ArchivedBar({ c }: { c: ConversationView }) {
  return (
    <div class="blocked-bar posting-bar archived-bar" role="note">
      <Icon name="lock" size={16} />
      <p>
        This channel is archived. Its messages can be read and searched, not changed.
      </p>
      {rightsIn(c).archive && (
        <button type="button" class="btn small" onClick={() => void setArchived(c.id, false).catch((e: unknown) => showNotice(errorText(e)))}>
          Unarchive
        </button>
      )}
    </div>
  );
}

export function AnnouncementBar() {
  return (
    <div class="blocked-bar posting-bar announcement-bar" role="note">
      <Icon name="shield" size={16} />
      <p>Only admins post here — reply in a thread.</p>
    </div>
  );
}
