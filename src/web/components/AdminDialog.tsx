// The admin console (owners and admins): people, public channels, invite links, bots and webhooks, the workspace's settings, the live
// numbers of the server, the audit log, one tab each (WAI-ARIA tabs: ←/→/Home/End move between them, the panel follows).
import { useRef, useState } from 'preact/hooks';
import { allowed } from '../state/rights.js';
import { workspace } from '../state/workspace.js';
import { AdminAudit } from './AdminAudit.js';
import { AdminChannels } from './AdminChannels.js';
import { AdminIntegrations } from './AdminIntegrations.js';
import { AdminInvites } from './AdminInvites.js';
import { AdminLive } from './AdminLive.js';
import { AdminPeople } from './AdminPeople.js';
import { AdminSettings } from './AdminSettings.js';
import { Dialog } from './Dialog.js';

const TABS = [
  { id: 'people', label: 'People', Panel: AdminPeople },
  { id: 'channels', label: 'Channels', Panel: AdminChannels },
  { id: 'invites', label: 'Invites', Panel: AdminInvites },
  { id: 'integrations', label: 'Integrations', Panel: AdminIntegrations },
  { id: 'settings', label: 'Settings', Panel: AdminSettings },
  { id: 'live', label: 'Live', Panel: AdminLive },
  { id: 'audit', label: 'Audit log', Panel: AdminAudit },
] as const;
type TabId = (typeof TABS)[number]['id'];

export function AdminDialog() {
  const [tab, setTab] = useState<TabId>('people');
  const list = useRef<HTMLDivElement>(null);
  // Demoted while it was open (the reconnect brought a snapshot with the new role): nothing here is yours to do.
  if (!allowed('administer')) return null;

  const select = (i: number) => {
    const next = TABS[(i + TABS.length) % TABS.length]!;
    setTab(next.id);
    list.current?.querySelector<HTMLElement>(`#admin-tab-${next.id}`)?.focus();
  };
  const at = TABS.findIndex((t) => t.id === tab);
  const { Panel } = TABS[at]!;

  return (
    <Dialog title="Admin console" description={`Run ${workspace.value?.name ?? 'this workspace'}: its people, channels, invite links, bots and webhooks, and settings.`} wide class="admin-dialog">
      <div
        ref={list}
        role="tablist"
        aria-label="Admin console"
        class="admin-tabs"
        onKeyDown={(e) => {
          const to = { ArrowRight: at + 1, ArrowLeft: at - 1, Home: 0, End: TABS.length - 1 }[e.key];
          if (to === undefined) return;
          e.preventDefault();
          select(to);
        }}
      >
        {TABS.map((t) => (
          <button
            key={t.id}
            id={`admin-tab-${t.id}`}
            type="button"
            role="tab"
            class="admin-tab"
            aria-selected={t.id === tab}
            aria-controls={`admin-panel-${t.id}`}
            tabIndex={t.id === tab ? 0 : -1}
            onClick={() => setTab(t.id)}
          >
            {t.label}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`admin-panel-${tab}`} aria-labelledby={`admin-tab-${tab}`} class="admin-panel">
        <Panel key={tab} />
      </div>
    </Dialog>
  );
}
