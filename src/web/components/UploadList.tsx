// The files attached in a composer, above its text: each with its name and size, a progress bar while it uploads,
// the server's refusal if it failed (and Retry, when trying again may help), a thumbnail once an image is in, and ✕
// to cancel or remove it.
import { useState } from 'preact/hooks';
import { hasPreview, previewUrl } from '../../shared/files.js';
import { fileKind } from '../lib/files.js';
import { formatBytes } from '../lib/format.js';
import { removeUpload, retryUpload, type PendingUpload } from '../state/uploads.js';
import { Icon } from './Icon.js';

export function UploadList({ uploads }: { uploads: readonly PendingUpload[] }) {
  return (
    <ul class="upload-list" aria-label="Attached files">
      {uploads.map((u) => (
        <UploadChip key={u.localId} u={u} />
      ))}
    </ul>
  );
}

function UploadChip({ u }: { u: PendingUpload }) {
  const uploading = u.status === 'uploading';
  const percent = u.size ? Math.min(100, Math.round((u.sent / u.size) * 100)) : 0;
  return (
    <li class="upload" data-status={u.status}>
      <Thumb u={u} />
      <span class="upload-text">
        <span class="upload-name" title={u.name}>
          {u.name}
        </span>
        {u.status === 'failed' ? (
          <span class="upload-error" role="alert">
            {u.error}
          </span>
        ) : (
          <span class="upload-meta">{uploading ? `${formatBytes(u.sent)} of ${formatBytes(u.size)}` : formatBytes(u.size)}</span>
        )}
        {uploading && <progress max={100} value={percent} aria-label={`Uploading ${u.name}`} />}
      </span>
      {u.status === 'failed' && u.retryable && (
        <button
          type="button"
          class="icon-button small upload-retry"
          aria-label={`Retry upload of ${u.name}`}
          title="Retry"
          onClick={() => retryUpload(u.localId)}
        >
          <Icon name="refresh" size={14} />
        </button>
      )}
      <button
        type="button"
        class="icon-button small upload-remove"
        aria-label={uploading ? `Cancel upload of ${u.name}` : `Remove ${u.name}`}
        title={uploading ? 'Cancel upload' : 'Remove'}
        onClick={() => removeUpload(u.localId)}
      >
        <Icon name="close" size={14} />
      </button>
    </li>
  );
}

/** An uploaded image shows itself; anything else, or an image whose preview does not load, its kind's icon. */
function Thumb({ u }: { u: PendingUpload }) {
  const [broken, setBroken] = useState(false);
  if (u.status === 'failed') {
    return (
      <span class="upload-icon failed">
        <Icon name="alert" size={18} />
      </span>
    );
  }
  if (u.file && hasPreview(u.file) && !broken) {
    return <img class="upload-thumb" src={previewUrl(u.file)} width={40} height={40} alt="" onError={() => setBroken(true)} />;
  }
  return (
    <span class="upload-icon">
      <Icon name={u.file ? fileKind(u.file.type) : 'file'} size={18} />
    </span>
  );
}
