export const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);
export const modKey = isMac ? '⌘' : 'Ctrl';
/** Ctrl+K, or ⌘K on a Mac. */
export const isModK = (e: KeyboardEvent) => (isMac ? e.metaKey : e.ctrlKey) && !e.altKey && e.key.toLowerCase() === 'k';
/** Ctrl+F, or ⌘F on a Mac: the app's message search instead of the browser's find in page. */
export const isModF = (e: KeyboardEvent) => (isMac ? e.metaKey : e.ctrlKey) && !e.altKey && !e.shiftKey && e.key.toLowerCase() === 'f';
