// Whether the user can see Flack right now: the tab is visible and the window has focus. Only then are
// messages marked read; a hidden tab, or a window behind another app, collects unread messages instead.
import { signal } from '@preact/signals';

const present = () => document.visibilityState === 'visible' && document.hasFocus();

export const attending = signal(present());

const update = () => (attending.value = present());
window.addEventListener('focus', update);
window.addEventListener('blur', update);
document.addEventListener('visibilitychange', update);
