// Text as shown: a run of combining marks ("Zalgo" text) is cut to a few per character, so it cannot draw over the
// messages above and below. Real scripts stack at most four or so (Vietnamese two, Hebrew with cantillation four).
const MARK_RUN = /(\p{M}{6})\p{M}+/gu;

export const tameMarks = (text: string): string => text.replace(MARK_RUN, '$1');
