// Imports a Flack export archive into a fresh install, keeping every id and seq so permalinks still work.
// Two passes over the archive: the first checks every line (its shape, and that it refers only to what came before
// it) and writes nothing; the second writes it all in one transaction. A failure anywhere leaves the install as it
// was, but for file bytes already placed, which have no row and go with the hourly sweep of orphaned files.
import { randomBytes } from 'node:crypto';
import type { WriteStream } from 'node:fs';
import { once } from 'node:events';
import type { Row, TableSink, TableWriter } from '../storage/table-rows.js';
import { ENTRY_ORDER, FILE_ENTRY, LINE_FILES, Manifest, type ChannelLine, type LineFile, type MessageLine, type UserLine } from './format.js';
import * as rows from './rows.js';
import { ArchiveError, checkValue, DEFAULT_LIMITS, parseLine, readArchive, type ArchiveLimits, type EntryReader } from './zip-reader.js';

/** Where the files' bytes go (DiskFileBytes has this shape). */
export interface FileBytesWriter {
  createTemp(): { path: string; stream: WriteStream };
  commit(id: string, tempPath: string, preview: Buffer | null): Promise<void>;
  remove(ids: string[]): Promise<void>;
}

export interface ImportOptions {
  dryRun?: boolean;
  limits?: ArchiveLimits;
  /** Told every `progressEvery` messages (and at each stage). */
  progress?: (line: string) => void;
  progressEvery?: number;
}

export type ImportCounts = Record<'users' | 'channels' | 'members' | 'messages' | 'follows' | 'blocks' | 'files', number>;

const NAMES: Record<LineFile, keyof ImportCounts> = {
  'users.jsonl': 'users',
  'channels.jsonl': 'channels',
  'members.jsonl': 'members',
  'messages.jsonl': 'messages',
  'follows.jsonl': 'follows',
  'blocks.jsonl': 'blocks',
  'files.jsonl': 'files',
};

export async function importWorkspace(archive: string, sink: TableSink, bytes: FileBytesWriter, options: ImportOptions = {}): Promise<ImportCounts> {
  const limits = options.limits ?? DEFAULT_LIMITS;
  if (!(await sink.isEmpty())) throw new ArchiveError('this install already has users or conversations: import only into a fresh install');
  const counts = await check(archive, limits, options);
  if (options.dryRun) return counts;
  await sink.load((writer) => write(archive, limits, writer, bytes, options));
  return counts;
}

const isLineFile = (name: string): name is LineFile => name in LINE_FILES;

/** The first pass: every line parsed and its references followed; throws the first problem, naming file and line. */
async function check(archive: string, limits: ArchiveLimits, options: ImportOptions): Promise<ImportCounts> {
  const counts: ImportCounts = { users: 0, channels: 0, members: 0, messages: 0, follows: 0, blocks: 0, files: 0 };
  let manifest: Manifest | null = null;
  let position = -1;
  const users = new Set<number>();
  const channels = new Set<number>();
  const messageConversation = new Map<number, number>();
  const filesCarried = new Map<string, number>(); // file id → message id, from messages.jsonl
  const fileRows = new Map<string, boolean>(); // file id → has a preview
  const seen = new Set<string>();

  const need = (ok: boolean, where: string, what: string) => {
    if (!ok) throw new ArchiveError(`${where}: ${what}`);
  };
  const lineChecks: { [K in LineFile]: (line: never, where: string) => void } = {
    'users.jsonl': (u: UserLine, where) => {
      need(!users.has(u.id), where, `user ${u.id} appears twice`);
      users.add(u.id);
    },
    'channels.jsonl': (c: ChannelLine, where) => {
      need(!channels.has(c.id), where, `conversation ${c.id} appears twice`);
      channels.add(c.id);
    },
    'members.jsonl': (m: { conversationId: number; userId: number }, where) => {
      need(channels.has(m.conversationId), where, `no conversation ${m.conversationId}`);
      need(users.has(m.userId), where, `no user ${m.userId}`);
    },
    'messages.jsonl': (m: MessageLine, where) => {
      need(!messageConversation.has(m.id), where, `message ${m.id} appears twice`);
      need(channels.has(m.conversationId), where, `no conversation ${m.conversationId}`);
      need(users.has(m.authorId), where, `no user ${m.authorId}`);
      if (m.threadId !== null) need(messageConversation.get(m.threadId) === m.conversationId, where, `no root ${m.threadId} before it in its conversation`);
      for (const r of m.reactions) need(users.has(r.userId), where, `no user ${r.userId}`);
      if (m.fromThread) {
        need(messageConversation.get(m.fromThread.replyId) === m.conversationId, where, `no reply ${m.fromThread.replyId} before it in its conversation`);
      } else for (const f of m.files) filesCarried.set(f.id, m.id); // a copy shows its reply's files
      messageConversation.set(m.id, m.conversationId);
      if (++counts.messages % (options.progressEvery ?? 10_000) === 0) options.progress?.(`checked ${counts.messages} messages`);
    },
    'follows.jsonl': (f: { userId: number; rootId: number }, where) => {
      need(users.has(f.userId), where, `no user ${f.userId}`);
      need(messageConversation.has(f.rootId), where, `no message ${f.rootId}`);
    },
    'blocks.jsonl': (b: { userId: number; blockedId: number }, where) => {
      need(users.has(b.userId) && users.has(b.blockedId), where, 'no such user');
    },
    'files.jsonl': (f: { id: string; userId: number; messageId: number | null; preview: boolean }, where) => {
      need(!fileRows.has(f.id), where, `file ${f.id} appears twice`);
      need(users.has(f.userId), where, `no user ${f.userId}`);
      if (f.messageId !== null) need(filesCarried.get(f.id) === f.messageId, where, `message ${f.messageId} does not carry file ${f.id}`);
      fileRows.set(f.id, f.preview);
    },
  };

  await readArchive(archive, limits, (name): EntryReader => {
    need(!seen.has(name), name, 'appears twice in the archive');
    seen.add(name);
    const order = ENTRY_ORDER.indexOf(name);
    if (order >= 0) {
      need(order > position, name, `out of order: the archive's entries come as ${ENTRY_ORDER.join(', ')}, then files/`);
      for (const missing of ENTRY_ORDER.slice(position + 1, order)) need(false, archive, `missing ${missing}`);
      position = order;
    }
    if (name === 'manifest.json') return { kind: 'json', onJson: (value) => void (manifest = checkValue('manifest.json', value, Manifest)) };
    if (isLineFile(name)) {
      const schema = LINE_FILES[name];
      return {
        kind: 'lines',
        onLine: (line, n) => {
          const value = parseLine(name, n, line, schema as never);
          (lineChecks[name] as (v: unknown, where: string) => void)(value, `${name} line ${n}`);
          if (name !== 'messages.jsonl') counts[NAMES[name]]++;
        },
      };
    }
    const file = FILE_ENTRY.exec(name);
    need(file !== null, name, 'not part of a Flack export (unknown entry)');
    need(position === ENTRY_ORDER.length - 1, name, 'file bytes come after files.jsonl');
    need(fileRows.has(file![1]!) && (!file![2] || fileRows.get(file![1]!) === true), name, 'no such file in files.jsonl');
    return { kind: 'bytes', onChunk: () => {}, onEnd: () => {} };
  });
  for (const missing of ENTRY_ORDER.slice(position + 1)) need(false, archive, `missing ${missing}`);
  for (const [id, messageId] of filesCarried) need(fileRows.has(id), 'files.jsonl', `no line for file ${id} of message ${messageId}`);
  const m = manifest as Manifest | null;
  for (const [kind, n] of Object.entries(counts)) {
    need(m!.counts[kind] === undefined || m!.counts[kind] === n, 'manifest.json', `counts.${kind} is ${m!.counts[kind]} but the archive has ${n}`);
  }
  return counts;
}

const MESSAGE_BATCH = 500;

/** The second pass, inside the sink's transaction: the archive was checked, so only the store can still refuse. */
async function write(archive: string, limits: ArchiveLimits, writer: TableWriter, bytes: FileBytesWriter, options: ImportOptions): Promise<void> {
  let manifest: Manifest | null = null;
  const bots: Row[] = [];
  const lastConversations: { id: number; conversation: number }[] = [];
  const channels = new Set<number>();
  const skeletons = new Set<string>();
  let batch: MessageLine[] = [];
  let written = 0;
  const flushMessages = async () => {
    const all = batch.map(rows.messageRows);
    // Messages first, then what refers to them (the versions, reactions and mentions): one table at a time.
    for (const table of ['messages', 'message_versions', 'reactions', 'mentions']) {
      for (const parts of all) for (const part of parts) if (part.table === table) await writer.insert(table, part.row);
    }
    written += batch.length;
    batch = [];
  };
  const unusableToken = () => `imported:${randomBytes(16).toString('hex')}`; // never the SHA-256 of any token

  const onLine: { [K in LineFile]: (value: never) => Promise<void> } = {
    'users.jsonl': async (u: UserLine) => {
      await writer.insert('users', rows.userRow(u));
      const bot = rows.botRow(u, unusableToken());
      if (bot) bots.push(bot);
      if (u.lastConversationId !== null) lastConversations.push({ id: u.id, conversation: u.lastConversationId });
    },
    'channels.jsonl': async (c: ChannelLine) => {
      channels.add(c.id);
      await writer.insert('conversations', rows.channelRow(c, skeletons));
    },
    'members.jsonl': async (m: never) => writer.insert('members', rows.memberRow(m)),
    'messages.jsonl': async (m: MessageLine) => {
      batch.push(m);
      if (batch.length >= MESSAGE_BATCH) await flushMessages();
      if ((written + batch.length) % (options.progressEvery ?? 10_000) === 0) options.progress?.(`imported ${written + batch.length} messages`);
    },
    'follows.jsonl': async (f: never) => writer.insert('thread_reads', rows.followRow(f)),
    'blocks.jsonl': async (b: never) => writer.insert('blocks', rows.blockRow(b)),
    'files.jsonl': async (f: never) => writer.insert('files', rows.fileRow(f)),
  };
  // Each stage's end: what could only be written once the previous kind was all there.
  const onEnd: Partial<Record<LineFile, () => Promise<void>>> = {
    'channels.jsonl': async () => {
      for (const bot of bots) await writer.insert('bots', { ...bot, channel_id: channels.has(Number(bot.channel_id)) ? bot.channel_id : null });
      // A last conversation that no longer exists (SQLite does not enforce the reference) is dropped.
      for (const u of lastConversations) if (channels.has(u.conversation)) await writer.update('users', { id: u.id }, { last_conversation_id: u.conversation });
    },
    'messages.jsonl': flushMessages,
  };

  let preview: Buffer | null = null;
  await readArchive(archive, limits, (name): EntryReader => {
    if (name === 'manifest.json') return { kind: 'json', onJson: (value) => void (manifest = Manifest.parse(value)) };
    if (isLineFile(name)) {
      const schema = LINE_FILES[name];
      return {
        kind: 'lines',
        onLine: (line, n) => (onLine[name] as (v: unknown) => Promise<void>)(parseLine(name, n, line, schema as never)),
        onEnd: async () => {
          options.progress?.(`wrote ${name}`);
          await onEnd[name]?.();
        },
      };
    }
    const [, id, isPreview] = FILE_ENTRY.exec(name)!;
    if (isPreview) {
      const parts: Uint8Array[] = [];
      return { kind: 'bytes', onChunk: (c) => void parts.push(c), onEnd: () => void (preview = Buffer.concat(parts)) };
    }
    const temp = bytes.createTemp();
    return {
      kind: 'bytes',
      onChunk: async (chunk) => {
        if (!temp.stream.write(chunk)) await once(temp.stream, 'drain');
      },
      onEnd: async () => {
        temp.stream.end();
        await once(temp.stream, 'close');
        await bytes.remove([id!]); // a failed earlier run may have left them
        await bytes.commit(id!, temp.path, preview);
        preview = null;
      },
    };
  });
  const w = (manifest as Manifest | null)!.workspace;
  await writer.update(
    'workspace',
    { id: 1 },
    { name: w.name, icon: w.icon, signup_mode: w.signUpMode, retention_days: w.retentionDays, max_upload_mb: w.uploadLimitMb },
  );
}
