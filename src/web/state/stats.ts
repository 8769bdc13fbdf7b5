// The admin console's live view: the answering node's numbers, asked again every few seconds while it shows.
import type { ServerStats } from '../../shared/protocol.js';
import { rpc } from './client.js';

export const STATS_EVERY_MS = 5000;

export const loadStats = (): Promise<ServerStats> => rpc('admin:stats', {});
