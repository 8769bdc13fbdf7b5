// Under a thread's composer: "Also send to #general". Absent where you may not post in the conversation itself.
import type { ConversationView } from '../../shared/protocol.js';
import { alsoToChannel, alsoWhere, mayAlsoSend, setAlsoToChannel } from '../state/alsoToChannel.js';

export function AlsoToChannel({ c, draftKey }: { c: ConversationView | undefined; draftKey: string }) {
  if (!c || !mayAlsoSend(c)) return null;
  // The row is the composer's width; only the label is a click target.
  return (
    <div class="also-to-channel">
      <label>
        <input type="checkbox" checked={alsoToChannel(draftKey)} onChange={(e) => setAlsoToChannel(draftKey, e.currentTarget.checked)} />
        <span>Also send to {alsoWhere(c)}</span>
      </label>
    </div>
  );
}
