// An image of a message, whole (its preview is at most FILE_LIMITS.previewMax wide): its name, its size, a download.
// Esc, the close button or a click beside it closes it (Dialog).
import { fileUrl, type FileInfo } from '../../shared/files.js';
import { formatBytes } from '../lib/format.js';
import { typeLabel } from '../lib/files.js';
import { Dialog } from './Dialog.js';
import { Icon } from './Icon.js';

export function ImageViewer({ file }: { file: FileInfo }) {
  return (
    <Dialog title={file.name} class="viewer">
      <div class="viewer-image">
        <img src={fileUrl(file)} width={file.width} height={file.height} alt={file.name} />
      </div>
      <div class="viewer-foot">
        <span class="muted">
          {file.width && file.height ? `${file.width} × ${file.height} · ` : ''}
          {formatBytes(file.size)} · {typeLabel(file)}
        </span>
        <a class="btn small" href={fileUrl(file)} download={file.name}>
          <Icon name="download" size={16} />
          Download
        </a>
      </div>
    </Dialog>
  );
}
