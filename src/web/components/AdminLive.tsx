// The console's live view: the numbers of the node that answered, asked again every 5 seconds while the tab shows
// (the interval ends with it). In a cluster each node has its own; this is one of them.
import { useEffect, useState } from 'preact/hooks';
import type { ServerStats } from '../../shared/protocol.js';
import { errorText } from '../lib/errors.js';
import { formatBytes, formatCount, formatDuration, formatMs } from '../lib/format.js';
import { loadStats, STATS_EVERY_MS } from '../state/stats.js';

const oneDecimal = new Intl.NumberFormat(undefined, { minimumFractionDigits: 1, maximumFractionDigits: 1 });

export function AdminLive() {
  const [stats, setStats] = useState<ServerStats | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    const ask = () =>
      void loadStats().then(
        (s) => live && (setStats(s), setError(null)),
        (e: unknown) => live && setError(errorText(e)),
      );
    ask();
    const timer = setInterval(ask, STATS_EVERY_MS);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, []);

  return (
    <section class="admin-section" aria-labelledby="live-heading">
      <div class="admin-section-head">
        <h3 id="live-heading">Live</h3>
        {stats && <span class="muted live-node">Node {stats.node}</span>}
      </div>
      <p class="muted">These are the numbers of the server node that answered, refreshed every {STATS_EVERY_MS / 1000} seconds. Each node of a cluster counts its own.</p>
      {error && (
        <p class="form-error" role="alert">
          {error}
        </p>
      )}
      {!stats && !error && (
        <p class="muted" role="status">
          Loading…
        </p>
      )}
      {stats && (
        <dl class="live-stats">
          <Stat label="Connected sockets" value={formatCount(stats.sockets)} name="sockets" />
          <Stat label="Messages per second" value={oneDecimal.format(stats.messagesPerSecond)} hint="over the last minute" name="rate" />
          <Stat label="Delivery, median" value={formatMs(stats.deliveryP50Ms)} hint="of the last 1,000 messages" name="p50" />
          <Stat label="Delivery, 99th percentile" value={formatMs(stats.deliveryP99Ms)} hint="of the last 1,000 messages" name="p99" />
          <Stat label="Database size" value={stats.storageBytes === null ? '—' : formatBytes(stats.storageBytes)} name="storage" />
          <Stat label="Up for" value={formatDuration(stats.uptimeSeconds)} name="uptime" />
        </dl>
      )}
    </section>
  );
}

function Stat({ label, value, hint, name }: { label: string; value: string; hint?: string; name: string }) {
  return (
    <div class="live-stat" data-stat={name}>
      <dt>{label}</dt>
      <dd>
        <span class="live-value">{value}</span>
        {hint && <span class="muted live-hint">{hint}</span>}
      </dd>
    </div>
  );
}
