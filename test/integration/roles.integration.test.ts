// Every role against every action that depends on it, over real sockets, on both stores: the table below is the
// rule book (src/shared/roles.ts) written out, so loosening a rule fails a row.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiError, AuthReply, ConversationView, Invite, Role } from '../../src/shared/protocol.js';
import {
  call,
  collect,
  connect,
  nextEvent,
  PASSWORD,
  postJson,
  request,
  startTestServer,
  uniqueName,
  type ClientSocket,
  type TestServer,
} from '../helpers/flack.js';

interface Actor {
  auth: AuthReply;
  socket: ClientSocket;
}

let server: TestServer;
let owner: Actor;
const actors = {} as Record<Role, Actor>;
let clients: ConversationView; // a public channel everyone (the guest too) is in

async function signUpWith(invite: Invite | undefined, username = uniqueName()): Promise<Actor> {
  const result = await postJson<AuthReply>(server.url, '/api/auth/signup', { username, password: PASSWORD, ...(invite && { invite: invite.token }) });
  if (result.status !== 201) throw new Error(`sign-up failed: ${result.status} ${JSON.stringify(result.body)}`);
  return { auth: result.body, socket: await connect(server, result.body.token) };
}

const newInvite = async (role: 'member' | 'guest', channelIds: number[] = [clients.id]) =>
  (await call(owner.socket, 'admin:invite', { role, channelIds, hours: 1, maxUses: 20 })).invite;

/** A fresh member (for actions that change or remove someone). */
const freshMember = async () => signUpWith(await newInvite('member'));

beforeAll(async () => {
  server = await startTestServer({ signUpMode: undefined });
  owner = await signUpWith(undefined);
  clients = (await call(owner.socket, 'channel:create', { name: uniqueName('clients'), visibility: 'public' })).conversation;
  const admin = await signUpWith(await newInvite('member'));
  await call(owner.socket, 'admin:role', { userId: admin.auth.user.id, role: 'admin' });
  admin.socket.close(); // its sockets were closed by the role change: connect again with the new rights
  actors.owner = owner;
  actors.admin = { auth: admin.auth, socket: await connect(server, admin.auth.token) };
  actors.member = await freshMember();
  actors.guest = await signUpWith(await newInvite('guest'));
});
afterAll(async () => {
  for (const actor of Object.values(actors)) actor.socket.close();
  await server.close();
});

type Outcome = 'ok' | ApiError['code'];
const outcome = async (reply: Promise<{ ok: boolean; error?: ApiError }>): Promise<Outcome> => {
  const result = await reply;
  return result.ok ? 'ok' : result.error!.code;
};

/** Each action as `actor` would do it, on things made fresh for it where the action changes or removes them. */
const ACTIONS: Record<string, (actor: Actor) => Promise<Outcome>> = {
  'list everyone (admin:users)': (a) => outcome(request(a.socket, 'admin:users', {})),
  'list invites': (a) => outcome(request(a.socket, 'admin:invites', {})),
  'read the audit log': (a) => outcome(request(a.socket, 'admin:audit', {})),
  "read the server's live numbers": (a) => outcome(request(a.socket, 'admin:stats', {})),
  'make a password reset link': async (a) => outcome(request(a.socket, 'admin:reset', { userId: (await freshMember()).auth.user.id })),
  'create an invite': (a) => outcome(request(a.socket, 'admin:invite', { role: 'member', hours: 1, maxUses: 1 })),
  'revoke an invite': async (a) => outcome(request(a.socket, 'admin:revoke', { inviteId: (await newInvite('member')).id })),
  'rename the workspace': async (a) => {
    const { workspace } = await call(owner.socket, 'state', {});
    return outcome(request(a.socket, 'admin:settings', { version: workspace.version, name: uniqueName('Acme') }));
  },
  'make a member a guest': async (a) => outcome(request(a.socket, 'admin:role', { userId: (await freshMember()).auth.user.id, role: 'guest' })),
  'deactivate a member': async (a) => outcome(request(a.socket, 'admin:deactivate', { userId: (await freshMember()).auth.user.id, deactivated: true })),
  'browse channels': (a) => outcome(request(a.socket, 'channels:browse', {})),
  'create a channel': (a) => outcome(request(a.socket, 'channel:create', { name: uniqueName('new'), visibility: 'public' })),
  'read a public channel it is not in': async (a) => {
    const { conversation } = await call(owner.socket, 'channel:create', { name: uniqueName('open'), visibility: 'public' });
    return outcome(request(a.socket, 'history', { conversationId: conversation.id }));
  },
  'add someone to its channel': async (a) => {
    const someone = await freshMember();
    await call(someone.socket, 'channel:leave', { conversationId: clients.id });
    return outcome(request(a.socket, 'channel:invite', { conversationId: clients.id, username: someone.auth.user.username }));
  },
  'open a DM with someone outside its channels': async (a) => {
    const stranger = await signUpWith(await newInvite('member', []));
    await call(stranger.socket, 'channel:leave', { conversationId: 1 }); // #general: the stranger shares nothing with a guest
    return outcome(request(a.socket, 'dm:open', { userIds: [stranger.auth.user.id] }));
  },
  'open a DM with someone in its channel': (a) => outcome(request(a.socket, 'dm:open', { userIds: [actors.member.auth.user.id === a.auth.user.id ? owner.auth.user.id : actors.member.auth.user.id] })),
  "delete someone else's message": async (a) => {
    const writer = await freshMember();
    const { message } = await call(writer.socket, 'message:send', { conversationId: clients.id, clientId: uniqueName('m'), body: 'mine' });
    return outcome(request(a.socket, 'message:delete', { messageId: message.id }));
  },
  "rename someone else's channel": async (a) => {
    const { conversation } = await call(owner.socket, 'channel:create', { name: uniqueName('theirs'), visibility: 'public' });
    await call(a.socket, 'channel:join', { conversationId: conversation.id }).catch(() => undefined);
    return outcome(request(a.socket, 'channel:update', { conversationId: conversation.id, name: uniqueName('renamed') }));
  },
  "archive someone else's channel": async (a) => {
    const { conversation } = await call(owner.socket, 'channel:create', { name: uniqueName('old'), visibility: 'public' });
    return outcome(request(a.socket, 'channel:archive', { conversationId: conversation.id, archived: true }));
  },
  'make a channel announcement-only': async (a) => {
    const { conversation } = await call(owner.socket, 'channel:create', { name: uniqueName('news'), visibility: 'public' });
    await call(a.socket, 'channel:join', { conversationId: conversation.id }).catch(() => undefined);
    return outcome(request(a.socket, 'channel:update', { conversationId: conversation.id, announcement: true }));
  },
  'start a thread in an announcement channel': async (a) => {
    const { conversation } = await call(owner.socket, 'channel:create', { name: uniqueName('news'), visibility: 'public' });
    await call(owner.socket, 'channel:update', { conversationId: conversation.id, announcement: true });
    await call(a.socket, 'channel:join', { conversationId: conversation.id }).catch(() => undefined);
    return outcome(request(a.socket, 'message:send', { conversationId: conversation.id, clientId: uniqueName('n'), body: 'hear ye' }));
  },
  "delete someone else's channel": async (a) => {
    const { conversation } = await call(owner.socket, 'channel:create', { name: uniqueName('doomed'), visibility: 'public' });
    return outcome(request(a.socket, 'channel:delete', { conversationId: conversation.id }));
  },
};

// owner, admin, member, guest
const RULES: Record<keyof typeof ACTIONS, [Outcome, Outcome, Outcome, Outcome]> = {
  'list everyone (admin:users)': ['ok', 'ok', 'forbidden', 'forbidden'],
  'list invites': ['ok', 'ok', 'forbidden', 'forbidden'],
  'read the audit log': ['ok', 'ok', 'forbidden', 'forbidden'],
  "read the server's live numbers": ['ok', 'ok', 'forbidden', 'forbidden'],
  'make a password reset link': ['ok', 'ok', 'forbidden', 'forbidden'],
  'create an invite': ['ok', 'ok', 'forbidden', 'forbidden'],
  'revoke an invite': ['ok', 'ok', 'forbidden', 'forbidden'],
  'rename the workspace': ['ok', 'ok', 'forbidden', 'forbidden'],
  'make a member a guest': ['ok', 'ok', 'forbidden', 'forbidden'],
  'deactivate a member': ['ok', 'ok', 'forbidden', 'forbidden'],
  'browse channels': ['ok', 'ok', 'ok', 'forbidden'],
  'create a channel': ['ok', 'ok', 'ok', 'forbidden'],
  'read a public channel it is not in': ['ok', 'ok', 'ok', 'not_found'],
  'add someone to its channel': ['ok', 'ok', 'ok', 'forbidden'],
  'open a DM with someone outside its channels': ['ok', 'ok', 'ok', 'forbidden'],
  'open a DM with someone in its channel': ['ok', 'ok', 'ok', 'ok'],
  "delete someone else's message": ['ok', 'ok', 'forbidden', 'forbidden'],
  "rename someone else's channel": ['ok', 'ok', 'forbidden', 'not_found'],
  "archive someone else's channel": ['ok', 'ok', 'forbidden', 'not_found'],
  'make a channel announcement-only': ['ok', 'ok', 'forbidden', 'not_found'],
  'start a thread in an announcement channel': ['ok', 'ok', 'forbidden', 'not_found'],
  "delete someone else's channel": ['ok', 'ok', 'forbidden', 'not_found'],
};

const ROLE_ORDER: Role[] = ['owner', 'admin', 'member', 'guest'];

describe('what each role may do', () => {
  it('every role gets exactly the outcome the rules give it, for every action', async () => {
    const seen: Record<string, Outcome[]> = {};
    for (const [action, run] of Object.entries(ACTIONS)) {
      seen[action] = [];
      for (const role of ROLE_ORDER) seen[action].push(await run(actors[role]));
    }
    expect(seen).toEqual(RULES);
  });

  it('a guest sees only its channels: none in the snapshot but its invite’s, no public channel events', async () => {
    const state = await call(actors.guest.socket, 'state', {});
    expect(state.me.role).toBe('guest');
    expect(state.conversations.filter((c) => c.kind !== 'dm').map((c) => c.id)).toEqual([clients.id]);
    const sync = await call(actors.guest.socket, 'sync', { positions: [{ conversationId: 1, clock: 0 }] });
    expect(sync).toEqual({ changes: [], reset: [1] });
    // A public channel's news reaches its guests too (they are not among those who browse), once each.
    const guestHears = collect(actors.guest.socket, 'conversation');
    const memberHears = collect(actors.member.socket, 'conversation');
    const topic = uniqueName('topic');
    const renamed = nextEvent(actors.guest.socket, 'conversation', (c) => c.id === clients.id && c.topic === topic);
    await call(owner.socket, 'channel:update', { conversationId: clients.id, topic });
    await renamed;
    const fromMember = nextEvent(actors.member.socket, 'conversation', (c) => c.id === clients.id && c.topic === `${topic}!`);
    await call(owner.socket, 'channel:update', { conversationId: clients.id, topic: `${topic}!` });
    await fromMember; // a later change: the first one's copies have all arrived by now
    expect(guestHears.seen.filter((c) => c.topic === topic)).toHaveLength(1);
    expect(memberHears.seen.filter((c) => c.topic === topic)).toHaveLength(1);
  });

  it('every refused admin action is in the audit log, with who tried and why', async () => {
    const entries = [];
    for (let before: number | undefined, page = 0; page < 20; page++) {
      const found = await call(owner.socket, 'admin:audit', before === undefined ? {} : { before });
      entries.push(...found.entries);
      if (found.next === null) break;
      before = found.next;
    }
    expect(entries.at(-1)).toMatchObject({ action: 'owner.first', actorId: owner.auth.user.id });
    const denied = entries.filter((e) => e.action === 'denied');
    expect(denied.some((e) => e.actorId === actors.member.auth.user.id && e.detail.action === 'admin:role' && e.detail.code === 'forbidden')).toBe(true);
    expect(denied.some((e) => e.actorId === actors.guest.auth.user.id && e.detail.action === 'admin:audit')).toBe(true);
  });
});
