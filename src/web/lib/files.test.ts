import { describe, expect, it } from 'vitest';
import { fileKind, filesText, typeLabel } from './files.js';
import { formatBytes } from './format.js';

describe('file labels', () => {
  it('sizes read as people read them', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(1023)).toBe('1023 B');
    expect(formatBytes(1536)).toBe('1.5 KB');
    expect(formatBytes(48 * 1024 + 300)).toBe('48 KB');
    expect(formatBytes(25 * 1024 * 1024)).toBe('25 MB');
    expect(formatBytes(3.25 * 1024 ** 3)).toBe('3.3 GB');
  });

  it('a type has a kind for its icon and a short label; an unknown one is named by its extension', () => {
    expect(fileKind('image/png')).toBe('image');
    expect(fileKind('application/pdf')).toBe('document');
    expect(fileKind('application/zip')).toBe('archive');
    expect(fileKind('application/octet-stream')).toBe('file');
    expect(typeLabel({ name: 'a.png', type: 'image/png' })).toBe('PNG image');
    expect(typeLabel({ name: 'report.pdf', type: 'application/pdf' })).toBe('PDF');
    expect(typeLabel({ name: 'notes.md', type: 'application/octet-stream' })).toBe('MD file');
    expect(typeLabel({ name: 'blob', type: 'application/octet-stream' })).toBe('File');
    expect(typeLabel({ name: 'x.svg', type: 'image/svg+xml' })).toBe('SVG image');
    expect(typeLabel({ name: 'x.docx', type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' })).toBe('DOCX');
  });

  it('files where only text fits', () => {
    expect(filesText([{ name: 'a.png' }, { name: 'b.pdf' }])).toBe('📎 a.png, b.pdf');
    expect(filesText([])).toBe('');
  });
});
