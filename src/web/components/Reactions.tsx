// The reactions under a message: one chip per emoji with its count, pressed when you are among them; a click
// adds or takes back yours (not in an archived channel, where they only show). The title names who reacted.
import type { Message, Reaction } from '../../shared/protocol.js';
import { toggleReaction } from '../state/messageActions.js';
import { personById } from '../state/people.js';
import { writable } from '../state/rights.js';
import { me } from '../state/session.js';
import { openDialog } from '../state/ui.js';
import { Icon } from './Icon.js';

/** "you", "alice and you", "alice, bob and 3 others". */
export function reactorNames(r: Reaction, myId: number | undefined): string {
  const names = r.userIds.map((id) => (id === myId ? 'you' : (personById(id)?.username ?? 'someone')));
  const shown = names.length > 8 ? [...names.slice(0, 7), `${names.length - 7} others`] : names;
  return shown.length > 1 ? `${shown.slice(0, -1).join(', ')} and ${shown.at(-1)}` : (shown[0] ?? '');
}

export function Reactions({ m }: { m: Message }) {
  const myId = me.value?.id;
  const open = writable(m.conversationId);
  return (
    <div class="reactions" role="group" aria-label="Reactions">
      {m.reactions.map((r) => {
        const mine = myId !== undefined && r.userIds.includes(myId);
        const who = reactorNames(r, myId);
        return (
          <button
            key={r.emoji}
            type="button"
            class={`reaction ${mine ? 'mine' : ''}`}
            aria-pressed={mine}
            aria-label={`${r.emoji} ${r.userIds.length}: ${who}`}
            title={`${who} reacted with ${r.emoji}`}
            disabled={!open}
            onClick={() => void toggleReaction(m, r.emoji)}
          >
            <span class="reaction-emoji">{r.emoji}</span>
            <span class="reaction-count">{r.userIds.length}</span>
          </button>
        );
      })}
      {open && (
        <button
          type="button"
          class="reaction add"
          aria-label="Add reaction"
          title="Add reaction"
          onClick={() => openDialog({ kind: 'emoji-picker', conversationId: m.conversationId, messageId: m.id })}
        >
          <Icon name="smile" size={15} />
          <Icon name="plus" size={11} />
        </button>
      )}
    </div>
  );
}
