// Uploading and fetching files over real HTTP, and images made for the tests.
import { crc32, deflateSync } from 'node:zlib';
import sharp from 'sharp';
import type { ApiError, FileInfo } from '../../src/shared/protocol.js';

export interface Uploaded {
  status: number;
  file?: FileInfo;
  error?: ApiError;
}

/** POST /api/files with the bytes as the body, signed in by bearer token. */
export async function upload(server: { url: string }, token: string, name: string, bytes: Uint8Array): Promise<Uploaded> {
  const response = await fetch(`${server.url}/api/files?name=${encodeURIComponent(name)}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream' },
    body: new Blob([new Uint8Array(bytes)]),
  });
  const body = (await response.json()) as { file?: FileInfo; error?: ApiError };
  return { status: response.status, ...body };
}

export async function uploaded(server: { url: string }, token: string, name: string, bytes: Uint8Array): Promise<FileInfo> {
  const result = await upload(server, token, name, bytes);
  if (!result.file) throw new Error(`upload failed: ${result.status} ${JSON.stringify(result.error)}`);
  return result.file;
}

export function fetchAs(server: { url: string }, token: string, path: string, init: RequestInit = {}): Promise<Response> {
  return fetch(server.url + path, { ...init, headers: { authorization: `Bearer ${token}`, ...init.headers } });
}

export const png = (width: number, height: number, background = '#3a6') =>
  sharp({ create: { width, height, channels: 3, background } }).png().toBuffer();

/** A valid PNG header claiming `width` × `height`, with next to no pixel data: what a decompression bomb looks like. */
export function pngHeaderOnly(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(Buffer.alloc(64))), chunk('IEND', Buffer.alloc(0))]);
}

export const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
