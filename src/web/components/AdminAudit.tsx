// The audit log: who did what, newest first, 50 at a time; each entry a sentence (lib/audit.ts).
import { useState } from 'preact/hooks';
import type { AuditEntry } from '../../shared/protocol.js';
import { auditSentence } from '../lib/audit.js';
import { formatDay, formatFull, formatTime, isoTime } from '../lib/format.js';
import { auditPage } from '../state/audit.js';
import { personById } from '../state/people.js';
import { LoadMore } from './LoadMore.js';
import { usePages } from './usePages.js';

const nameOf = (id: number) => personById(id)?.username ?? `user ${id}`;

export function AdminAudit() {
  // Bumped by "Refresh": the first page again.
  const [round, setRound] = useState(0);
  const log = usePages<AuditEntry>(auditPage, String(round));
  return (
    <section class="admin-section" aria-labelledby="audit-heading">
      <div class="admin-section-head">
        <h3 id="audit-heading">Audit log</h3>
        <button type="button" class="btn small" onClick={() => setRound(round + 1)} disabled={log.loading}>
          Refresh
        </button>
      </div>
      {log.error && (
        <p class="form-error" role="alert">
          {log.error}
        </p>
      )}
      {!log.loaded && !log.error && (
        <p class="muted" role="status">
          Loading…
        </p>
      )}
      <ol class="admin-list audit-list" aria-label="Audit log, newest first">
        {log.items.map((e) => (
          <li key={e.id} class={`audit-entry ${e.action === 'denied' ? 'denied' : ''}`} data-action={e.action}>
            <span class="audit-text">{auditSentence(e, nameOf)}</span>
            <time dateTime={isoTime(e.at)} title={formatFull(e.at)}>
              {formatDay(e.at)}, {formatTime(e.at)}
            </time>
          </li>
        ))}
        {log.loaded && log.items.length === 0 && <li class="muted empty-hint">Nothing yet.</li>}
        <LoadMore pages={log} />
      </ol>
    </section>
  );
}
