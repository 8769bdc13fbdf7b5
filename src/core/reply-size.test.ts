import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { coreWorld, type CoreWorld } from '../../test/helpers/core.js';
import { jsonTextBytes, REPLY_BYTES_MAX } from './reply-size.js';

describe('reply sizes', () => {
  it('counts a body exactly as JSON encodes it', () => {
    for (const text of ['', 'plain', 'with "quotes" and \\ backslash', '\u0001'.repeat(50), 'tab\tnew\nline', 'émile 漢字 👩‍👩‍👧', '\u2028', 'x'.repeat(4000)]) {
      expect(jsonTextBytes(text), JSON.stringify(text).slice(0, 20)).toBe(Buffer.byteLength(JSON.stringify(text)));
    }
  });

  describe('on a conversation of enormous escaped bodies', () => {
    let w: CoreWorld;
    beforeEach(async () => {
      w = await coreWorld();
    });
    afterEach(() => w.close());

    it('a history page stays under the byte cap and still pages back through everything', async () => {
      const alice = await w.user('alice');
      const channel = await w.flack.createChannel(alice.id, { name: 'control', visibility: 'public' });
      const body = `x${'\u0001'.repeat(3999)}`; // 24 KB of JSON each (one visible character: not "empty")
      for (let i = 0; i < 100; i++) await w.flack.sendMessage(alice.id, { conversationId: channel.id, clientId: `b${i}`, body });
      const seen = new Set<number>();
      let before: number | undefined;
      for (;;) {
        const page = await w.flack.history(alice.id, { conversationId: channel.id, before });
        expect(Buffer.byteLength(JSON.stringify(page))).toBeLessThanOrEqual(REPLY_BYTES_MAX);
        for (const m of page.messages) seen.add(m.seq);
        if (!page.hasMore) break;
        before = page.messages[0]!.seq;
      }
      expect(seen.size).toBe(100);
      const sync = await w.flack.sync(alice.id, [{ conversationId: channel.id, clock: 0 }]);
      expect(sync).toEqual({ changes: [], reset: [channel.id] }); // too big to catch up: reload with history
    });
  });
});
