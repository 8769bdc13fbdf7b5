// "owner", "admin", "guest" beside a name where people are listed, and "bot" on bot accounts and webhooks (which
// have a guest's rights, but are programs); members, the usual case, carry none.
import type { Role, User } from '../../shared/protocol.js';

export function RoleBadge({ role, bot }: { role: Role | undefined; bot?: User['bot'] }) {
  if (bot) return <span class="tag role-tag role-bot">bot</span>;
  if (!role || role === 'member') return null;
  return <span class={`tag role-tag role-${role}`}>{role}</span>;
}
