// The live numbers a core test needs: none were measured.
import type { Stats } from '../../src/core/ports.js';

export const UNMEASURED: Stats = {
  read: async () => ({ node: 'test', uptimeSeconds: 0, sockets: 0, messagesPerSecond: 0, deliveryP50Ms: null, deliveryP99Ms: null, storageBytes: null }),
};
