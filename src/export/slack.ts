// Imports a standard Slack export zip through the ordinary Storage interface (docs/EXPORT-IMPORT.md, "Slack").
// Re-running it duplicates nothing: people and channels are found again by the names this import gives them, and
// every message carries the clientId `slack:<channel>:<ts>`, on which appendMessage is idempotent per author.
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { fromSlackMarkup } from '../server/http/webhook-payload.js';
import { CHANNEL_NAME_PATTERN } from '../shared/protocol.js';
import type { Conversation } from '../shared/protocol.js';
import type { Storage } from '../storage/storage.js';
import { ArchiveError, checkValue, DEFAULT_LIMITS, readArchive, type ArchiveLimits } from './zip-reader.js';

const SlackUser = z.object({ id: z.string(), name: z.string(), deleted: z.boolean().optional(), is_bot: z.boolean().optional(), is_owner: z.boolean().optional(), is_admin: z.boolean().optional() });
const SlackChannel = z.object({ id: z.string(), name: z.string().optional(), members: z.array(z.string()).optional(), topic: z.object({ value: z.string() }).optional(), created: z.number().optional() });
const SlackMessage = z.object({
  ts: z.string(),
  user: z.string().optional(),
  bot_id: z.string().optional(),
  username: z.string().optional(),
  text: z.string().default(''),
  subtype: z.string().optional(),
  thread_ts: z.string().optional(),
  reactions: z.array(z.object({ name: z.string(), users: z.array(z.string()) })).optional(),
  files: z.array(z.object({ name: z.string().optional(), title: z.string().optional(), url_private: z.string().optional(), permalink: z.string().optional() })).optional(),
});
type SlackMessage = z.infer<typeof SlackMessage>;

const LISTS = { 'users.json': SlackUser, 'channels.json': SlackChannel, 'groups.json': SlackChannel, 'dms.json': SlackChannel, 'mpims.json': SlackChannel } as const;
const DAY_FILE = /^([^/]+)\/(\d{4}-\d{2}-\d{2})\.json$/;
/** Notices Slack writes that Flack writes itself, or not at all. */
const SKIPPED = new Set(['channel_join', 'channel_leave', 'group_join', 'group_leave', 'channel_purpose', 'channel_topic', 'channel_name']);

export interface SlackImportCounts { users: number; channels: number; messages: number; reactions: number }

/** `shortcodes`: Slack's reaction names to emoji (emojibase's iamcal set, as the web app's `:shortcode:` table). */
export async function importSlack(
  archive: string,
  storage: Storage,
  shortcodes: Map<string, string>,
  options: { limits?: ArchiveLimits; progress?: (line: string) => void } = {},
): Promise<SlackImportCounts> {
  const limits = options.limits ?? DEFAULT_LIMITS;
  const lists: Record<string, z.infer<typeof SlackChannel>[] | z.infer<typeof SlackUser>[]> = {};
  // Pass 1: the lists, and every day file checked (nothing written yet).
  await readArchive(archive, limits, (name) => {
    if (name in LISTS) return { kind: 'json', onJson: (v) => void (lists[name] = checkValue(name, v, z.array(LISTS[name as keyof typeof LISTS]))) };
    if (DAY_FILE.test(name)) return { kind: 'json', onJson: (v) => void checkValue(name, v, z.array(SlackMessage)) };
    return null;
  });
  if (!lists['users.json']) throw new ArchiveError(`${archive}: missing users.json`);
  if (!lists['channels.json']) throw new ArchiveError(`${archive}: missing channels.json`);
  const now = Date.now();
  const counts: SlackImportCounts = { users: 0, channels: 0, messages: 0, reactions: 0 };

  // People: Slack ids → accounts named from `name`, made valid and unique in the order of users.json.
  const userIds = new Map<string, number>();
  const names = new Map<string, string>();
  const taken = new Set<string>();
  const nameFor = (wanted: string) => {
    let base = wanted.replace(/[^A-Za-z0-9_.-]/g, '').slice(0, 28);
    if (base.length < 3) base = `${base}user`.slice(0, 28);
    let name = base;
    for (let i = 2; taken.has(name.toLowerCase()); i++) name = `${base}-${i}`;
    taken.add(name.toLowerCase());
    return name;
  };
  const account = async (slackId: string, wanted: string, bot: boolean, deactivated: boolean, role: 'owner' | 'admin' | null = null) => {
    const username = nameFor(wanted);
    let user = await storage.findUserByName(username);
    if (!user) {
      if (bot) {
        const created = await storage.createIntegration(
          { kind: 'bot', username, colour: '#6b7280', tokenHash: `slack:${randomBytes(16).toString('hex')}`, channelId: null, createdBy: 0, createdAt: now },
          { at: now, actorId: null, action: 'bot.create', detail: { kind: 'bot' } },
        );
        user = await storage.findUserById(created.user.id);
      } else {
        user = await storage.createUser({ username, passwordHash: '', createdAt: now });
      }
      counts.users++;
      // Slack's owners and admins keep their rank, so someone can make the others' reset links (admin:reset).
      if (role && !deactivated) await storage.setRole(user!.id, user!.role, role, { at: now, actorId: null, action: 'user.role', targetUserId: user!.id });
      if (deactivated) await storage.setDeactivated(user!.id, user!.role, true, { at: now, actorId: null, action: 'user.deactivate', targetUserId: user!.id });
    }
    userIds.set(slackId, user!.id);
    names.set(slackId, user!.username);
    return user!.id;
  };
  for (const u of lists['users.json'] as z.infer<typeof SlackUser>[]) if (!userIds.has(u.id)) await account(u.id, u.name, u.is_bot === true, u.deleted === true, u.is_owner ? 'owner' : u.is_admin ? 'admin' : null);
  const author = async (m: SlackMessage) => {
    const slackId = m.user ?? (m.bot_id ? `bot:${m.bot_id}` : 'unknown');
    return (
      userIds.get(slackId) ??
      (m.user ? account(m.user, `unknown-${m.user}`, false, true) : account(slackId, m.username ?? `bot-${m.bot_id ?? 'unknown'}`, true, false))
    );
  };

  // Conversations, keyed by the folder their day files are in (channel name; a DM's or group DM's id).
  const conversations = new Map<string, Conversation>();
  const members = async (ids: string[] | undefined) => {
    const out: number[] = [];
    for (const id of ids ?? []) out.push(userIds.get(id) ?? (await account(id, `unknown-${id}`, false, true)));
    return [...new Set(out)];
  };
  const someone = [...userIds.values()][0] ?? 0;
  for (const [file, kind] of [['channels.json', 'public'], ['groups.json', 'private']] as const) {
    for (const c of (lists[file] ?? []) as z.infer<typeof SlackChannel>[]) {
      const name = (c.name ?? c.id).slice(0, 80);
      if (!CHANNEL_NAME_PATTERN.test(name)) throw new ArchiveError(`${file}: channel ${c.id}: name ${JSON.stringify(name)} is not a Flack channel name`);
      const memberIds = await members(c.members);
      const existing = await findChannel(storage, kind, name, memberIds[0] ?? someone);
      const conversation =
        existing ??
        (await storage.createConversation({ kind, name, topic: c.topic?.value ?? '', createdBy: memberIds[0] ?? 0, createdAt: (c.created ?? 0) * 1000, dmKey: null, memberIds }));
      if (!existing) counts.channels++;
      conversations.set(name, conversation);
    }
  }
  for (const file of ['dms.json', 'mpims.json']) {
    for (const c of (lists[file] ?? []) as z.infer<typeof SlackChannel>[]) {
      const memberIds = (await members(c.members)).sort((a, b) => a - b);
      if (memberIds.length < 2 || memberIds.length > 8) continue; // Flack's DMs are of 2–8 people
      const dmKey = memberIds.join(',');
      const conversation =
        (await storage.findDm(dmKey)) ??
        (counts.channels++, await storage.createConversation({ kind: 'dm', name: '', topic: '', createdBy: memberIds[0]!, createdAt: (c.created ?? 0) * 1000, dmKey, memberIds }));
      conversations.set(c.name ?? c.id, conversation);
      conversations.set(c.id, conversation);
    }
  }

  // Pass 2: the day files, in archive order (Slack's is by channel, then day); a reply whose root has not been seen
  // yet waits for the end, and goes in top-level if its root never comes.
  const posted = new Map<string, number>(); // `${folder}:${ts}` → Flack message id
  const waiting: { folder: string; m: SlackMessage }[] = [];
  const post = async (folder: string, m: SlackMessage, threadId: number | null) => {
    const conversation = conversations.get(folder)!;
    const authorId = await author(m);
    const body = [toFlackMarkup(m.text, names), ...(m.files ?? []).map((f) => `📎 [${f.title ?? f.name ?? 'file'}](${f.url_private ?? f.permalink ?? ''}) (Slack file, not copied)`)]
      .filter(Boolean)
      .join('\n');
    if (!body) return;
    const { message, created } = await storage.appendMessage({
      conversationId: conversation.id,
      threadId,
      authorId,
      kind: 'user',
      body,
      clientId: `slack:${folder}:${m.ts}`,
      createdAt: Math.round(Number(m.ts) * 1000),
    });
    posted.set(`${folder}:${m.ts}`, message.id);
    if (created) counts.messages++;
    if (counts.messages % 10_000 === 0) options.progress?.(`imported ${counts.messages} messages`);
    for (const r of m.reactions ?? []) {
      const emoji = shortcodes.get(r.name.replace(/::skin-tone-\d$/, ''));
      if (!emoji) continue; // a custom Slack emoji: Flack has none
      for (const slackUser of r.users) {
        const userId = userIds.get(slackUser) ?? (await account(slackUser, `unknown-${slackUser}`, false, true));
        const change = await storage.addReaction({ messageId: message.id, userId, emoji, at: message.createdAt }, 50).catch(() => null);
        if (change?.changed) counts.reactions++;
      }
    }
  };
  await readArchive(archive, limits, (name) => {
    const day = DAY_FILE.exec(name);
    if (!day || !conversations.has(day[1]!)) return null;
    const folder = day[1]!;
    return {
      kind: 'json',
      onJson: async (value) => {
        for (const m of z.array(SlackMessage).parse(value)) {
          if (m.subtype && SKIPPED.has(m.subtype)) continue;
          if (m.thread_ts && m.thread_ts !== m.ts) {
            const root = posted.get(`${folder}:${m.thread_ts}`);
            if (root === undefined) waiting.push({ folder, m });
            else await post(folder, m, root);
          } else await post(folder, m, null);
        }
      },
    };
  });
  for (const { folder, m } of waiting) await post(folder, m, posted.get(`${folder}:${m.thread_ts}`) ?? null);
  return counts;
}

/** Slack's markup to Flack's: `<@U123>` (and `<@U123|name>`) to `@username`, then what webhooks also translate. */
export function toFlackMarkup(text: string, names: Map<string, string>): string {
  return fromSlackMarkup(text.replace(/<@([A-Z0-9]+)(?:\|[^>]*)?>/g, (whole, id: string) => (names.has(id) ? `@${names.get(id)}` : whole)));
}

async function findChannel(storage: Storage, kind: 'public' | 'private', name: string, memberId: number): Promise<Conversation | null> {
  if (kind === 'public') {
    const page = await storage.listPublicChannels(memberId, { prefix: name, limit: 20 });
    return page.items.find((c) => c.name === name) ?? null;
  }
  return (await storage.listMemberConversations(memberId)).find((c) => c.kind === 'private' && c.name === name) ?? null;
}
