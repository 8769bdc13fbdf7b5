// An example Flack bot: signs in, joins a channel and answers messages. With a bot account's token (made in the admin
// console, Integrations; the bot is in the channels chosen there):
//   FLACK_URL=http://localhost:3000 BOT_TOKEN=flackbot_… BOT_CHANNEL=builds npx tsx examples/echo-bot.ts
// Or as an ordinary account (signing up on its first run, where sign-up is open):
//   FLACK_URL=http://localhost:3000 BOT_NAME=echobot BOT_PASSWORD='a long secret' BOT_CHANNEL=general npx tsx examples/echo-bot.ts
// In the channel: "!ping" → "pong", "!echo <text>" → "<text>", "@echobot …" → a friendly hello.
import { randomUUID } from 'node:crypto';
import { io, type Socket } from 'socket.io-client';
import { PROTOCOL_VERSION, type Ack, type AuthReply, type ClientToServerEvents, type Message, type ServerToClientEvents } from '../src/shared/protocol.js';

const url = process.env.FLACK_URL ?? 'http://localhost:3000';
const name = process.env.BOT_NAME ?? 'echobot';
const password = process.env.BOT_PASSWORD ?? 'echobot-password';
const channelName = process.env.BOT_CHANNEL ?? 'general';
const botToken = process.env.BOT_TOKEN;

async function post(path: string, body: unknown): Promise<{ status: number; json: unknown }> {
  const response = await fetch(url + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, json: await response.json().catch(() => null) };
}

/** Sign in, or sign up the first time. Returns the session token (sent as `auth.token` on the socket). */
async function login(): Promise<AuthReply> {
  if (botToken) {
    const me = await fetch(`${url}/api/auth/me`, { headers: { authorization: `Bearer ${botToken}` } });
    if (me.status !== 200) throw new Error(`the bot token was refused (${me.status}): make a new one in the admin console`);
    return { user: ((await me.json()) as { user: AuthReply['user'] }).user, token: botToken };
  }
  const signIn = await post('/api/auth/signin', { username: name, password });
  if (signIn.status === 200) return signIn.json as AuthReply;
  const signUp = await post('/api/auth/signup', { username: name, password });
  if (signUp.status === 201) return signUp.json as AuthReply;
  throw new Error(`cannot sign in as ${name}: ${JSON.stringify(signUp.json)}`);
}

async function ask<T>(socket: Socket<ServerToClientEvents, ClientToServerEvents>, event: string, payload: unknown): Promise<T> {
  const reply = (await (socket.timeout(10_000).emitWithAck as (...args: unknown[]) => Promise<Ack<T>>)(event, payload));
  if (!reply.ok) throw new Error(`${event}: ${reply.error.code} ${reply.error.message}`);
  return reply.data;
}

function answerTo(message: Message, me: string): string | null {
  const text = message.body.trim();
  if (text === '!ping') return 'pong';
  if (text.startsWith('!echo ')) return text.slice('!echo '.length);
  if (text.toLowerCase().includes(`@${me.toLowerCase()}`)) return `Hello ${message.authorName}! Try !ping or !echo <text>.`;
  return null;
}

const { user, token } = await login();
const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(url, {
  auth: { token, protocolVersion: PROTOCOL_VERSION },
  transports: ['websocket'],
});

/** The newest seq seen per conversation: a message with a higher seq is new; anything else is a change to one. */
const newestSeq = new Map<number, number>();

socket.on('connect', async () => {
  type Listed = { id: number; name: string; isMember: boolean; lastSeq: number };
  // The snapshot holds the conversations the bot is in; a public channel it is not in yet is found by browsing.
  const state = await ask<{ conversations: Listed[] }>(socket, 'state', {});
  for (const c of state.conversations) newestSeq.set(c.id, Math.max(newestSeq.get(c.id) ?? 0, c.lastSeq));
  const named = (c: Listed) => c.name.toLowerCase() === channelName.toLowerCase();
  // A bot account sees only the channels it was added to: it cannot browse for others.
  const channel =
    state.conversations.find(named) ??
    (user.bot ? undefined : (await ask<{ channels: Listed[] }>(socket, 'channels:browse', { query: channelName })).channels.find(named));
  if (!channel) throw new Error(user.bot ? `${user.username} is not in #${channelName}: add it to the channel first` : `no channel #${channelName}`);
  if (!channel.isMember) {
    newestSeq.set(channel.id, Math.max(newestSeq.get(channel.id) ?? 0, channel.lastSeq));
    await ask(socket, 'channel:join', { conversationId: channel.id });
  }
  console.log(`${user.username} is listening in #${channel.name}`);
});
socket.on('connect_error', (error) => console.error('connect error:', error.message));

// Every change to a conversation arrives as a batch of messages in their current state: new ones, and edited,
// deleted or reacted-to ones. This bot answers only new messages: those past the newest seq it has seen.
socket.on('changes', async (batch) => {
  const seen = newestSeq.get(batch.conversationId) ?? 0;
  const fresh = batch.messages.filter((m) => m.threadId === null && m.seq > seen); // replies count in their thread
  if (!fresh.length) return;
  newestSeq.set(batch.conversationId, Math.max(...fresh.map((m) => m.seq)));
  for (const message of fresh) await answer(message);
});

async function answer(message: Message): Promise<void> {
  if (message.authorId === user.id || message.kind !== 'user') return;
  const answer = answerTo(message, user.username);
  if (!answer) return;
  // The clientId makes the send idempotent: if the ack is lost and we retry, nothing is posted twice.
  await ask(socket, 'message:send', { conversationId: message.conversationId, clientId: randomUUID(), body: answer }).catch(
    (error: Error) => console.error(error.message),
  );
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => (socket.close(), process.exit(0)));
