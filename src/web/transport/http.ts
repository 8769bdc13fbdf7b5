// The few HTTP calls: everything else goes over the socket. The session lives in an HttpOnly cookie,
// so the token in AuthReply is ignored here on purpose.
import type {
  ApiError,
  AuthReply,
  Credentials,
  ErrorCode,
  InvitePreview,
  PasswordResetPreview,
  SignUpRequest,
  User,
  WorkspaceDoor,
} from '../../shared/protocol.js';

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode | 'network',
    message: string,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

async function request<T>(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? null : JSON.stringify(body),
    });
  } catch {
    throw new HttpError(0, 'network', 'Cannot reach the server. Check your connection.');
  }
  const text = await res.text();
  const json: unknown = text ? safeParse(text) : undefined;
  if (!res.ok) {
    const error = (json as { error?: ApiError } | undefined)?.error;
    throw new HttpError(res.status, error?.code ?? 'internal', error?.message ?? `Request failed (${res.status})`);
  }
  return json as T;
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export const signUp = (c: SignUpRequest) => request<AuthReply>('POST', '/api/auth/signup', c);
export const signIn = (c: Credentials) => request<AuthReply>('POST', '/api/auth/signin', c);
export const signOut = () => request<unknown>('POST', '/api/auth/signout', {});
export const changePassword = (currentPassword: string, newPassword: string) =>
  request<AuthReply>('POST', '/api/auth/password', { currentPassword, newPassword });
export const deleteAccount = (password: string) => request<unknown>('DELETE', '/api/auth/account', { password });
/** The sign-in page's view of the workspace: its name and who may sign up (no session needed). */
export const workspaceDoor = () => request<WorkspaceDoor>('GET', '/api/workspace');
/** What an invite link offers; `invite_invalid` (404) once it expired, was used up or revoked. */
export const invitePreview = (token: string) => request<InvitePreview>('GET', `/api/invites/${encodeURIComponent(token)}`);
/** Whose password a reset link sets; `reset_invalid` (404) once it expired or was used. */
export const resetPreview = (token: string) => request<PasswordResetPreview>('GET', `/api/auth/reset/${encodeURIComponent(token)}`);
/** Sets the new password and signs in (the cookie), ending every other session of the account. */
export const resetPassword = (token: string, password: string) => request<AuthReply>('POST', '/api/auth/reset', { token, password });
/** An upload of yours that no message carries yet. */
export const deleteUpload = (id: string) => request<unknown>('DELETE', `/api/files/${encodeURIComponent(id)}`);

/** The signed-in user, or null when the session cookie is missing or expired. */
export async function currentUser(): Promise<User | null> {
  try {
    return (await request<{ user: User }>('GET', '/api/auth/me')).user;
  } catch (e) {
    if (e instanceof HttpError && e.status === 401) return null;
    throw e;
  }
}
