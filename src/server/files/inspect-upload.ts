// What an upload is, found from its bytes alone: the type sniffed from its first bytes (file-type), and for the
// raster formats we preview, its size in pixels and a WebP preview. The name and any Content-Type header are
// never believed: an HTML page called photo.png is text, served as a download.
import { open } from 'node:fs/promises';
import { fileTypeFromBuffer } from 'file-type';
import sharp from 'sharp';
import { FlackError } from '../../core/errors.js';
import { FILE_LIMITS, PREVIEW_TYPES } from '../../shared/files.js';

// Image work runs on libvips' threads: one at a time keeps a burst of uploads from taking both cores from chat.
sharp.concurrency(1);
sharp.cache(false);

const SNIFF_BYTES = 4100;

export interface Inspected {
  type: string;
  width?: number;
  height?: number;
  /** WebP, at most 2 × FILE_LIMITS.previewMax on its longest side. */
  preview: Buffer | null;
}

export async function inspectUpload(path: string): Promise<Inspected> {
  const head = await readHead(path);
  const sniffed = (await fileTypeFromBuffer(head))?.mime ?? (looksLikeText(head) ? 'text/plain' : 'application/octet-stream');
  if (!PREVIEW_TYPES.includes(sniffed)) return { type: sniffed, preview: null };
  return { type: sniffed, ...(await previewOf(path)) };
}

async function readHead(path: string): Promise<Buffer> {
  const file = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(SNIFF_BYTES);
    const { bytesRead } = await file.read(buffer, 0, SNIFF_BYTES, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await file.close();
  }
}

/** UTF-8 without NUL or other binary control characters in its first bytes (a cut multi-byte tail is allowed). */
function looksLikeText(head: Buffer): boolean {
  if (!head.length) return false;
  if (/[\u0000-\u0008\u000E-\u001A\u001C-\u001F]/.test(head.toString('latin1'))) return false;
  const text = new TextDecoder('utf-8', { fatal: false }).decode(head);
  const bad = text.slice(0, -3).includes('\uFFFD');
  return !bad;
}

async function previewOf(path: string): Promise<Omit<Inspected, 'type'>> {
  // The header's size first, before anything is decoded: a 50,000 × 50,000 image is a few KB of PNG.
  const meta = await sharp(path, { limitInputPixels: false }).metadata().catch(() => {
    throw new FlackError('file_invalid', 'That image could not be read');
  });
  if (!meta.width || !meta.height) throw new FlackError('file_invalid', 'That image could not be read');
  if (meta.width * meta.height > FILE_LIMITS.imagePixelsMax) {
    throw new FlackError('too_large', `Images are at most ${FILE_LIMITS.imagePixelsMax / 1_000_000} megapixels`);
  }
  // EXIF orientations 5–8 turn the picture a quarter: it is shown (and previewed) the other way round.
  const turned = (meta.orientation ?? 1) >= 5;
  const width = turned ? meta.height : meta.width;
  const height = turned ? meta.width : meta.height;
  const side = FILE_LIMITS.previewMax * 2;
  try {
    const preview = await sharp(path, { limitInputPixels: FILE_LIMITS.imagePixelsMax, failOn: 'error', sequentialRead: true })
      .rotate()
      .resize(side, side, { fit: 'inside', withoutEnlargement: true })
      .webp({ quality: 80 })
      .toBuffer();
    return { width, height, preview };
  } catch {
    throw new FlackError('file_invalid', 'That image could not be decoded');
  }
}
