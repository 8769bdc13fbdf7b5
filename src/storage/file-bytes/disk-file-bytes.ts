// The bytes of uploaded files, in a directory (FILES_DIR, default DATA_DIR/files). Every node of a cluster must
// mount the same directory (docs/DEPLOY.md). An upload is written to tmp/ first and renamed into place only once
// it is complete and checked, so a cut-off upload never leaves a file where a reader could find it.
import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, type ReadStream, type WriteStream } from 'node:fs';
import { mkdir, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FileBytes } from '../../core/ports.js';
import { FILE_ID } from '../../shared/files.js';

export type Variant = 'file' | 'preview';

export const newFileId = (): string => randomBytes(16).toString('base64url');

export class DiskFileBytes implements FileBytes {
  private readonly tmp: string;

  constructor(readonly root: string) {
    this.tmp = join(root, 'tmp');
  }

  async open(): Promise<this> {
    await mkdir(this.tmp, { recursive: true });
    return this;
  }

  /** A file of its own name in tmp/, for one upload to stream into. */
  createTemp(): { path: string; stream: WriteStream } {
    const path = join(this.tmp, `${newFileId()}.part`);
    return { path, stream: createWriteStream(path, { flags: 'wx' }) };
  }

  async removeTemp(path: string): Promise<void> {
    await rm(path, { force: true });
  }

  /** Moves a finished upload (and its preview) into place. */
  async commit(id: string, tempPath: string, preview: Buffer | null): Promise<void> {
    const dir = this.dirOf(id);
    await mkdir(dir, { recursive: true });
    if (preview) {
      const at = this.pathOf(id, 'preview');
      // Half a preview (a disk that filled up) must not stay behind under an id nothing will record.
      await writeFile(at, preview, { flag: 'wx' }).catch(async (error: unknown) => {
        await rm(at, { force: true });
        throw error;
      });
    }
    await rename(tempPath, this.pathOf(id, 'file'));
  }

  async read(id: string, variant: Variant): Promise<{ size: number; stream: ReadStream } | null> {
    if (!FILE_ID.test(id)) return null;
    const path = this.pathOf(id, variant);
    try {
      const { size } = await stat(path);
      return { size, stream: createReadStream(path) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }

  async remove(ids: string[]): Promise<void> {
    for (const id of ids.filter((id) => FILE_ID.test(id))) {
      await rm(this.pathOf(id, 'file'), { force: true });
      await rm(this.pathOf(id, 'preview'), { force: true });
    }
  }

  /** Ids of stored files last changed before `before` (ms), and leftover partial uploads removed on the way. */
  async listOlderThan(before: number): Promise<string[]> {
    const ids: string[] = [];
    for (const shard of await readdir(this.root).catch(() => [] as string[])) {
      const dir = join(this.root, shard);
      for (const name of await readdir(dir).catch(() => [] as string[])) {
        const modified = await stat(join(dir, name)).then((s) => s.mtimeMs, () => Infinity);
        if (modified >= before) continue;
        const id = name.replace(/\.preview$/, '');
        if (shard === 'tmp') await rm(join(dir, name), { force: true });
        else if (FILE_ID.test(id)) ids.push(id);
      }
    }
    return [...new Set(ids)];
  }

  private dirOf(id: string): string {
    return join(this.root, id.slice(0, 2));
  }

  private pathOf(id: string, variant: Variant): string {
    return join(this.dirOf(id), variant === 'file' ? id : `${id}.preview`);
  }
}
