// A message's files as both stores keep them on its row (`messages.files`): the JSON of Message.files, written once
// when the message is stored (files never change after) and cleared when it is deleted.
import type { FileInfo, Message } from '../shared/protocol.js';

/** Null when the message has no files. */
export const filesJson = (files: FileInfo[] | undefined): string | null => (files?.length ? JSON.stringify(files) : null);

/** What search finds a message's files by: their names, one a line. */
export const fileNames = (files: FileInfo[]): string | null => (files.length ? files.map((f) => f.name).join('\n') : null);

export const filesFromJson = (json: string | null): Pick<Message, 'files'> => (json ? { files: JSON.parse(json) as FileInfo[] } : {});
