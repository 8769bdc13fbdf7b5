// Uploading a file: `POST /api/files?name=…` with the bytes as the body. XMLHttpRequest rather than fetch, because
// only XHR reports upload progress (`upload.onprogress`); `abort()` cancels. The session cookie authenticates it.
import type { ApiError } from '../../shared/protocol.js';
import type { FileInfo, UploadReply } from '../../shared/files.js';
import { HttpError } from './http.js';

export interface Upload {
  done: Promise<FileInfo>;
  abort(): void;
}

/** `onProgress(sent, total)` as the bytes go out. Rejects with an HttpError; an aborted upload never settles. */
export function uploadFile(file: Blob, name: string, onProgress: (sent: number, total: number) => void): Upload {
  const xhr = new XMLHttpRequest();
  const done = new Promise<FileInfo>((resolve, reject) => {
    xhr.upload.onprogress = (e) => onProgress(e.loaded, e.lengthComputable ? e.total : file.size);
    xhr.onload = () => {
      const json = parse(xhr.responseText);
      if (xhr.status === 201) return resolve((json as UploadReply).file);
      const error = (json as { error?: ApiError } | undefined)?.error;
      reject(new HttpError(xhr.status, error?.code ?? 'internal', error?.message ?? `Upload failed (${xhr.status})`));
    };
    // Also what a file over the server's limit looks like in Firefox: the server answers 413 before the body is in
    // and closes the connection, and Firefox reports that as a network error, not as the answer.
    xhr.onerror = () => reject(new HttpError(0, 'network', 'The upload stopped: the file may be too large, or the connection dropped.'));
  });
  xhr.open('POST', `/api/files?name=${encodeURIComponent(name)}`);
  // The server finds the type in the bytes; a header would only be a claim.
  xhr.setRequestHeader('content-type', 'application/octet-stream');
  xhr.send(file);
  return { done, abort: () => xhr.abort() };
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
