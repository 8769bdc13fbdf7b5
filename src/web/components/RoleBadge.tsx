// "owner", "admin", "guest" beside a name where people are listed; members, the usual case, carry none.
import type { Role } from '../../shared/protocol.js';

export function RoleBadge({ role }: { role: Role | undefined }) {
  if (!role || role === 'member') return null;
  return <span class={`tag role-tag role-${role}`}>{role}</span>;
}
