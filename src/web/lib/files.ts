// How a file is named to people: its kind (for its icon), a short type label, and a list of names.
import type { FileInfo } from '../../shared/files.js';

export type FileKind = 'image' | 'video' | 'audio' | 'archive' | 'document' | 'file';

const ARCHIVES = new Set(['application/zip', 'application/gzip', 'application/x-tar', 'application/x-7z-compressed', 'application/x-rar-compressed', 'application/x-bzip2', 'application/x-xz']);
const DOCUMENTS = /^(text\/|application\/(pdf|rtf|msword|vnd\.(openxmlformats|oasis|ms-)))/;

export function fileKind(type: string): FileKind {
  if (type.startsWith('image/')) return 'image';
  if (type.startsWith('video/')) return 'video';
  if (type.startsWith('audio/')) return 'audio';
  if (ARCHIVES.has(type)) return 'archive';
  if (DOCUMENTS.test(type)) return 'document';
  return 'file';
}

const LABELS: Record<string, string> = {
  'application/pdf': 'PDF',
  'application/zip': 'ZIP archive',
  'application/gzip': 'GZIP archive',
  'text/plain': 'Text',
  'application/octet-stream': 'File',
};

/** "PNG image", "PDF", "MP4 video"; the name's extension when the type says nothing more. */
export function typeLabel(file: Pick<FileInfo, 'name' | 'type'>): string {
  const known = LABELS[file.type];
  const extension = /\.([a-z0-9]{1,8})$/i.exec(file.name)?.[1]?.toUpperCase();
  if (file.type === 'application/octet-stream') return extension ? `${extension} file` : 'File';
  if (known) return known;
  const [family, sub = ''] = file.type.split('/');
  const short = sub.replace(/^(x-|vnd\.)/, '').split(/[.+]/)[0]!.toUpperCase();
  if (family === 'image' || family === 'video' || family === 'audio') return `${short} ${family}`;
  return extension ?? short;
}

/** What a message with files says where only text fits (a notification, a screen reader): "📎 a.png, b.pdf". */
export const filesText = (files: readonly Pick<FileInfo, 'name'>[]) => (files.length ? `📎 ${files.map((f) => f.name).join(', ')}` : '');
