// The page a password reset link opens (signed out): whose password it sets, then the new password, which signs
// you in. A link that expired or was used says so instead, and "Sign in instead" leaves it behind.
import { signal } from '@preact/signals';
import { HttpError, resetPassword, resetPreview } from '../transport/http.js';
import { startSession } from './live.js';
import { clearResetRoute, resetToken } from './resetRoute.js';
import { notice } from './ui.js';

export type ResetView =
  | { token: string; status: 'loading' }
  | { token: string; status: 'valid'; username: string }
  | { token: string; status: 'invalid'; message: string };
export const reset = signal<ResetView | null>(null);

const INVALID = 'This password reset link has expired or was already used. Ask an admin for a new one.';

/** Reads the location's reset link (if any) and asks the server whose it is. */
export async function loadReset(): Promise<void> {
  const token = resetToken();
  if (token === reset.value?.token) return;
  reset.value = token ? { token, status: 'loading' } : null;
  if (!token) return;
  try {
    const { username } = await resetPreview(token);
    if (reset.value?.token === token) reset.value = { token, status: 'valid', username };
  } catch (e) {
    const message = !(e instanceof HttpError) || e.code === 'reset_invalid' ? INVALID : e.message;
    if (reset.value?.token === token) reset.value = { token, status: 'invalid', message };
  }
}

export function forgetReset(): void {
  clearResetRoute();
  reset.value = null;
}

/** Throws the server's refusal (a password it does not take); a link used meanwhile turns the page into the notice. */
export async function setNewPassword(password: string): Promise<void> {
  const held = reset.value;
  if (held?.status !== 'valid') return;
  try {
    const reply = await resetPassword(held.token, password);
    forgetReset();
    notice.value = null;
    startSession(reply.user);
  } catch (e) {
    if (e instanceof HttpError && e.code === 'reset_invalid') reset.value = { token: held.token, status: 'invalid', message: INVALID };
    throw e;
  }
}
