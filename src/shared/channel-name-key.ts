// The key under which channel names are unique: names that look alike get the same key, so the second one is
// refused as taken. It is the UTS #39 skeleton (https://www.unicode.org/reports/tr39/#Confusable_Detection) of the
// case-folded name: NFKC, lower case, NFD, every character replaced by its prototype from Unicode's confusables.txt
// (the unhomoglyph package), lower case and NFD again. "gеneral" (Cyrillic е), "ｇｅｎｅｒａｌ", "GENERAL" and
// "general" share a key; so do "rn" and "m", "g0" and "go". The key is for comparing only, never shown.
import unhomoglyph from 'unhomoglyph';

export function channelNameKey(name: string): string {
  const folded = name.normalize('NFKC').toLowerCase().normalize('NFD');
  return unhomoglyph(folded).toLowerCase().normalize('NFD');
}
