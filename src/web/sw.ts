// The service worker (served as /sw.js, scope /): shows the Web Push notifications the server sends while no Flack
// tab is open (docs/PUSH.md), and on a click focuses an open Flack tab or opens the message's permalink.
// It imports nothing, so Vite builds it into one file of its own.
import type { PushPayload } from '../shared/protocol.js';

// The few service worker types used here (the app's tsconfig has the DOM's, not the WebWorker library's).
interface ExtendableEvent extends Event {
  waitUntil(promise: Promise<unknown>): void;
}
interface PushEvent extends ExtendableEvent {
  data: { json(): unknown } | null;
}
interface NotificationEvent extends ExtendableEvent {
  notification: Notification & { data: { url?: string } | null };
}
interface WindowClient {
  url: string;
  focus(): Promise<WindowClient>;
  navigate(url: string): Promise<WindowClient | null>;
}
interface Worker {
  registration: ServiceWorkerRegistration;
  clients: { matchAll(options: { type: 'window'; includeUncontrolled: boolean }): Promise<WindowClient[]>; openWindow(url: string): Promise<unknown> };
  addEventListener(type: 'push', listener: (event: PushEvent) => void): void;
  addEventListener(type: 'notificationclick', listener: (event: NotificationEvent) => void): void;
}
const worker = self as unknown as Worker;

worker.addEventListener('push', (event) => {
  const payload = event.data?.json() as PushPayload | undefined;
  if (!payload) return;
  // One notification per conversation: a newer message replaces the older one.
  event.waitUntil(
    worker.registration.showNotification(payload.title, {
      body: payload.body,
      tag: `flack-conversation-${payload.conversationId}`,
      icon: '/favicon.svg',
      data: { url: payload.url },
    }),
  );
});

worker.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const url = new URL(event.notification.data?.url ?? '/', worker.registration.scope).href;
  event.waitUntil(
    (async () => {
      const tabs = await worker.clients.matchAll({ type: 'window', includeUncontrolled: true });
      const tab = tabs.find((t) => new URL(t.url).origin === new URL(url).origin);
      if (!tab) return worker.clients.openWindow(url);
      await tab.focus();
      return tab.navigate(url);
    })(),
  );
});
