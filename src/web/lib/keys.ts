export const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);
export const modKey = isMac ? '⌘' : 'Ctrl';
/** Ctrl+K, or ⌘K on a Mac. */
export const isModK = (e: KeyboardEvent) => (isMac ? e.metaKey : e.ctrlKey) && !e.altKey && e.key.toLowerCase() === 'k';
