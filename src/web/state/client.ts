// The one socket and its connection status. Other state modules talk to the server only through `rpc`/`tell`.
import { signal } from '@preact/signals';
import { call, createSocket, notify, type DataOf, type FlackSocket, type PayloadOf } from '../transport/socket.js';
import type { ClientToServerEvents } from '../../shared/protocol.js';

/**
 * 'connecting': first connect not done yet; 'online'; 'reconnecting': lost after having been online;
 * 'offline': lost, and the browser says the device has no network at all.
 */
export type ConnectionStatus = 'connecting' | 'online' | 'reconnecting' | 'offline';
export const connection = signal<ConnectionStatus>('connecting');
/** The server speaks another protocol version (Flack was updated): only a reload helps. */
export const outdated = signal(false);

let socket: FlackSocket | null = null;

export function openSocket(): FlackSocket {
  socket?.disconnect();
  socket = createSocket();
  return socket;
}

export function closeSocket(): void {
  socket?.disconnect();
  socket = null;
  connection.value = 'connecting';
}

export const isConnected = () => socket?.connected === true;

export function rpc<E extends keyof ClientToServerEvents>(event: E, payload: PayloadOf<E>, timeoutMs?: number): Promise<DataOf<E>> {
  if (!socket) return Promise.reject(new Error('not signed in'));
  return call(socket, event, payload, timeoutMs);
}

export function tell<E extends 'typing' | 'read' | 'thread:read' | 'focus'>(event: E, payload: PayloadOf<E>): void {
  // A stale "typing" after reconnect would be a lie; read positions and focus are worth delivering late.
  if (!socket || (event === 'typing' && !socket.connected)) return;
  notify(socket, event, payload);
}
