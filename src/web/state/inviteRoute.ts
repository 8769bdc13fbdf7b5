// An invite link, `<origin>/#/invite/<token>`: in the hash, so the server needs no route for it; cleared once the
// sign-up it was for is done (or abandoned), so a reload does not offer it again.

export function inviteToken(hash = location.hash): string | null {
  const match = /^#\/invite\/([^/?#]+)\/?$/.exec(hash);
  return match ? decodeURIComponent(match[1]!) : null;
}

export const inviteLink = (token: string) => `${location.origin}/#/invite/${encodeURIComponent(token)}`;

export function clearInviteRoute(): void {
  if (inviteToken() !== null) history.replaceState(null, '', location.pathname + location.search);
}
