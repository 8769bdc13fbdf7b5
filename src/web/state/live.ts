// A signed-in session: opens the socket, applies every server event to the stores, and catches up after
// a reconnect or a gap ("here is the change clock I hold" → the server sends what changed, or says "refetch").
import { effect } from '@preact/signals';
import { PROTOCOL_VERSION, type User } from '../../shared/protocol.js';
import { changePassword, currentUser, deleteAccount, signOut } from '../transport/http.js';
import { clearAlsoToChannel } from './alsoToChannel.js';
import { applyBlocks, clearBlocks } from './blocks.js';
import { catchUp, flushLive, receiveLive, stopCatchUp } from './changes.js';
import { closeSocket, connection, openSocket, outdated, rpc } from './client.js';
import { clearCommandErrors } from './compose.js';
import { clearCustomCommands, loadCustomCommands } from './customCommands.js';
import { removalNotice } from './conversationActions.js';
import {
  applyMembership,
  applySnapshot,
  clearDirectory,
  conversations,
  removeConversation,
  setPresence,
  upsertConversation,
  upsertUser,
} from './directory.js';
import { loadMarkupExtras } from './markup.js';
import { clearMentions, mentionsCounted } from './mentions.js';
import { flushOutbox } from './messages.js';
import { currentId, fallbackConversation, land, openConversation, openThread, threadsView } from './navigation.js';
import { applyRemoteDraft, clearDrafts, loadDrafts } from './drafts.js';
import { clearNotified, watchTabs } from './notifications.js';
import { applyNotifyDefaults, applyPreferences } from './notifyPreferences.js';
import { discardConversation, loadOutbox, unloadOutbox } from './outbox.js';
import { followPermalink } from './permalink.js';
import { peopleAfterSnapshot, startPeople } from './people.js';
import { authState, me } from './session.js';
import { clearThreadList } from './threadList.js';
import { applyThreadSnapshot, applyThreadState, clearThreads, forgetThreadsOf } from './threads.js';
import { allTimelines, dropAllTimelines, dropTimeline } from './timeline.js';
import { watchTitle } from './title.js';
import { clearTyping, someoneTyping } from './typing.js';
import { closeDialog, showNotice } from './ui.js';
import { clearUploads, discardUploadsOf, maxUploadBytes } from './uploads.js';
import { applyWorkspace, clearWorkspace } from './workspace.js';

let stopSession: (() => void) | null = null;

/**
 * For browser tests only (test/browser/changes.test.ts): a test sets `window.__flackTest = { dropChanges: 1 }` to
 * make this client ignore its next live `changes` event, as if the network had lost it, and reads `connects` to
 * check a gap was repaired without a reconnect. Absent in normal use; nothing else reads it.
 */
interface TestHook {
  dropChanges?: number;
  connects?: number;
}
const testHook = () => (window as { __flackTest?: TestHook }).__flackTest;

export function startSession(user: User): void {
  stopSession?.();
  me.value = user;
  authState.value = 'signed-in';
  loadOutbox(user.id);
  void loadMarkupExtras();
  const socket = openSocket();
  let everOnline = false;
  const lost = () => {
    connection.value = !navigator.onLine ? 'offline' : everOnline ? 'reconnecting' : 'connecting';
  };

  // Live changes are held for a moment (changes.ts); anything else the server says comes after them.
  const inOrder =
    <A extends unknown[]>(handle: (...args: A) => void) =>
    (...args: A) => {
      flushLive();
      handle(...args);
    };

  socket.on('connect', async () => {
    flushLive();
    const hook = testHook();
    if (hook) hook.connects = (hook.connects ?? 0) + 1;
    try {
      const snapshot = await rpc('state', {});
      if (snapshot.protocolVersion !== PROTOCOL_VERSION) return refuse();
      applySnapshot(snapshot);
      loadDrafts(snapshot.drafts);
      // `state` made the server watch the snapshot's people for us; the screen may show more (an open dialog).
      peopleAfterSnapshot(snapshot.users.map((u) => u.id));
      applyBlocks(snapshot.blockedUserIds);
      applyNotifyDefaults(snapshot.notifyDefaults);
      applyWorkspace(snapshot.workspace);
      maxUploadBytes.value = snapshot.maxUploadBytes;
      applyThreadSnapshot(snapshot.threads);
      forgetInvisible();
      mentionsCounted(snapshot.conversations.map((c) => c.id));
      if (everOnline) await catchUp();
      connection.value = 'online';
      if (!everOnline || currentId.value === null) land(currentId.value ?? snapshot.lastConversationId);
      if (!everOnline) followPermalink();
      everOnline = true;
      void flushOutbox();
      void loadCustomCommands().catch(() => undefined); // without them, the built-in commands still work
    } catch (e) {
      // Without a snapshot nothing can be shown correctly: start over, after a pause so a sick server is not hammered.
      console.error('flack: could not load state', e);
      socket.disconnect();
      setTimeout(() => socket.connect(), 2000);
    }
  });

  socket.on('disconnect', async (reason) => {
    flushLive();
    lost();
    // The server closed us on purpose: the session ended (signed out elsewhere, the account deactivated), or our
    // role changed and the next connect brings a snapshot with the new rights.
    if (reason === 'io server disconnect') {
      await accountChange; // our own password change or deletion closed it: let that finish first
      if (!me.value) return; // the session already ended here
      const still = await currentUser().catch(() => user);
      if (!me.value) return; // ended meanwhile (our own deactivation said so)
      if (still) socket.connect();
      else endSession('Your session has ended. Please sign in again.');
    }
  });

  // This page's code is older (or newer) than the server's: stop for good, the banner offers a reload.
  const refuse = () => {
    outdated.value = true;
    socket.disconnect();
    lost();
  };

  socket.on('connect_error', (err) => {
    if (err.message === 'unauthorized') endSession('Your session has ended. Please sign in again.');
    else if (err.message === 'protocol_mismatch') refuse();
    else lost();
  });

  socket.on('changes', (batch) => {
    const hook = testHook();
    if (hook?.dropChanges) {
      hook.dropChanges--;
      return;
    }
    receiveLive(batch);
  });
  socket.on('conversation', inOrder(upsertConversation));
  socket.on(
    'membership',
    inOrder((change) => {
      applyMembership(change);
      mentionsCounted([change.conversationId]);
    }),
  );
  socket.on('thread', inOrder(applyThreadState));
  socket.on('conversation:removed', ({ conversationId, reason }) => {
    flushLive();
    const c = conversations.value.get(conversationId);
    const text = c && conversationId === currentId.value ? removalNotice(c, reason) : null;
    if (text) showNotice(text);
    forget(conversationId);
  });
  socket.on('blocks', ({ blockedUserIds }) => applyBlocks(blockedUserIds));
  socket.on('presence', (changes) => changes.forEach(({ userId, online }) => setPresence(userId, online)));
  socket.on('typing', ({ conversationId, userId, username }) => {
    if (userId !== me.value?.id) someoneTyping(conversationId, userId, username);
  });
  socket.on('user', (u) => {
    flushLive();
    upsertUser(u);
    if (u.id !== me.value?.id) return;
    // Our own role changed (the reconnect that follows brings its snapshot), or an admin deactivated us: every
    // session of ours is gone already, so say why at once rather than after the socket notices.
    if (u.deactivated) endSession('Your account was deactivated. Ask an admin if you think this is a mistake.');
    else me.value = u;
  });
  socket.on('workspace', applyWorkspace);
  socket.on('preferences', applyPreferences);
  socket.on('notifyDefaults', applyNotifyDefaults);
  socket.on('draft', applyRemoteDraft);

  // The browser knows about a lost network long before a ping timeout would: reconnect on its word.
  const onOffline = () => {
    socket.io.engine?.close();
    lost();
  };
  const onOnline = () => {
    if (!socket.connected && !outdated.value) socket.disconnect().connect();
  };
  window.addEventListener('offline', onOffline);
  window.addEventListener('online', onOnline);
  // A message link opened while the app runs; before the first snapshot, the connect handler follows it.
  const onHash = () => everOnline && followPermalink();
  window.addEventListener('hashchange', onHash);

  // Leaving (or being removed from) the open conversation takes you somewhere you can still read.
  const stopWatch = effect(() => {
    const id = currentId.value;
    if (id === null || !everOnline) return;
    if (!conversations.value.get(id)?.isMember) openConversation(fallbackConversation());
  });

  const stopTitle = watchTitle();
  const stopTabs = watchTabs();
  const stopPeople = startPeople();
  socket.connect();

  stopSession = () => {
    window.removeEventListener('offline', onOffline);
    window.removeEventListener('online', onOnline);
    window.removeEventListener('hashchange', onHash);
    stopWatch();
    stopTitle();
    stopTabs();
    stopPeople();
    stopCatchUp();
    closeSocket();
    stopSession = null;
  };
}

function forget(conversationId: number): void {
  removeConversation(conversationId);
  dropTimeline(conversationId);
  forgetThreadsOf(conversationId);
  if (openThread.value?.conversationId === conversationId) openThread.value = null;
  discardConversation(conversationId);
  discardUploadsOf(conversationId);
}

/** After a snapshot: drop timelines of conversations we can no longer see. */
function forgetInvisible(): void {
  for (const t of allTimelines()) {
    if (!conversations.value.get(t.conversationId)?.isMember) forget(t.conversationId);
  }
}

export function endSession(message?: string): void {
  stopSession?.();
  clearDirectory();
  dropAllTimelines();
  unloadOutbox();
  clearTyping();
  clearMentions();
  clearThreads();
  clearDrafts();
  clearCommandErrors();
  clearAlsoToChannel();
  clearCustomCommands();
  clearUploads();
  clearNotified();
  clearThreadList();
  clearBlocks();
  clearWorkspace();
  closeDialog();
  currentId.value = null;
  openThread.value = null;
  threadsView.value = false;
  me.value = null;
  authState.value = 'signed-out';
  if (message) showNotice(message);
}

export async function signOutEverywhere(): Promise<void> {
  await signOut().catch(() => undefined);
  endSession();
}

/**
 * A password change or deletion from this tab, in flight. The server closes every socket of the user when it
 * happens, possibly before our HTTP reply (with the new cookie) arrives: the socket waits for it before deciding.
 */
let accountChange: Promise<unknown> = Promise.resolve();

export function changePasswordHere(currentPassword: string, newPassword: string): Promise<unknown> {
  const change = changePassword(currentPassword, newPassword);
  accountChange = change.catch(() => undefined);
  return change;
}

export function deleteAccountAndLeave(username: string, password: string): Promise<void> {
  const deletion = deleteAccount(password).then(() => endSession(`The account ${username} was deleted.`));
  accountChange = deletion.catch(() => undefined);
  return deletion;
}
