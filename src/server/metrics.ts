// Prometheus metrics of one node.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export function createMetrics(nodeId: string) {
  const registry = new Registry();
  registry.setDefaultLabels({ node: nodeId });
  collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: 10 });
  return {
    registry,
    sockets: new Gauge({ name: 'flack_connected_sockets', help: 'Connected Socket.IO clients', registers: [registry] }),
    messagesAccepted: new Counter({
      name: 'flack_messages_accepted_total',
      help: 'Messages stored and acknowledged',
      registers: [registry],
    }),
    eventsEmitted: new Counter({
      name: 'flack_events_emitted_total',
      help: 'Server-to-client broadcasts, by event',
      labelNames: ['event'],
      registers: [registry],
    }),
    deliverySeconds: new Histogram({
      name: 'flack_delivery_latency_seconds',
      help: 'From a message being accepted (server clock) to its broadcast being handed to the transport/adapter',
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
      registers: [registry],
    }),
    eventSeconds: new Histogram({
      name: 'flack_event_duration_seconds',
      help: 'Time from receiving a client event to acknowledging it (validation, authorization, storage)',
      labelNames: ['event'],
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
      registers: [registry],
    }),
  };
}
export type Metrics = ReturnType<typeof createMetrics>;
