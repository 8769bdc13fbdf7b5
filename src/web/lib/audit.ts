// An audit entry said as a sentence: "alice changed bob's role from member to admin". Names come from the caller
// (people are fetched by id); an action this client does not know yet is still shown, by its code.
import type { AuditEntry, SignUpMode } from '../../shared/protocol.js';

const MODES: Record<SignUpMode, string> = { open: 'open to anyone', invite: 'by invite only', closed: 'closed' };

export function auditSentence(e: AuditEntry, nameOf: (id: number) => string): string {
  const actor = e.actorId === null ? 'Flack' : nameOf(e.actorId);
  const target = e.targetUserId === null ? 'someone' : nameOf(e.targetUserId);
  // Someone who signed up (or reset their password) did it themselves; either id may name them.
  const newcomer = e.targetUserId !== null ? target : actor;
  const d = e.detail;
  switch (e.action) {
    case 'owner.first':
      return `${newcomer} signed up first and owns the workspace`;
    case 'user.signup':
      return `${newcomer} signed up${d.invite != null ? ' through an invite' : ''}`;
    case 'user.role':
      return `${actor} changed ${target}'s role from ${d.from} to ${d.to}`;
    case 'user.deactivate':
      return `${actor} deactivated ${target}`;
    case 'user.reactivate':
      return `${actor} reactivated ${target}`;
    case 'user.reset':
      return `${actor} made a password reset link for ${target}`;
    case 'password.reset':
      return `${newcomer} set a new password through a reset link`;
    case 'invite.create':
      return `${actor} created ${d.role ? `a ${d.role}` : 'an'} invite${usesText(d.maxUses)}`;
    case 'invite.revoke':
      return `${actor} revoked an invite`;
    case 'bot.create':
      return `${actor} created the ${d.kind === 'webhook' ? 'incoming webhook' : 'bot'} ${target}`;
    case 'bot.rotate':
      return `${actor} made a new token for ${target}`;
    case 'settings.update':
      return `${actor} ${settingsChange(d) || 'changed the settings'}`;
    case 'channel.delete':
      return `${actor} deleted the channel ${d.name ? `#${d.name}` : ''}`.trimEnd();
    case 'channel.archive':
      return `${actor} ${d.archived === false ? 'unarchived' : 'archived'} ${channel(d)}`;
    case 'channel.announcement':
      return d.announcement === false ? `${actor} let everyone post in ${channel(d)}` : `${actor} made ${channel(d)} announcement-only`;
    case 'channel.retention':
      return `${actor} made ${channel(d)} keep messages ${keptFor(d.retentionDays, 'as long as the workspace does')}`;
    case 'retention.delete':
      return `${actor} deleted ${typeof d.deleted === 'number' ? d.deleted.toLocaleString() : 'some'} messages older than ${d.days ?? '?'} days`;
    case 'message.delete':
      return `${actor} deleted a message${e.targetUserId === null ? '' : ` by ${target}`}`;
    case 'denied':
      return `${actor} tried ${d.action ?? 'an admin action'} and was refused (${d.code ?? 'forbidden'})`;
    default:
      return `${actor}: ${String(e.action)}`;
  }
}

const usesText = (n: unknown) => (typeof n !== 'number' ? '' : n === 1 ? ' (one use)' : ` (up to ${n} uses)`);

const keptFor = (days: unknown, fallback: string) => (typeof days === 'number' ? `for ${days} ${days === 1 ? 'day' : 'days'}` : fallback);

function settingsChange(d: AuditEntry['detail']): string {
  const parts: string[] = [];
  if (typeof d.name === 'string') parts.push(`renamed the workspace to “${d.name}”`);
  if (typeof d.signUpMode === 'string' && d.signUpMode in MODES) parts.push(`made sign-up ${MODES[d.signUpMode as SignUpMode]}`);
  if ('retentionDays' in d) parts.push(`kept messages ${keptFor(d.retentionDays, 'forever')}`);
  return parts.join(' and ');
}

/** The channel an entry is about, by the name it had then (older entries did not keep it). */
function channel(detail: AuditEntry['detail']): string {
  return typeof detail.name === 'string' && detail.name ? `#${detail.name}` : 'a channel';
}
