// A channel's settings for admins, in its details: whether only admins post (announcements) and how long it keeps
// messages. Each saves on its own and says when it did; the server's refusal shows beside it. Also the labels that
// say what state a channel is in, for everyone.
import { useState } from 'preact/hooks';
import type { Conversation } from '../../shared/protocol.js';
import { errorText } from '../lib/errors.js';
import { setAnnouncement, setChannelRetention } from '../state/channelSettings.js';
import { workspace } from '../state/workspace.js';
import { DAYS_INVALID, daysText, readDays, RetentionChoice } from './RetentionChoice.js';

/** "Archived", "Announcements": what a channel is, beside its name. */
export function ChannelStateTags({ c }: { c: Conversation }) {
  if (!c.archived && !c.announcement) return null;
  return (
    <span class="channel-tags">
      {c.archived && <span class="tag state-tag archived-tag">Archived</span>}
      {c.announcement && <span class="tag state-tag announcement-tag">Announcements</span>}
    </span>
  );
}

export function ChannelSettings({ c }: { c: Conversation }) {
  return (
    <section class="channel-settings" aria-labelledby="channel-settings-heading">
      <h3 class="dialog-subhead" id="channel-settings-heading">
        Channel settings <span class="muted">(admins)</span>
      </h3>
      <AnnouncementToggle c={c} />
      <ChannelRetention c={c} />
    </section>
  );
}

function AnnouncementToggle({ c }: { c: Conversation }) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const on = !!c.announcement;
  const toggle = async () => {
    setBusy(true);
    setError(null);
    try {
      await setAnnouncement(c.id, !on);
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div class="field">
      <label class="toggle">
        <input type="checkbox" role="switch" checked={on} disabled={busy} onChange={() => void toggle()} aria-describedby="announcement-hint" />
        <span>Only admins can post</span>
      </label>
      <p class="field-hint" id="announcement-hint">
        Only admins start new messages in #{c.name}; everyone may still reply in their threads.
      </p>
      {error && (
        <p class="field-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

const workspaceRetention = (days: number | null | undefined) => (days == null ? 'forever' : `${days} days`);

function ChannelRetention({ c }: { c: Conversation }) {
  const saved = daysText(c.retentionDays);
  const [days, setDays] = useState(saved);
  const [status, setStatus] = useState<{ text: string; error: boolean } | null>(null);
  const [busy, setBusy] = useState(false);
  const save = async (e: Event) => {
    e.preventDefault();
    const value = days === null ? null : readDays(days);
    if (value === undefined) return setStatus({ text: DAYS_INVALID, error: true });
    setBusy(true);
    try {
      await setChannelRetention(c.id, value);
      setStatus({ text: 'Saved.', error: false });
    } catch (err) {
      setStatus({ text: errorText(err), error: true });
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="channel-retention" onSubmit={save} noValidate>
      <RetentionChoice
        name="channel-retention"
        legend="Keep messages"
        fallback={`As the workspace does (${workspaceRetention(workspace.value?.retentionDays)})`}
        value={days}
        onChange={(v) => (setDays(v), setStatus(null))}
        error={status?.error ? status.text : null}
      />
      <div class="channel-retention-foot">
        <button type="submit" class="btn small" disabled={busy || days === saved}>
          Save
        </button>
        <p class="form-ok" role="status">
          {status && !status.error ? status.text : ''}
        </p>
      </div>
    </form>
  );
}
