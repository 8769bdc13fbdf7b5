// A reply also sent to the channel is two rows: the reply in its thread and its copy in the conversation's top
// level, each pointing at the other through `broadcast_id`; the copy also keeps its thread (`broadcast_root`).
import type { Message } from '../shared/protocol.js';

/** Message.alsoInChannel (on the reply) or Message.fromThread (on the copy), from the linking columns. */
export function channelCopyFields(broadcastId: number | null, broadcastRoot: number | null): Pick<Message, 'alsoInChannel' | 'fromThread'> {
  if (broadcastId === null) return {};
  return broadcastRoot === null ? { alsoInChannel: broadcastId } : { fromThread: { rootId: broadcastRoot, replyId: broadcastId } };
}
