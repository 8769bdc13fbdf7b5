import { describe, expect, it } from 'vitest';
import { mentions } from './mentions.js';

describe('mentions', () => {
  it('finds @name in any case, as a whole word only', () => {
    for (const text of ['@ann', 'hi @Ann!', '(@ANN)', 'thanks @ann.', "@ann's idea", 'hey,@ann, look']) {
      expect(mentions(text, 'ann'), text).toBe(true);
    }
    for (const text of ['ann', '@anna', '@ann_b', '@ann-b', '@ann.lee', 'mail@ann.org', 'x@ann', '@@ann']) {
      expect(mentions(text, 'ann'), text).toBe(false);
    }
  });

  it('treats the username literally, dots and dashes included', () => {
    expect(mentions('@a.b-c hi', 'a.b-c')).toBe(true);
    expect(mentions('@aXb-c hi', 'a.b-c')).toBe(false);
  });

  it('does not find it where it is not drawn as a mention: in code, in a URL', () => {
    for (const text of ['`@ann`', '```\n@ann\n```', 'https://x.org/@ann', '\\@ann']) expect(mentions(text, 'ann'), text).toBe(false);
  });
});
