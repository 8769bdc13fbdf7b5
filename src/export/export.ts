// Writes the whole workspace into a Flack export archive (docs/EXPORT-IMPORT.md), page by page: nothing but one page
// of rows and one file's chunk is in memory at a time. Passwords, sessions, tokens, drafts, invites and the audit
// log are not carried.
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { Zip, ZipDeflate, ZipPassThrough } from 'fflate';
import type { Row, TableSource } from '../storage/table-rows.js';
import { FORMAT, FORMAT_VERSION, type Manifest } from './format.js';
import * as rows from './rows.js';

/** Where the files' bytes are (DiskFileBytes has this shape). */
export interface FileBytesReader {
  read(id: string, variant: 'file' | 'preview'): Promise<{ stream: AsyncIterable<Uint8Array> } | null>;
}

const PAGE = 1000;

export async function exportWorkspace(source: TableSource, bytes: FileBytesReader, outPath: string, now = Date.now()): Promise<Manifest['counts']> {
  const out = createWriteStream(outPath, { flags: 'wx' });
  let failure: Error | null = null;
  const done = new Promise<void>((resolve, reject) => {
    out.on('finish', resolve);
    out.on('error', reject);
  });
  const zip = new Zip((error, chunk, final) => {
    if (error) failure ??= error;
    else out.write(chunk);
    if (final) out.end();
  });
  const drain = async () => {
    if (failure) throw failure;
    if (out.writableNeedDrain) await once(out, 'drain');
  };

  const text = async (name: string, lines: AsyncIterable<unknown>): Promise<number> => {
    const entry = new ZipDeflate(name, { level: 6 });
    zip.add(entry);
    const encoder = new TextEncoder();
    let n = 0;
    for await (const line of lines) {
      entry.push(encoder.encode(`${JSON.stringify(line)}\n`));
      n++;
      if (n % PAGE === 0) await drain();
    }
    entry.push(new Uint8Array(0), true);
    await drain();
    return n;
  };

  const counts: Manifest['counts'] = {};
  for (const [table, name] of [['users', 'users'], ['conversations', 'channels'], ['members', 'members'], ['messages', 'messages'], ['thread_reads', 'follows'], ['blocks', 'blocks'], ['files', 'files']] as const) {
    counts[name] = await source.count(table);
  }
  const [workspace] = await source.page('workspace', rows.COLUMNS.workspace, ['id'], null, 1);
  const manifest: Manifest = {
    format: FORMAT,
    version: FORMAT_VERSION,
    exportedAt: now,
    workspace: {
      name: String(workspace!.name),
      icon: String(workspace!.icon),
      signUpMode: workspace!.signup_mode as Manifest['workspace']['signUpMode'],
      retentionDays: workspace!.retention_days === null ? null : Number(workspace!.retention_days),
      uploadLimitMb: workspace!.max_upload_mb === null ? null : Number(workspace!.max_upload_mb),
    },
    counts,
  };
  const manifestEntry = new ZipDeflate('manifest.json');
  zip.add(manifestEntry);
  manifestEntry.push(new TextEncoder().encode(`${JSON.stringify(manifest, null, 2)}\n`), true);

  const bots = new Map((await all(source, 'bots', rows.COLUMNS.bots, ['user_id'])).map((b) => [Number(b.user_id), b]));
  await text('users.jsonl', map(pages(source, 'users', rows.COLUMNS.users, ['id']), (r) => rows.userLine(r, bots.get(Number(r.id)))));
  await text('channels.jsonl', map(pages(source, 'conversations', rows.COLUMNS.conversations, ['id']), rows.channelLine));
  await text('members.jsonl', map(pages(source, 'members', rows.COLUMNS.members, ['conversation_id', 'user_id']), rows.memberLine));
  await text('messages.jsonl', messageLines(source));
  await text('follows.jsonl', map(pages(source, 'thread_reads', rows.COLUMNS.thread_reads, ['user_id', 'root_id']), rows.followLine));
  await text('blocks.jsonl', map(pages(source, 'blocks', rows.COLUMNS.blocks, ['user_id', 'blocked_id']), rows.blockLine));

  // files.jsonl first, then each file's preview (if any) before its bytes, so an import can place both at once.
  const previews = new Set<string>();
  const fileLines = async function* () {
    for await (const r of pages(source, 'files', rows.COLUMNS.files, ['id'])) {
      const hasPreview = (await bytes.read(String(r.id), 'preview')) !== null;
      if (hasPreview) previews.add(String(r.id));
      yield rows.fileLine(r, hasPreview);
    }
  };
  await text('files.jsonl', fileLines());
  for await (const r of pages(source, 'files', ['id'], ['id'])) {
    const id = String(r.id);
    for (const variant of previews.has(id) ? (['preview', 'file'] as const) : (['file'] as const)) {
      const found = await bytes.read(id, variant);
      if (!found) continue; // bytes lost on disk: the row still goes, as the store still has it
      const entry = new ZipPassThrough(variant === 'file' ? `files/${id}` : `files/${id}.preview`);
      zip.add(entry);
      for await (const chunk of found.stream) {
        entry.push(chunk);
        await drain();
      }
      entry.push(new Uint8Array(0), true);
    }
  }
  zip.end();
  await done;
  if (failure) throw failure;
  return counts;
}

async function* messageLines(source: TableSource) {
  for await (const page of pageBatches(source, 'messages', rows.COLUMNS.messages, ['id'])) {
    const from = Number(page[0]!.id);
    const to = Number(page.at(-1)!.id);
    const byMessage = async (table: string, columns: readonly string[], order: string[]) => {
      const grouped = new Map<number, Row[]>();
      for (const row of await source.range(table, columns, 'message_id', from, to, order)) {
        const id = Number(row.message_id);
        grouped.set(id, [...(grouped.get(id) ?? []), row]);
      }
      return grouped;
    };
    const versions = await byMessage('message_versions', rows.COLUMNS.message_versions, ['message_id', 'replaced_at']);
    const reactions = await byMessage('reactions', rows.COLUMNS.reactions, ['message_id', 'created_at', 'emoji', 'user_id']);
    const mentions = await byMessage('mentions', rows.COLUMNS.mentions, ['message_id', 'user_id']);
    for (const r of page) {
      const id = Number(r.id);
      yield rows.messageLine(r, { versions: versions.get(id) ?? [], reactions: reactions.get(id) ?? [], mentions: mentions.get(id) ?? [] });
    }
  }
}

async function* pageBatches(source: TableSource, table: string, columns: readonly string[], key: readonly string[]) {
  let after: unknown[] | null = null;
  for (;;) {
    const page = await source.page(table, columns, key, after, PAGE);
    if (page.length) yield page;
    if (page.length < PAGE) return;
    after = key.map((k) => page.at(-1)![k]);
  }
}

async function* pages(source: TableSource, table: string, columns: readonly string[], key: readonly string[]) {
  for await (const page of pageBatches(source, table, columns, key)) yield* page;
}

async function* map<T, U>(items: AsyncIterable<T>, f: (item: T) => U) {
  for await (const item of items) yield f(item);
}

async function all(source: TableSource, table: string, columns: readonly string[], key: readonly string[]): Promise<Row[]> {
  const out: Row[] = [];
  for await (const row of pages(source, table, columns, key)) out.push(row);
  return out;
}
