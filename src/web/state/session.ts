import { signal } from '@preact/signals';
import type { User } from '../../shared/protocol.js';

export type AuthState = 'loading' | 'signed-out' | 'signed-in';
export const authState = signal<AuthState>('loading');
export const me = signal<User | null>(null);
