// Dates in the reader's locale and time zone.
const time = new Intl.DateTimeFormat(undefined, { hour: 'numeric', minute: '2-digit' });
const full = new Intl.DateTimeFormat(undefined, { dateStyle: 'full', timeStyle: 'medium' });
const dayThisYear = new Intl.DateTimeFormat(undefined, { weekday: 'long', month: 'long', day: 'numeric' });
const dayOtherYear = new Intl.DateTimeFormat(undefined, { weekday: 'long', year: 'numeric', month: 'long', day: 'numeric' });

export const formatTime = (ms: number) => time.format(ms);
export const formatFull = (ms: number) => full.format(ms);
export const isoTime = (ms: number) => new Date(ms).toISOString();

export function dayKey(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${d.getMonth()}-${d.getDate()}`;
}

export function formatDay(ms: number, now = Date.now()): string {
  if (dayKey(ms) === dayKey(now)) return 'Today';
  if (dayKey(ms) === dayKey(now - 86_400_000)) return 'Yesterday';
  return (new Date(ms).getFullYear() === new Date(now).getFullYear() ? dayThisYear : dayOtherYear).format(ms);
}

export const formatCount = (n: number) => n.toLocaleString();

const oneDecimal = new Intl.NumberFormat(undefined, { maximumFractionDigits: 1 });
/** A file size as people read it: 512 B, 48 KB, 3.2 MB (1 KB = 1024 bytes, as file managers mostly count). */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${oneDecimal.format(value >= 10 ? Math.round(value) : value)} ${units[unit]}`;
}

const date = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });
export const formatDate = (ms: number) => date.format(ms);

const relative = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });
const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 86_400],
  ['month', 30 * 86_400],
  ['week', 7 * 86_400],
  ['day', 86_400],
  ['hour', 3600],
  ['minute', 60],
];
/** "just now", "5 minutes ago", "yesterday", "3 weeks ago": how long ago, in the largest unit that fits. */
export function formatAgo(ms: number, now = Date.now()): string {
  const seconds = Math.max(0, now - ms) / 1000;
  const [unit, size] = UNITS.find(([, size]) => seconds >= size) ?? ['second', 1];
  return unit === 'second' ? 'just now' : relative.format(-Math.floor(seconds / size), unit);
}

/** Milliseconds with one decimal ("12.5 ms"); null is "—" (nothing measured yet). */
export const formatMs = (ms: number | null) => (ms === null ? '—' : `${ms.toFixed(1)} ms`);

/** An uptime: "3 d 4 h", "2 h 5 min", "40 s". */
export function formatDuration(seconds: number): string {
  const s = Math.floor(seconds);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min`;
  if (s < 86_400) return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
  return `${Math.floor(s / 86_400)} d ${Math.floor((s % 86_400) / 3600)} h`;
}
