// The boot snapshot's size as the workspace grows: one reader in 20 channels and 10 DMs, each with recent
// messages by other people, in workspaces of 100 and 10,000 people with 1,000 public channels. The goal is
// ≤ 20 KB whatever the workspace. People and channels are written straight into storage (sign-ups would spend
// minutes in scrypt); the reader signs in through a session written the same way.
// Run: npx tsx bench/snapshot-size.ts
import { hashToken, newSessionToken } from '../src/core/tokens.js';
import { call, connect, startTestServer, type TestServer } from '../test/helpers/flack.js';

const PUBLIC_CHANNELS = 1000;
const READER_CHANNELS = 20;
const READER_DMS = 10;
const MESSAGES_PER_CONVERSATION = 5;

async function seed(server: TestServer, people: number) {
  const { storage } = server;
  const at = Date.now();
  const ids: number[] = [];
  for (let i = 0; i < people; i++) ids.push((await storage.createUser({ username: `p${i}`, passwordHash: 'seeded', createdAt: at })).id);
  const reader = ids[0]!;
  const others = ids.slice(1);
  const pick = (n: number) => others[(n * 7919) % others.length]!;
  let n = 0;
  const post = async (conversationId: number) => {
    for (let m = 0; m < MESSAGES_PER_CONVERSATION; m++) {
      const authorId = pick(n++);
      await storage.joinConversation(conversationId, authorId, at, 'joined the channel');
      await storage.appendMessage({ conversationId, authorId, kind: 'user', body: `message ${n}`, clientId: `c${n}`, createdAt: at });
    }
  };
  for (let c = 0; c < PUBLIC_CHANNELS; c++) {
    const creator = c < READER_CHANNELS ? reader : pick(c);
    const channel = await storage.createConversation({
      kind: 'public', name: `channel-${c}`, topic: '', createdBy: creator, createdAt: at, dmKey: null, memberIds: [creator],
    });
    if (c < READER_CHANNELS) await post(channel.id);
  }
  for (let d = 0; d < READER_DMS; d++) {
    const memberIds = [reader, pick(10_000 + d)].sort((a, b) => a - b);
    const dm = await storage.createConversation({
      kind: 'dm', name: '', topic: '', createdBy: reader, createdAt: at, dmKey: memberIds.join(','), memberIds,
    });
    await post(dm.id);
  }
  return reader;
}

async function measure(people: number): Promise<number> {
  const server = await startTestServer();
  try {
    const reader = await seed(server, people);
    const token = newSessionToken();
    await server.storage.createSession({ tokenHash: hashToken(token), userId: reader, passwordHash: 'seeded', createdAt: Date.now() });
    const socket = await connect(server, token);
    const snapshot = await call(socket, 'state', {});
    socket.close();
    return Buffer.byteLength(JSON.stringify(snapshot));
  } finally {
    await server.close();
  }
}

for (const people of [100, 10_000]) {
  const bytes = await measure(people);
  console.log(`${people.toLocaleString('en')} people, ${PUBLIC_CHANNELS} public channels: snapshot ${(bytes / 1024).toFixed(1)} KB`);
}
