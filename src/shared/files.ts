// Files attached to messages: what a client sees of one, where it is fetched from, and how large its preview is.
// Uploading is HTTP (`POST /api/files`, the bytes as the body); the upload's id then goes with `message:send`.

/** A file as messages carry it. Everything here was found by the server, none of it taken from the uploader. */
export interface FileInfo {
  /** Random and unguessable (22 characters); also the file's address, which still checks who is asking. */
  id: string;
  /** The name it was uploaded with (for display and download only; never used as a path). */
  name: string;
  /** Bytes. */
  size: number;
  /** Sniffed from the bytes, never from the name or a header: e.g. `image/png`, `application/pdf`; unknown: `application/octet-stream`. */
  type: string;
  /** An image with a preview: its size in pixels (the preview has the same shape, see previewSize). */
  width?: number;
  height?: number;
}

/** The reply to `POST /api/files`: the upload, which belongs to you alone until a message carries it. */
export interface UploadReply {
  file: FileInfo;
}

/** A file id: 22 characters of base64url (128 random bits), so also safe as a path component. */
export const FILE_ID = /^[A-Za-z0-9_-]{22}$/;

export const FILE_LIMITS = {
  /** Files one message carries. */
  perMessage: 10,
  /** The longest side of a preview, in CSS pixels (previews are made at twice that for sharp screens). */
  previewMax: 360,
  /** Images over this many pixels are refused (a small file can decode to gigabytes). */
  imagePixelsMax: 100_000_000,
  nameMax: 255,
} as const;

/** Raster formats the server decodes for a preview and serves inline; every other type is served as a download. */
export const PREVIEW_TYPES: readonly string[] = ['image/png', 'image/jpeg', 'image/gif', 'image/webp'];

export const hasPreview = (file: FileInfo): file is FileInfo & { width: number; height: number } =>
  file.width !== undefined && file.height !== undefined;

/** The whole file; the name in the path is for the browser's download, the id alone finds it. */
export const fileUrl = (file: Pick<FileInfo, 'id' | 'name'>): string => `/files/${file.id}/${encodeURIComponent(file.name)}`;

/** The preview (WebP) of an image. */
export const previewUrl = (file: Pick<FileInfo, 'id'>): string => `/previews/${file.id}`;

/** The size a preview is shown at: the image scaled down to fit FILE_LIMITS.previewMax, never up. */
export function previewSize(file: { width: number; height: number }): { width: number; height: number } {
  const scale = Math.min(1, FILE_LIMITS.previewMax / Math.max(file.width, file.height));
  return { width: Math.max(1, Math.round(file.width * scale)), height: Math.max(1, Math.round(file.height * scale)) };
}
