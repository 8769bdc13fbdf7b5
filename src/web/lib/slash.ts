// Slash commands, the pure part: whether a line is a command, the "/name" being typed for the composer's list, the
// text once one is picked, and the bodies /me and /shrug post. A command is "/" at the very start of the text, a
// letter, then letters, digits, "_" or "-", ended by whitespace or the end: "//x", " /x", "/usr/bin" and "/ x" are
// ordinary messages, posted as typed.
import { renderMarkup } from '../../shared/markup/render.js';

export interface CommandLine {
  /** Lower-cased, without the "/". */
  name: string;
  /** Everything after the name and the whitespace that follows it, trimmed (inner new lines kept). */
  args: string;
}

const COMMAND = /^\/([A-Za-z][\w-]*)(?:\s+([\s\S]*))?$/;

/** The command a line runs, or null when it is a message. */
export function parseCommand(text: string): CommandLine | null {
  const m = COMMAND.exec(text.trimEnd());
  return m ? { name: m[1]!.toLowerCase(), args: (m[2] ?? '').trim() } : null;
}

/** The "/name" being typed: the caret in the first word of a text that starts with "/". `prefix` is what was typed. */
export interface CommandToken {
  /** `text.slice(0, end)` is replaced by the pick. */
  end: number;
  prefix: string;
}

export function commandAt(text: string, caret: number): CommandToken | null {
  if (text[0] !== '/') return null;
  const word = /^\/[\w-]*/.exec(text)![0];
  if (caret < 1 || caret > word.length) return null;
  const rest = text.slice(word.length);
  // "/usr/bin", "//x": not a command being typed.
  if (rest !== '' && !/^\s/.test(rest)) return null;
  return { end: word.length, prefix: text.slice(1, caret).toLowerCase() };
}

/** `/name ` in place of the token, and the caret after the space (one already there is reused). */
export function insertCommand(text: string, token: CommandToken, name: string): { text: string; caret: number } {
  const after = text.slice(token.end);
  const head = `/${name}`;
  return { text: head + (after.startsWith(' ') ? after : ` ${after}`), caret: head.length + 1 };
}

export const SHRUG = '¯\\_(ツ)_/¯';

/** `text ¯\_(ツ)_/¯`, its backslash and underscores escaped for the renderer so that they show as typed. */
export function shrugBody(text: string): string {
  const shrug = SHRUG.replace(/[\\_]/g, (c) => `\\${c}`);
  return text ? `${text} ${shrug}` : shrug;
}

/**
 * An action ("/me waves") as the message `_waves_`: the whole text in italics, as Mattermost posts it. The text is
 * the author's markup; when "_" cannot wrap it whole (it ends in "_", say) "*" is tried, and failing both it is
 * posted as written rather than half in italics.
 */
export function actionBody(text: string): string {
  for (const mark of ['_', '*']) {
    const body = `${mark}${text}${mark}`;
    if (wholeInItalics(body)) return body;
  }
  return text;
}

function wholeInItalics(body: string): boolean {
  const nodes = renderMarkup(body);
  const p = nodes[0];
  return nodes.length === 1 && p?.t === 'p' && p.children.length === 1 && p.children[0]!.t === 'em';
}
