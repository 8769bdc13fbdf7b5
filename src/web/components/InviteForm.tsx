// Add someone to a channel by username; the people whose username starts with what is typed are suggested.
import { useState } from 'preact/hooks';
import { LIMITS, type User } from '../../shared/protocol.js';
import { inviteToChannel } from '../state/conversationActions.js';
import { searchPeople } from '../state/people.js';
import { errorText } from '../lib/errors.js';
import { usePages } from './usePages.js';

const SUGGESTED = 8;

export function InviteForm({ conversationId, onInvited }: { conversationId: number; onInvited: (u: User) => void }) {
  const [username, setUsername] = useState('');
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const typed = username.trim().replace(/^@/, '');
  const suggestions = usePages((after) => (typed ? searchPeople(typed, after) : Promise.resolve({ items: [], next: null })), typed, 200);
  const submit = async (e: Event) => {
    e.preventDefault();
    const name = username.trim().replace(/^@/, '');
    if (!name) return;
    try {
      const user = await inviteToChannel(conversationId, name);
      onInvited(user);
      setUsername('');
      setMessage({ ok: true, text: `${user.username} was added.` });
    } catch (err) {
      setMessage({ ok: false, text: errorText(err) });
    }
  };
  return (
    <form class="inline-form" onSubmit={submit}>
      <label for="invite-username">Add people</label>
      <div class="row">
        <input
          id="invite-username"
          value={username}
          list="invite-people"
          placeholder="Username"
          autocomplete="off"
          spellcheck={false}
          maxLength={LIMITS.usernameMax}
          onInput={(e) => {
            setUsername(e.currentTarget.value);
            setMessage(null);
          }}
        />
        <datalist id="invite-people">
          {suggestions.items.slice(0, SUGGESTED).map((u) => (
            <option key={u.id} value={u.username} />
          ))}
        </datalist>
        <button type="submit" class="btn primary" disabled={!username.trim()}>
          Invite
        </button>
      </div>
      {message && (
        <p class={message.ok ? 'field-hint' : 'field-error'} role={message.ok ? 'status' : 'alert'}>
          {message.text}
        </p>
      )}
    </form>
  );
}
