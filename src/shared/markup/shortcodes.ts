// `:shortcode:` names to emoji, from an emojibase shortcode set (hexcode → one name or several).
const ONE_EMOJI = new RegExp('^\\p{RGI_Emoji}$', 'v');

export function shortcodeTable(data: Readonly<Record<string, string | readonly string[]>>): Map<string, string> {
  const table = new Map<string, string>();
  for (const [hexcode, names] of Object.entries(data)) {
    const emoji = fromHexcode(hexcode);
    for (const name of typeof names === 'string' ? [names] : names) if (!table.has(name)) table.set(name, emoji);
  }
  return table;
}

/** The emoji in its fully-qualified form: emojibase's hexcodes leave out U+FE0F ("2764" for ❤️). */
function fromHexcode(hexcode: string): string {
  const bare = String.fromCodePoint(...hexcode.split('-').map((h) => parseInt(h, 16)));
  return ONE_EMOJI.test(bare) || !ONE_EMOJI.test(`${bare}\uFE0F`) ? bare : `${bare}\uFE0F`;
}
