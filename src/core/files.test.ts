import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ConversationView, FileInfo, User } from '../shared/protocol.js';
import { codeOf, coreWorld, type CoreWorld } from '../../test/helpers/core.js';
import { UNSENT_UPLOAD_TTL_MS } from './files.js';

describe('files', () => {
  let w: CoreWorld;
  let alice: User;
  let bob: User;
  let general: ConversationView;
  let n = 0;

  /** An upload with real bytes in the store, recorded for `owner`. */
  async function upload(owner: User, name = `f${++n}.pdf`): Promise<FileInfo> {
    const { path, stream } = w.fileBytes.createTemp();
    await new Promise<void>((resolve, reject) => stream.end(Buffer.from('%PDF-1.4 test'), () => resolve()).on('error', reject));
    const file = { id: `${String(++n).padStart(2, '0')}file${'x'.repeat(16)}`, name, size: 13, type: 'application/pdf' };
    await w.fileBytes.commit(file.id, path, null);
    return w.flack.recordUpload(owner.id, file);
  }
  const stored = (file: FileInfo) => existsSync(join(w.fileBytes.root, file.id.slice(0, 2), file.id));
  const send = (user: User, files: string[], body = '', conversationId = general.id) =>
    w.flack.sendMessage(user.id, { conversationId, clientId: `m${++n}`, body, files }).then((r) => r.message);

  beforeEach(async () => {
    w = await coreWorld();
    alice = await w.user('alice');
    bob = await w.user('bob');
    general = (await w.flack.browseChannels(alice.id, {})).channels.find((c) => c.name === 'general')!;
  });
  afterEach(() => w.close());

  it('an unsent upload is its uploader’s alone; once sent, whoever can see the conversation may read it', async () => {
    const file = await upload(alice);
    expect(await codeOf(w.flack.readableFile(bob.id, file.id))).toBe('not_found');
    expect(await w.flack.readableFile(alice.id, file.id)).toMatchObject({ id: file.id, messageId: null });
    await send(alice, [file.id]);
    expect(await w.flack.readableFile(bob.id, file.id)).toMatchObject({ conversationId: general.id });
    expect(await codeOf(w.flack.readableFile(bob.id, 'nosuchfile000000000000'))).toBe('not_found');
  });

  it('a private conversation’s file is not_found for outsiders, exactly like a missing one', async () => {
    const secret = await w.flack.createChannel(alice.id, { name: 'secret', visibility: 'private' });
    const file = await upload(alice);
    await send(alice, [file.id], 'plans', secret.id);
    expect(await codeOf(w.flack.readableFile(bob.id, file.id))).toBe('not_found');
  });

  it('a message with files may have no text, and may lose its text by an edit', async () => {
    const file = await upload(alice);
    const message = await send(alice, [file.id]);
    expect(message.body).toBe('');
    const edited = await w.flack.editMessage(alice.id, { messageId: message.id, body: 'caption' });
    expect((await w.flack.editMessage(alice.id, { messageId: edited.id, body: '  ' })).body).toBe('');
    expect(await codeOf(send(alice, []))).toBe('empty');
    expect(await codeOf(send(alice, Array.from({ length: 11 }, (_, i) => `id${i}`)))).toBe('invalid');
  });

  it('deleting the message removes the bytes; discarding an upload does too', async () => {
    const [sentFile, unsent] = [await upload(alice), await upload(alice)];
    const message = await send(alice, [sentFile.id]);
    await w.flack.deleteMessage(alice.id, message.id);
    expect(stored(sentFile)).toBe(false);
    expect(await codeOf(w.flack.discardUpload(bob.id, unsent.id))).toBe('not_found');
    expect(stored(unsent)).toBe(true);
    await w.flack.discardUpload(alice.id, unsent.id);
    expect(stored(unsent)).toBe(false);
  });

  it('the sweep removes unsent uploads past their time and bytes nobody has a row for, and nothing else', async () => {
    const [sentFile, stale, orphan] = [await upload(alice), await upload(alice), await upload(alice)];
    await send(alice, [sentFile.id]);
    await w.storage.discardUpload(orphan.id, alice.id); // the row is gone, the bytes stayed (a node died in between)
    // The test clock starts in 2025: bring it past the files' real modification times, plus a day.
    w.advance(Date.now() - w.time() + UNSENT_UPLOAD_TTL_MS + 60_000);
    const fresh = await upload(alice);
    expect(await w.flack.sweepFiles()).toEqual({ expired: 1, orphans: 1 });
    expect([sentFile, stale, orphan, fresh].map(stored)).toEqual([true, false, false, true]);
    expect(await w.storage.findFile(stale.id)).toBeNull();
    expect(await w.flack.readableFile(alice.id, fresh.id)).toMatchObject({ messageId: null });
    expect(await w.flack.sweepFiles()).toEqual({ expired: 0, orphans: 0 });
  });
});
