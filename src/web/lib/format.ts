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
