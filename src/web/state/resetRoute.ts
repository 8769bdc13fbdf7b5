// A password reset link, `<origin>/#/reset/<token>`: in the hash like an invite link (state/inviteRoute.ts), and
// cleared once the new password is set (or the link is left behind), so a reload does not offer it again.

export function resetToken(hash = location.hash): string | null {
  const match = /^#\/reset\/([^/?#]+)\/?$/.exec(hash);
  return match ? decodeURIComponent(match[1]!) : null;
}

export const resetLink = (token: string) => `${location.origin}/#/reset/${encodeURIComponent(token)}`;

export function clearResetRoute(): void {
  if (resetToken() !== null) history.replaceState(null, '', location.pathname + location.search);
}
