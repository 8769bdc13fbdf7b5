// Reads a zip archive from disk as a stream of entries, refusing what an archive from someone else may hide: paths
// that climb out (`../`, absolute, drive letters, backslashes) and entries that inflate past a cap (a zip bomb).
// Sizes are checked twice: the size an entry declares, before inflating it, and the bytes it actually yields, as they
// come (a bomb can lie in its header), so at most one read chunk's worth is ever inflated past a cap.
import { createReadStream } from 'node:fs';
import { Unzip, UnzipInflate, type UnzipFile } from 'fflate';

export interface ArchiveLimits {
  /** A `.json` entry, parsed whole (Slack's files, the manifest). */
  jsonBytes: number;
  /** A `.jsonl` entry, read line by line. */
  linesBytes: number;
  /** One line of a `.jsonl` entry. */
  lineBytes: number;
  /** A file's bytes. */
  fileBytes: number;
  /** Everything the archive inflates to. */
  totalBytes: number;
}

const MiB = 1024 * 1024;
export const DEFAULT_LIMITS: ArchiveLimits = {
  jsonBytes: 64 * MiB,
  linesBytes: 8 * 1024 * MiB,
  lineBytes: 1 * MiB,
  fileBytes: 10 * 1024 * MiB,
  totalBytes: 64 * 1024 * MiB,
};

/** Whatever is wrong with the archive itself: its message names the entry (and the line). */
export class ArchiveError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ArchiveError';
  }
}

/** How to take one entry; null skips it (its bytes still count towards the total). */
export type EntryReader =
  | { kind: 'json'; onJson(value: unknown): void | Promise<void> }
  | { kind: 'lines'; onLine(line: string, lineNumber: number): void | Promise<void>; onEnd?(): void | Promise<void> }
  | { kind: 'bytes'; onChunk(chunk: Uint8Array): void | Promise<void>; onEnd(): void | Promise<void> };

/** A relative path of plain segments; anything that could resolve outside a target directory is refused. */
export function checkEntryName(name: string): void {
  const bad =
    name.length === 0 ||
    name.length > 1024 ||
    name.includes('\0') ||
    name.includes('\\') ||
    name.startsWith('/') ||
    /^[A-Za-z]:/.test(name) ||
    name.split('/').some((segment, i, all) => segment === '..' || segment === '.' || (segment === '' && i < all.length - 1));
  if (bad) throw new ArchiveError(`refused entry ${JSON.stringify(name)}: not a plain relative path`);
}

/** Reads the zip at `path`, entry by entry in archive order, each as `open(name)` says. */
export async function readArchive(path: string, limits: ArchiveLimits, open: (name: string) => EntryReader | null): Promise<void> {
  let failure: unknown = null;
  let work: Promise<void> = Promise.resolve();
  let total = 0;
  // Handlers may be async (a write to disk); their calls are chained in order and awaited after each chunk read.
  const later = (step: () => void | Promise<void>) => {
    work = work.then(() => (failure === null ? step() : undefined)).catch((error: unknown) => void (failure ??= error));
  };
  const fail = (error: unknown) => void (failure ??= error);

  const unzip = new Unzip((file: UnzipFile) => {
    if (failure !== null) return;
    try {
      checkEntryName(file.name);
      if (file.name.endsWith('/')) return; // a directory
    } catch (error) {
      return fail(error);
    }
    // fflate announces the next entry while the previous one's lines may still be queued: opening it waits its turn.
    let cap = 0;
    let size = 0;
    let sink: ReturnType<typeof consume> = { chunk: async () => {}, end: async () => {} };
    const tooBig = () => new ArchiveError(`refused entry ${file.name}: it inflates past its limit of ${cap} bytes`);
    later(() => {
      const reader = open(file.name);
      cap = !reader ? limits.fileBytes : reader.kind === 'json' ? limits.jsonBytes : reader.kind === 'lines' ? limits.linesBytes : limits.fileBytes;
      if (file.originalSize !== undefined && file.originalSize > cap) throw tooBig();
      if (file.originalSize !== undefined && total + file.originalSize > limits.totalBytes) throw totalTooBig(limits);
      sink = consume(file.name, reader, limits);
    });
    file.ondata = (error, chunk, final) => {
      if (failure !== null) return;
      if (error) return fail(new ArchiveError(`${file.name}: ${error.message}`));
      later(async () => {
        size += chunk.length;
        total += chunk.length;
        if (size > cap) throw tooBig();
        if (total > limits.totalBytes) throw totalTooBig(limits);
        await sink.chunk(chunk);
        if (final) await sink.end();
      });
    };
    try {
      file.start();
    } catch (error) {
      fail(new ArchiveError(`${file.name}: ${error instanceof Error ? error.message : String(error)}`));
    }
  });
  unzip.register(UnzipInflate);

  // Small reads bound how far one chunk can inflate before the counters above see it (deflate: ~1000× at most).
  const source = createReadStream(path, { highWaterMark: 16 * 1024 });
  try {
    for await (const chunk of source as AsyncIterable<Buffer>) {
      try {
        unzip.push(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.length));
      } catch (error) {
        fail(new ArchiveError(`not a readable zip archive: ${error instanceof Error ? error.message : String(error)}`));
      }
      await work;
      if (failure !== null) break;
    }
    if (failure === null) {
      unzip.push(new Uint8Array(0), true);
      await work;
    }
  } finally {
    source.destroy();
  }
  if (failure !== null) throw failure;
}

const totalTooBig = (limits: ArchiveLimits) =>
  new ArchiveError(`refused archive: it inflates past its total limit of ${limits.totalBytes} bytes`);

/** Turns an entry's chunks into what its reader takes: parsed JSON, numbered lines, or the bytes. */
function consume(name: string, reader: EntryReader | null, limits: ArchiveLimits): { chunk(c: Uint8Array): Promise<void>; end(): Promise<void> } {
  const later = async (step: () => void | Promise<void>) => step();
  if (!reader) return { chunk: async () => {}, end: async () => {} };
  if (reader.kind === 'bytes') {
    return { chunk: (c: Uint8Array) => later(() => reader.onChunk(c)), end: () => later(() => reader.onEnd()) };
  }
  const decoder = new TextDecoder('utf-8', { fatal: true });
  if (reader.kind === 'json') {
    const parts: string[] = [];
    return {
      chunk: (c: Uint8Array) => later(() => void parts.push(decode(name, decoder, c, true))),
      end: () =>
        later(() => {
          parts.push(decode(name, decoder, new Uint8Array(0), false));
          let value: unknown;
          try {
            value = JSON.parse(parts.join(''));
          } catch (error) {
            throw new ArchiveError(`${name}: malformed JSON (${error instanceof Error ? error.message : String(error)})`);
          }
          return reader.onJson(value);
        }),
    };
  }
  let pending = '';
  let lineNumber = 0;
  const lines = async (text: string, last: boolean) => {
    pending += text;
    const parts = pending.split('\n');
    pending = last ? '' : parts.pop()!;
    if (pending.length > limits.lineBytes) throw new ArchiveError(`${name} line ${lineNumber + 1}: longer than ${limits.lineBytes} bytes`);
    for (const line of parts) {
      lineNumber++;
      if (line.length > limits.lineBytes) throw new ArchiveError(`${name} line ${lineNumber}: longer than ${limits.lineBytes} bytes`);
      if (line.trim() !== '') await reader.onLine(line, lineNumber);
    }
  };
  return {
    chunk: (c: Uint8Array) => later(() => lines(decode(name, decoder, c, true), false)),
    end: () =>
      later(async () => {
        await lines(decode(name, decoder, new Uint8Array(0), false), true);
        await reader.onEnd?.();
      }),
  };
}

function decode(name: string, decoder: TextDecoder, chunk: Uint8Array, stream: boolean): string {
  try {
    return decoder.decode(chunk, { stream });
  } catch {
    throw new ArchiveError(`${name}: not UTF-8 text`);
  }
}

/** One line of a `.jsonl` entry, parsed and checked by `schema`; an error names the entry and the line. */
export function parseLine<T>(name: string, lineNumber: number, line: string, schema: { safeParse(v: unknown): { success: true; data: T } | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } } }): T {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    throw new ArchiveError(`${name} line ${lineNumber}: malformed JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  return checkValue(`${name} line ${lineNumber}`, value, schema);
}

export function checkValue<T>(where: string, value: unknown, schema: { safeParse(v: unknown): { success: true; data: T } | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } } }): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ArchiveError(`${where}: ${issue.path.map(String).join('.') || 'value'}: ${issue.message}`);
  }
  return parsed.data;
}
