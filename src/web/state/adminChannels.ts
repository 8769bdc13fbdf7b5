// The admin console's channels: every public channel, archived ones too (they are out of every sidebar, so this is
// where an admin finds them again), and the two things an admin may do to any of them without being in it. The
// actions are the channel's own (the same calls, the same notices); here is only what the list makes of each answer.
import type { ConversationView } from '../../shared/protocol.js';
import { CallError } from '../transport/socket.js';
import { browseChannels } from './browse.js';
import { setArchived } from './channelSettings.js';
import { deleteChannel } from './conversationActions.js';
import type { PageOf } from './people.js';

/** Public channels whose name starts with `query`, archived ones included. */
export const listChannels = (query: string, after?: string): Promise<PageOf<ConversationView>> => browseChannels(query, after);

/** The listed row as the reply has it: what it says of you (membership, reads) stays as the list had it. */
export async function archiveListed(c: ConversationView, archived: boolean): Promise<ConversationView> {
  const updated = await setArchived(c.id, archived);
  // Absent means "not": the reply of an unarchive has no `archived`, and must not keep the row's.
  return { ...c, ...updated, archived: updated.archived, announcement: updated.announcement };
}

/** Gone for everyone, with all its messages; the `conversation:removed` that follows takes it out of every sidebar. */
export const deleteListed = (c: ConversationView): Promise<void> => deleteChannel(c.id);

/** A refusal, said as what to do about it. */
export function channelErrorText(e: unknown): string {
  if (!(e instanceof CallError)) return e instanceof Error ? e.message : 'Something went wrong.';
  if (e.code === 'not_found') return 'This channel is gone: someone deleted it meanwhile.';
  if (e.code === 'forbidden') return 'Your role does not allow that change.';
  return e.message;
}
