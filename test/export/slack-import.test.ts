import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strToU8, zipSync } from 'fflate';
import iamcal from 'emojibase-data/en/shortcodes/iamcal.json' with { type: 'json' };
import { afterAll, describe, expect, it } from 'vitest';
import { importSlack } from '../../src/export/slack.js';
import { shortcodeTable } from '../../src/shared/markup/shortcodes.js';
import { openPostgresStorage } from '../../src/storage/postgres/postgres-storage.js';
import { openSqliteStorage } from '../../src/storage/sqlite/sqlite-storage.js';
import type { Storage } from '../../src/storage/storage.js';
import { DATABASE_URL, schemaNamespace, withPostgres } from '../storage/postgres-harness.js';

const dir = mkdtempSync(join(tmpdir(), 'flack-slack-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const shortcodes = shortcodeTable(iamcal);

/** A Slack export as Slack writes one: the lists at the top, a folder of day files per conversation. */
function slackExport(): string {
  const json = (v: unknown) => strToU8(JSON.stringify(v));
  const files = {
    'users.json': json([
      { id: 'U1', name: 'ann.lee', is_owner: true },
      { id: 'U2', name: 'bo' }, // too short for Flack: made valid
      { id: 'U3', name: 'ann lee' }, // the same name once made valid: made unique
      { id: 'B1', name: 'deploybot', is_bot: true },
      { id: 'U1', name: 'ann.lee' }, // listed twice: one account
    ]),
    'channels.json': json([{ id: 'C1', name: 'general', members: ['U1', 'U2', 'U3'], topic: { value: 'all of us' }, created: 1_600_000_000 }]),
    'groups.json': json([{ id: 'G1', name: 'secret', members: ['U1', 'U2'] }]),
    'dms.json': json([{ id: 'D1', members: ['U1', 'U2'] }]),
    'mpims.json': json([]),
    'general/': new Uint8Array(0),
    'general/2021-01-01.json': json([
      { type: 'message', subtype: 'channel_join', user: 'U2', text: '<@U2> has joined the channel', ts: '1609459200.000100' },
      { type: 'message', user: 'U1', text: 'hello <@U2>, see <https://example.com|the site> <!channel>', ts: '1609459201.000100', reply_count: 1,
        reactions: [{ name: '+1', users: ['U2', 'U3'], count: 2 }, { name: 'custom-party', users: ['U2'], count: 1 }] },
      { type: 'message', user: 'U2', text: 'a reply', ts: '1609459202.000100', thread_ts: '1609459201.000100' },
      { type: 'message', user: 'U2', text: 'a reply', ts: '1609459202.000100', thread_ts: '1609459201.000100' }, // twice: once
      { type: 'message', subtype: 'bot_message', bot_id: 'B9', username: 'ci', text: 'build passed', ts: '1609459203.000100' },
      { type: 'message', user: 'U404', text: 'from someone not in users.json', ts: '1609459204.000100' },
      { type: 'message', user: 'U1', text: 'a file', ts: '1609459205.000100', files: [{ id: 'F1', name: 'plan.pdf', url_private: 'https://files.slack.com/plan.pdf' }] },
    ]),
    'secret/2021-01-02.json': json([{ type: 'message', user: 'U2', text: 'psst', ts: '1609545600.000100' }]),
    'D1/2021-01-02.json': json([{ type: 'message', user: 'U1', text: 'just us', ts: '1609545601.000100' }]),
  };
  const path = join(dir, 'slack.zip');
  writeFileSync(path, zipSync(files));
  return path;
}

async function mapsEverything(open: () => Promise<Storage>) {
  const archive = slackExport();
  const s = await open();
  try {
    const counts = await importSlack(archive, s, shortcodes);
    expect(counts).toEqual({ users: 6, channels: 3, messages: 7, reactions: 2 });
    const users = await s.listAllUsers({ limit: 50 });
    expect(users.items.map((u) => [u.username, u.bot ? 'bot' : u.deactivated ? 'deactivated' : 'person'])).toEqual([
      ['ann.lee', 'person'],
      ['annlee', 'person'],
      ['bouser', 'person'],
      ['ciuser', 'bot'],
      ['deploybot', 'bot'],
      ['unknown-U404', 'deactivated'],
    ]);
    const ann = (await s.findUserByName('ann.lee'))!;
    expect(ann.role).toBe('owner'); // Slack's owner: someone can make the others' reset links
    const conversations = await s.listMemberConversations(ann.id);
    expect(conversations.map((c) => [c.kind, c.name])).toEqual([['public', 'general'], ['private', 'secret'], ['dm', '']]);
    const general = conversations[0]!;
    expect(general.topic).toBe('all of us');
    const messages = await s.messagesAfter(general.id, 0, 50);
    expect(messages.map((m) => m.body)).toEqual([
      'hello @bouser, see [the site](https://example.com) @channel',
      'build passed',
      'from someone not in users.json',
      'a file\n📎 [plan.pdf](https://files.slack.com/plan.pdf) (Slack file, not copied)',
    ]);
    const [root] = messages;
    const bo = (await s.findUserByName('bouser'))!;
    const annlee = (await s.findUserByName('annlee'))!;
    // A custom Slack emoji (no Unicode one) is left out.
    expect(root!.reactions).toEqual([{ emoji: '👍', userIds: [bo.id, annlee.id].sort((a, b) => a - b) }]);
    expect(root!.thread?.replyCount).toBe(1);
    expect((await s.threadHistory(root!.id, { limit: 10 })).map((m) => m.body)).toEqual(['a reply']);

    expect(await importSlack(archive, s, shortcodes)).toEqual({ users: 0, channels: 0, messages: 0, reactions: 0 });
    expect((await s.listAllUsers({ limit: 50 })).items).toHaveLength(6);
    expect(await s.messagesAfter(general.id, 0, 50)).toHaveLength(4);
  } finally {
    await s.close();
  }
}

describe('importing a Slack export', () => {
  it('maps people, channels, DMs, threads, reactions, markup, bots and unknown authors, and a re-run adds nothing', () =>
    mapsEverything(() => openSqliteStorage(join(dir, 'flack.db'))));

  it('refuses an export without users.json, writing nothing', async () => {
    const path = join(dir, 'broken.zip');
    writeFileSync(path, zipSync({ 'channels.json': strToU8('[]') }));
    const s = await openSqliteStorage(join(dir, 'broken.db'));
    try {
      await expect(importSlack(path, s, shortcodes)).rejects.toThrow(/missing users.json/);
      expect(await s.listUsers()).toEqual([]);
    } finally {
      await s.close();
    }
  });
});

const schemas = schemaNamespace('slack');
afterAll(() => schemas.drop());
withPostgres(() => {
  it('maps the same on PostgreSQL', () => mapsEverything(() => openPostgresStorage(DATABASE_URL, { schema: schemas.schema('target') })));
});
