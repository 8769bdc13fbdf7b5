// A formatted message as plain data: what the renderer makes of a body, and all the web app draws. Every node is
// drawn as DOM nodes (never as an HTML string), so a body can only ever produce the elements listed here.
export type MarkupNode =
  | { t: 'text'; text: string }
  | { t: 'br' }
  | { t: 'p' | 'blockquote' | 'ul' | 'li' | 'strong' | 'em' | 'del'; children: MarkupNode[] }
  | { t: 'ol'; start: number; children: MarkupNode[] }
  | { t: 'code'; text: string }
  /** A fenced code block; `lang` as written after the fence (letters, digits, `+#._-`), highlighted when known. */
  | { t: 'pre'; lang: string | null; children: CodeNode[] }
  /**
   * A link whose `href` is http(s) only. `host` (ASCII, IDN hosts in punycode) is set when the text is the author's
   * own label, so the real destination is always on screen.
   */
  | { t: 'link'; href: string; host: string | null; children: MarkupNode[] }
  /** `@name`; `name` lower-cased, or "here" / "channel" / "everyone". */
  | { t: 'mention'; name: string; text: string }
  | { t: 'channel'; name: string }
  | { t: 'emoji'; emoji: string; shortcode: string };

/** Highlighted code: text, and spans whose class comes from the highlighter's fixed set ("hljs-keyword"). */
export type CodeNode = string | { cls: string; children: CodeNode[] };

/** Turns a fenced block's code into highlighted nodes, or null when the language is unknown. */
export type Highlighter = (lang: string, code: string) => CodeNode[] | null;

export interface MarkupOptions {
  /** The emoji for a `:shortcode:`, or undefined (then the text stays as typed). */
  shortcode?: (name: string) => string | undefined;
  highlight?: Highlighter;
}
