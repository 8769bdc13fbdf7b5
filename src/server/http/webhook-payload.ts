// The body of `POST /hooks/<token>`: Flack's `{ text }`, or the payload a Slack (or Mattermost) incoming webhook
// takes, so existing scripts keep working. Slack's `<url|label>` links, `<!channel>` mentions and escaped `&<>` are
// turned into Flack's markup; attachments and blocks become lines of text. Fields Flack has no use for (username
// and icon overrides, colours, `channel`) are ignored: a webhook always posts as itself, into its own channel.
import { z } from 'zod';
import { LIMITS } from '../../shared/protocol.js';
import { text } from '../realtime/schemas.js';

const TEXT_MAX = LIMITS.messageMax * 4;
const short = text(3000).optional();
const slackText = z.object({ text: text(TEXT_MAX).optional() }).optional();

const attachment = z.object({
  fallback: short,
  pretext: short,
  title: short,
  title_link: short,
  text: text(TEXT_MAX).optional(),
  fields: z.array(z.object({ title: short, value: short })).max(20).optional(),
  footer: short,
});

const block = z.object({
  type: text(40),
  text: slackText,
  fields: z.array(z.object({ text: text(3000).optional() })).max(10).optional(),
  elements: z.array(z.object({ text: text(3000).optional() })).max(10).optional(),
});

export const WEBHOOK_PAYLOAD = z.object({
  text: text(TEXT_MAX).optional(),
  attachments: z.array(attachment).max(20).optional(),
  blocks: z.array(block).max(50).optional(),
});

export type WebhookPayload = z.output<typeof WEBHOOK_PAYLOAD>;

/** Slack's message formatting, as far as it differs from Flack's markup. */
export function fromSlackMarkup(input: string): string {
  return input
    .replace(/<!(here|channel|everyone)(?:\|[^>]*)?>/g, '@$1')
    .replace(/<#[A-Z0-9]+\|([^>]+)>/g, '#$1')
    .replace(/<(https?:\/\/[^|>\s]+)\|([^>]+)>/g, (_, url: string, label: string) => `[${label}](${url})`)
    .replace(/<(https?:\/\/[^|>\s]+|mailto:[^|>\s]+)>/g, '$1')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

function attachmentLines(a: z.output<typeof attachment>): string[] {
  const lines: string[] = [];
  if (a.pretext) lines.push(a.pretext);
  if (a.title) lines.push(a.title_link ? `**[${a.title}](${a.title_link})**` : `**${a.title}**`);
  if (a.text) lines.push(a.text);
  for (const field of a.fields ?? []) if (field.title || field.value) lines.push(`**${field.title ?? ''}** ${field.value ?? ''}`.trim());
  if (a.footer) lines.push(`_${a.footer}_`);
  if (!lines.length && a.fallback) lines.push(a.fallback);
  return lines;
}

function blockLines(b: z.output<typeof block>): string[] {
  const lines: string[] = [];
  if (b.text?.text) lines.push(b.type === 'header' ? `**${b.text.text}**` : b.text.text);
  for (const part of [...(b.fields ?? []), ...(b.elements ?? [])]) if (part.text) lines.push(part.text);
  if (b.type === 'divider') lines.push('---');
  return lines;
}

/** The message body a payload posts ('' when it has nothing to say: the core answers `empty`). */
export function webhookBody(payload: WebhookPayload): string {
  // Slack shows blocks instead of `text` when both are given (`text` is then the notification's fallback).
  const main = payload.blocks?.length ? payload.blocks.flatMap(blockLines) : payload.text ? [payload.text] : [];
  const extra = (payload.attachments ?? []).flatMap((a) => attachmentLines(a).join('\n')).filter(Boolean);
  return fromSlackMarkup([...main, ...extra].join('\n\n')).trim();
}
