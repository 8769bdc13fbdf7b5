// The signed-out side: what the sign-in page knows of the workspace (its name, who may sign up), the invite link it
// was reached through, and signing in or up. The server decides; this only says what to offer.
import { computed, signal } from '@preact/signals';
import type { Credentials, InvitePreview, WorkspaceDoor } from '../../shared/protocol.js';
import { HttpError, invitePreview, signIn, signUp, workspaceDoor } from '../transport/http.js';
import { clearInviteRoute, inviteToken } from './inviteRoute.js';
import { startSession } from './live.js';
import { notice } from './ui.js';

/** undefined: not asked yet; null: the server did not say (an older server, a network error). */
export const door = signal<WorkspaceDoor | null | undefined>(undefined);

export type InviteView =
  | { token: string; status: 'loading' }
  | { token: string; status: 'valid'; preview: InvitePreview }
  | { token: string; status: 'invalid'; message: string };
export const invite = signal<InviteView | null>(null);

const INVALID = 'This invite link has expired, was used up or was revoked. Ask whoever sent it for a new one.';
const CLOSED = 'This workspace is not taking new accounts at the moment, not even through invite links.';

/** Reads the location's invite link (if any) and asks the server about it and about the workspace. */
export async function loadDoor(): Promise<void> {
  const token = inviteToken();
  if (token !== invite.value?.token) invite.value = token ? { token, status: 'loading' } : null;
  const [d] = await Promise.all([workspaceDoor().catch(() => null), token ? loadInvite(token) : undefined]);
  door.value = d;
}

async function loadInvite(token: string): Promise<void> {
  try {
    const preview = await invitePreview(token);
    if (invite.value?.token === token) invite.value = { token, status: 'valid', preview };
  } catch (e) {
    const message = !(e instanceof HttpError) || e.code === 'invite_invalid' ? INVALID : e.code === 'signup_closed' ? CLOSED : e.message;
    if (invite.value?.token === token) invite.value = { token, status: 'invalid', message };
  }
}

/**
 * Whether to offer "Create account": with a valid invite, or when the workspace is open (or new). When the server
 * did not say, it is offered and the server's answer is shown.
 */
export const signUpOffered = computed(() => {
  if (invite.value) return invite.value.status === 'valid';
  const d = door.value;
  return d === null || d?.signUp === 'open' || d?.signUp === 'first';
});

/** Leave the invite link behind (it expired, or you have an account already): the plain sign-in page. */
export function forgetInvite(): void {
  clearInviteRoute();
  invite.value = null;
}

export async function signInWith(c: Credentials): Promise<void> {
  const reply = await signIn(c);
  forgetInvite();
  notice.value = null;
  startSession(reply.user);
}

export async function signUpWith(c: Credentials): Promise<void> {
  const held = invite.value;
  const token = held?.status === 'valid' ? held.token : undefined;
  try {
    const reply = await signUp({ ...c, ...(token !== undefined && { invite: token }) });
    forgetInvite();
    notice.value = null;
    startSession(reply.user);
  } catch (e) {
    // Used up or revoked since the page showed it: say so instead of the form.
    if (token !== undefined && e instanceof HttpError && e.code === 'invite_invalid') invite.value = { token, status: 'invalid', message: INVALID };
    throw e;
  }
}
