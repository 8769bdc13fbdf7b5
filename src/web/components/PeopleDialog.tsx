// The people directory: everyone in the workspace, found by the start of their username and listed 50 at a time.
// A row opens the DM with that person; its menu blocks or unblocks them.
import { useState } from 'preact/hooks';
import type { UserWithPresence } from '../../shared/protocol.js';
import { searchPeople } from '../state/people.js';
import { users } from '../state/directory.js';
import { me } from '../state/session.js';
import { closeDialog } from '../state/ui.js';
import { PresenceDot } from './Avatar.js';
import { PersonMenu } from './ConversationMenu.js';
import { Dialog } from './Dialog.js';
import { ListStatus, SearchField } from './SearchField.js';
import { openDm } from './dm.js';
import { Icon } from './Icon.js';
import { LoadMore } from './LoadMore.js';
import { RoleBadge } from './RoleBadge.js';
import { usePages, useWatchPresence } from './usePages.js';

export function PeopleDialog() {
  const [filter, setFilter] = useState('');
  const query = filter.trim();
  const list = usePages((after) => searchPeople(query, after), query, 200);
  const others = list.items.filter((u) => u.id !== me.value?.id);
  useWatchPresence(others.map((u) => u.id));

  return (
    <Dialog title="People" wide>
      <SearchField id="people-search" label="Search people" placeholder="Search people by username" value={filter} onInput={setFilter} autoFocus />
      <ListStatus error={list.error} loaded={list.loaded} />
      <ul class="browse-list people-list" aria-label="People">
        {others.map((u) => (
          <PersonRow key={u.id} user={users.value.get(u.id) ?? u} />
        ))}
        {list.loaded && others.length === 0 && (
          <li class="muted empty-hint">{query ? `Nobody’s username starts with “${query}”.` : 'Nobody else here yet. Invite your team!'}</li>
        )}
        <LoadMore pages={list} />
      </ul>
    </Dialog>
  );
}

function PersonRow({ user }: { user: UserWithPresence }) {
  const status = user.online ? 'online' : 'offline';
  const message = async () => {
    if (await openDm([user.id])) closeDialog();
  };
  return (
    <li class="has-menu person-row">
      <button type="button" class="item person" onClick={() => void message()} aria-label={`Message ${user.username} (${status})`}>
        <span class="item-icon">
          <PresenceDot online={user.online} />
        </span>
        <span class="item-label">{user.username}</span>
        <RoleBadge role={user.role} bot={user.bot} />
        <span class="person-action" aria-hidden="true">
          <Icon name="message" size={14} /> Message
        </span>
      </button>
      <PersonMenu user={user} />
    </li>
  );
}
