// A message's files, under its text: images as their preview (a click shows the whole image), other files as a card
// with a download link. A preview's box has its final size before a byte of it arrives (width/height attributes and
// aspect-ratio), so the list never jumps as images load.
import { fileUrl, hasPreview, previewSize, previewUrl, type FileInfo } from '../../shared/files.js';
import { fileKind, typeLabel } from '../lib/files.js';
import { formatBytes } from '../lib/format.js';
import { openDialog } from '../state/ui.js';
import { Icon } from './Icon.js';

export function Attachments({ files }: { files: readonly FileInfo[] }) {
  return (
    <ul class="attachments" aria-label={files.length === 1 ? 'Attached file' : `${files.length} attached files`}>
      {files.map((f) => (
        <li key={f.id}>{hasPreview(f) ? <ImagePreview file={f} /> : <FileCard file={f} />}</li>
      ))}
    </ul>
  );
}

function ImagePreview({ file }: { file: FileInfo & { width: number; height: number } }) {
  const { width, height } = previewSize(file);
  return (
    <button
      type="button"
      class="attachment-image"
      aria-haspopup="dialog"
      aria-label={`View ${file.name}`}
      title={file.name}
      onClick={() => openDialog({ kind: 'image', file })}
    >
      <img src={previewUrl(file)} width={width} height={height} style={{ aspectRatio: `${width} / ${height}` }} alt={file.name} decoding="async" />
    </button>
  );
}

/** The whole card is the download link: one stop for the keyboard, one big target for the pointer. */
export function FileCard({ file }: { file: FileInfo }) {
  const kind = fileKind(file.type);
  return (
    <a class="file-card" href={fileUrl(file)} download={file.name} title={`Download ${file.name}`}>
      <span class="file-icon" data-kind={kind}>
        <Icon name={kind} size={20} />
      </span>
      <span class="file-text">
        <span class="file-name">{file.name}</span>
        <span class="file-meta">
          {formatBytes(file.size)} · {typeLabel(file)}
        </span>
      </span>
      <span class="file-download">
        <Icon name="download" size={18} />
        <span class="visually-hidden">Download</span>
      </span>
    </a>
  );
}
