// The audit log, a page at a time (newest first); the people it names are fetched like any name shown by id.
import type { AuditEntry } from '../../shared/protocol.js';
import { rpc } from './client.js';
import { ensureUsers, type PageOf } from './people.js';

export async function auditPage(after?: string): Promise<PageOf<AuditEntry>> {
  const { entries, next } = await rpc('admin:audit', after === undefined ? {} : { before: Number(after) });
  ensureUsers(entries.flatMap((e) => [e.actorId, e.targetUserId]).filter((id): id is number => id !== null));
  return { items: entries, next: next === null ? null : String(next) };
}
