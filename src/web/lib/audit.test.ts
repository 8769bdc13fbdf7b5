import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../shared/protocol.js';
import { auditSentence } from './audit.js';

const NAMES: Record<number, string> = { 1: 'alice', 2: 'bob', 3: 'carol' };
const nameOf = (id: number) => NAMES[id] ?? `user ${id}`;
const entry = (e: Partial<AuditEntry>): AuditEntry => ({ id: 1, at: 0, actorId: 1, action: 'denied', targetUserId: null, detail: {}, ...e });
const say = (e: Partial<AuditEntry>) => auditSentence(entry(e), nameOf);

describe('auditSentence', () => {
  it('says who did what to whom', () => {
    expect(say({ action: 'user.role', targetUserId: 2, detail: { from: 'member', to: 'admin' } })).toBe("alice changed bob's role from member to admin");
    expect(say({ action: 'user.deactivate', targetUserId: 2 })).toBe('alice deactivated bob');
    expect(say({ action: 'user.reactivate', targetUserId: 2 })).toBe('alice reactivated bob');
    expect(say({ action: 'user.reset', targetUserId: 2 })).toBe('alice made a password reset link for bob');
    expect(say({ action: 'password.reset', actorId: null, targetUserId: 2 })).toBe('bob set a new password through a reset link');
    expect(say({ action: 'invite.create', detail: { role: 'guest', maxUses: 1 } })).toBe('alice created a guest invite (one use)');
    expect(say({ action: 'invite.create', detail: { role: 'member', maxUses: 10 } })).toBe('alice created a member invite (up to 10 uses)');
    expect(say({ action: 'invite.revoke', detail: { invite: 4 } })).toBe('alice revoked an invite');
    expect(say({ action: 'channel.delete', detail: { name: 'clients' } })).toBe('alice deleted the channel #clients');
    expect(say({ action: 'channel.archive', detail: { name: 'old', archived: true } })).toBe('alice archived #old');
    expect(say({ action: 'channel.announcement', detail: { name: 'news', announcement: true } })).toBe('alice made #news announcement-only');
    expect(say({ action: 'channel.archive', detail: { archived: false } })).toBe('alice unarchived a channel');
    expect(say({ action: 'message.delete', targetUserId: 2 })).toBe('alice deleted a message by bob');
  });

  it('names a newcomer by whichever id the entry gives', () => {
    expect(say({ action: 'user.signup', actorId: 3, detail: { invite: 7 } })).toBe('carol signed up through an invite');
    expect(say({ action: 'user.signup', actorId: null, targetUserId: 3 })).toBe('carol signed up');
    expect(say({ action: 'owner.first', actorId: null, targetUserId: 1 })).toBe('alice signed up first and owns the workspace');
  });

  it('says a refusal with the action and its code', () => {
    expect(say({ action: 'denied', actorId: 2, detail: { action: 'admin:role', code: 'forbidden' } })).toBe('bob tried admin:role and was refused (forbidden)');
  });

  it('lists the settings that changed, or says that they did', () => {
    expect(say({ action: 'settings.update', detail: { name: 'Acme', signUpMode: 'invite' } })).toBe(
      'alice renamed the workspace to “Acme” and made sign-up by invite only',
    );
    expect(say({ action: 'settings.update', detail: {} })).toBe('alice changed the settings');
    expect(say({ action: 'settings.update', detail: { retentionDays: 90 } })).toBe('alice kept messages for 90 days');
    expect(say({ action: 'settings.update', detail: { retentionDays: null } })).toBe('alice kept messages forever');
  });

  it('says what was done to a channel, and what retention deleted', () => {
    expect(say({ action: 'channel.archive', detail: { conversationId: 3, archived: true } })).toBe('alice archived a channel');
    expect(say({ action: 'channel.archive', detail: { conversationId: 3, archived: false } })).toBe('alice unarchived a channel');
    expect(say({ action: 'channel.announcement', detail: { announcement: true } })).toBe('alice made a channel announcement-only');
    expect(say({ action: 'channel.retention', detail: { retentionDays: null } })).toBe('alice made a channel keep messages as long as the workspace does');
    expect(say({ action: 'retention.delete', actorId: null, detail: { deleted: 1200, days: 30 } })).toMatch(/^Flack deleted 1.200 messages older than 30 days$/);
  });

  it('shows Flack itself, people not fetched yet, and actions it does not know', () => {
    expect(say({ action: 'user.deactivate', actorId: null, targetUserId: 9 })).toBe('Flack deactivated user 9');
    expect(say({ action: 'user.vanish' as AuditEntry['action'] })).toBe('alice: user.vanish');
  });
});
