// Web Push on this browser (docs/PUSH.md): turning it on registers the service worker (/sw.js), asks the
// browser's permission, subscribes with the server's VAPID key and sends `push:subscribe`; turning it off
// unsubscribes. The devices of yours that receive pushes come from `push:list`.
import { signal } from '@preact/signals';
import type { PushDevice } from '../../shared/protocol.js';
import { rpc } from './client.js';
import { notificationPermission } from './notifications.js';

export const pushSupported = () => typeof navigator !== 'undefined' && 'serviceWorker' in navigator && typeof PushManager !== 'undefined';

/** 'on': this browser has a subscription; an error is the browser's own words. */
export const pushState = signal<{ on: boolean; busy: boolean; error: string | null }>({ on: false, busy: false, error: null });
export const pushDevices = signal<PushDevice[] | null>(null);

async function registration(): Promise<ServiceWorkerRegistration> {
  await navigator.serviceWorker.register('/sw.js', { scope: '/' });
  return navigator.serviceWorker.ready;
}

/** Whether this browser is subscribed already (the account dialog asks when it opens). */
export async function loadPushState(): Promise<void> {
  if (!pushSupported()) return;
  const existing = await navigator.serviceWorker.getRegistration('/');
  const subscription = await existing?.pushManager.getSubscription();
  pushState.value = { ...pushState.value, on: Boolean(subscription) };
  pushDevices.value = (await rpc('push:list', {})).devices;
}

async function working(work: () => Promise<void>): Promise<void> {
  pushState.value = { ...pushState.value, busy: true, error: null };
  try {
    await work();
  } catch (error) {
    pushState.value = { ...pushState.value, error: `This browser could not turn it on: ${error instanceof Error ? error.message : String(error)}` };
  } finally {
    pushState.value = { ...pushState.value, busy: false };
    pushDevices.value = (await rpc('push:list', {}).catch(() => null))?.devices ?? pushDevices.value;
  }
}

/** Must follow a click: the browser asks for permission. */
export const enablePush = () =>
  working(async () => {
    const permission = await Notification.requestPermission();
    notificationPermission.value = permission;
    if (permission !== 'granted') throw new Error('Notifications are not allowed for this site in this browser.');
    const { publicKey } = (await (await fetch('/api/push/key')).json()) as { publicKey: string };
    const reg = await registration();
    const subscription = await reg.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: base64urlBytes(publicKey) });
    const { endpoint, keys } = subscription.toJSON() as { endpoint: string; keys: { p256dh: string; auth: string } };
    await rpc('push:subscribe', { endpoint, keys });
    pushState.value = { ...pushState.value, on: true };
  });

export const disablePush = () =>
  working(async () => {
    const subscription = await (await navigator.serviceWorker.getRegistration('/'))?.pushManager.getSubscription();
    if (subscription) {
      await rpc('push:unsubscribe', { endpoint: subscription.endpoint }).catch(() => undefined); // gone already
      await subscription.unsubscribe();
    }
    pushState.value = { ...pushState.value, on: false };
  });

export const removePushDevice = (id: number) => working(() => rpc('push:unsubscribe', { id }).then(() => undefined));

function base64urlBytes(value: string): Uint8Array<ArrayBuffer> {
  const binary = atob(value.replace(/-/g, '+').replace(/_/g, '/'));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}
