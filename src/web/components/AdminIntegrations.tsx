// The console's Integrations tab: bot accounts and incoming webhooks, each a form for a new one above the ones made.
import { useEffect, useState } from 'preact/hooks';
import type { Integration } from '../../shared/integrations.js';
import { errorText } from '../lib/errors.js';
import { bots, loadIntegrations, webhooks } from '../state/integrations.js';
import { IntegrationRow } from './IntegrationRow.js';
import { NewBotForm } from './NewBotForm.js';
import { NewWebhookForm } from './NewWebhookForm.js';

export function AdminIntegrations() {
  const [error, setError] = useState<string | null>(null);
  useEffect(() => void loadIntegrations().catch((e: unknown) => setError(errorText(e))), []);
  return (
    <>
      {error && (
        <p class="form-error" role="alert">
          {error}
        </p>
      )}
      <NewWebhookForm />
      <Listed id="webhooks" title="Incoming webhooks" list={webhooks.value} empty="No webhooks yet." failed={error !== null} />
      <NewBotForm />
      <Listed id="bots" title="Bots" list={bots.value} empty="No bots yet." failed={error !== null} />
    </>
  );
}

function Listed({ id, title, list, empty, failed }: { id: string; title: string; list: Integration[] | null; empty: string; failed: boolean }) {
  return (
    <section class="admin-section" aria-labelledby={`${id}-heading`}>
      <h3 id={`${id}-heading`}>{title}</h3>
      {!list && !failed && (
        <p class="muted" role="status">
          Loading…
        </p>
      )}
      {list?.length === 0 && <p class="muted">{empty}</p>}
      {list && list.length > 0 && (
        <ul class="admin-list integration-list" aria-label={title}>
          {list.map((i) => (
            <IntegrationRow key={i.user.id} integration={i} />
          ))}
        </ul>
      )}
    </section>
  );
}
