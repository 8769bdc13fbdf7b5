// Wires one Flack node: storage → core → HTTP routes + Socket.IO. `startFlack` is used by main.ts and by tests.
import cookie from '@fastify/cookie';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { createFlack, type Flack } from '../core/flack.js';
import type { ChangeBatch } from '../shared/protocol.js';
import type { Storage } from '../storage/storage.js';
import { redisKeyPrefix, type Config } from './config.js';
import { registerApi } from './http/api/register.js';
import { registerAuthRoutes } from './http/auth-routes.js';
import { registerErrorHandler } from './http/errors.js';
import { registerFileRoutes } from './http/file-routes.js';
import { DiskFileBytes } from '../storage/file-bytes/disk-file-bytes.js';
import { registerHealthRoutes } from './http/health.js';
import { originPolicy } from './http/origin.js';
import { registerSecurityHeaders } from './http/security-headers.js';
import { registerWebApp } from './http/web-app.js';
import { registerWebhookRoutes } from './http/webhook-routes.js';
import { registerWorkspaceRoutes } from './http/workspace-routes.js';
import { HourlyJob } from './hourly-job.js';
import { sendDelivery } from './outgoing/send.js';
import { webhookTargets } from './outgoing/ssrf-guard.js';
import { OutgoingWorker } from './outgoing/worker.js';
import { LiveStats } from './live-stats.js';
import { createMetrics } from './metrics.js';
import { MemoryRateLimiter, noRateLimits, rulesWith } from './rate-limit.js';
import { SocketFanout, type FlackServer } from './realtime/fanout.js';
import { LocalPresence } from './realtime/presence.js';
import { HandshakeGuard } from './realtime/handshake-guard.js';
import { OutboundBudget } from './realtime/outbound-budget.js';
import { PresenceBroadcast } from './realtime/presence-broadcast.js';
import { PresenceWatchers } from './realtime/presence-watch.js';
import { attachSocketHandlers, createSocketServer, MAX_PAYLOAD_BYTES } from './realtime/socket-server.js';
import { openStorage } from './storage-factory.js';
import { PushQueue, vapidKeys } from './push/push-queue.js';

/** How long a custom slash command's webhook has to answer (Slack gives 3 s). */
const COMMAND_TIMEOUT_MS = 3_000;

export interface RunningFlack {
  url: string;
  port: number;
  http: FastifyInstance;
  io: FlackServer;
  flack: Flack;
  storage: Storage;
  /** This node's sender of outgoing webhooks. */
  outgoing: OutgoingWorker;
  /** Web Push's queue: `drain()` waits for what is queued (tests). */
  push: PushQueue;
  /** Graceful: stop accepting, close sockets, finish writes, close storage. */
  close(): Promise<void>;
}

export async function startFlack(config: Config): Promise<RunningFlack> {
  const log = pino({ level: config.logLevel, base: { node: config.nodeId } });
  const storage = await openStorage(config);
  const metrics = createMetrics(config.nodeId);
  const origins = originPolicy(config.publicUrl);
  const https = config.publicUrl?.startsWith('https:') ?? false;

  const http = Fastify({
    loggerInstance: log as FastifyBaseLogger,
    bodyLimit: MAX_PAYLOAD_BYTES,
    trustProxy: config.trustProxy,
    // One line per HTTP request is noise for a chat server; LOG_LEVEL=debug brings it back.
    logController: new LogController({ disableRequestLogging: !['debug', 'trace'].includes(config.logLevel) }),
  });
  const guard = new HandshakeGuard(origins, config.trustProxy);
  const io = createSocketServer(http.server, guard);
  const rules = rulesWith(config.signUpsPerIp);
  const watchers = new PresenceWatchers();
  // With REDIS_URL, the Socket.IO adapter, presence and rate limits are shared by every node.
  const cluster = config.redisUrl
    ? await (await import('./cluster/join-cluster.js')).joinCluster({
        redisUrl: config.redisUrl,
        keyPrefix: redisKeyPrefix(config),
        rules,
        io,
        presenceAudience: watchers,
        log,
        nodeId: config.nodeId,
      })
    : undefined;
  const presence = cluster?.presence ?? new LocalPresence();
  const limiter = !config.rateLimits ? noRateLimits : (cluster?.limiter ?? new MemoryRateLimiter(Date.now, rules));

  const liveStats = new LiveStats(config.nodeId, () => io.engine.clientsCount, () => storage.sizeBytes());
  let outgoing: OutgoingWorker | undefined;
  const fanout = new SocketFanout(io, (event, ...args) => {
    metrics.eventsEmitted.inc({ event });
    if (event === 'changes') {
      outgoing?.nudge(); // a new message may fire a webhook (queued and sent beside this send, never in it)
      // Delivery latency of new messages: the message a batch created is stamped with that batch's clock and
      // has not been changed since.
      const batch = args[0] as ChangeBatch;
      const fresh = batch.messages.length === 1 ? batch.messages[0]! : null;
      if (fresh && fresh.clock === batch.clock && fresh.editedAt === null && fresh.deletedAt === null && !fresh.reactions.length) {
        metrics.deliverySeconds.observe((Date.now() - fresh.createdAt) / 1000);
        liveStats.delivered(Date.now() - fresh.createdAt);
      }
    }
  });
  const fileBytes = await new DiskFileBytes(config.filesDir).open();
  const pushKeys = await vapidKeys(config.vapidKeys, (candidate) => storage.pushKeys(candidate));
  const push = new PushQueue({
    keys: pushKeys,
    subject: config.vapidSubject,
    log,
    delivered: (id) => storage.pushDelivered(id, Date.now()),
    expired: (id) => storage.deletePushSubscription(id),
  });
  const flack = createFlack({
    stats: liveStats,
    settings: {
      maxUploadBytes: config.maxUploadBytes,
      uploadQuotaBytes: config.uploadQuotaBytes,
      signUpModeLock: config.signUpMode ?? null,
      sessionIdleMs: config.sessionIdleMs,
      webhookAllowPrivate: config.webhookAllowPrivate,
      pushAllowHttp: config.pushAllowHttp,
    },
    storage,
    fileBytes,
    fanout,
    presence,
    push,
    webhookTargets,
    commandCalls: { call: (request) => sendDelivery(request, { allowPrivate: config.webhookAllowPrivate, timeoutMs: COMMAND_TIMEOUT_MS }) },
    now: Date.now,
    passwordCost: config.passwordCost,
  });
  await flack.start();
  outgoing = new OutgoingWorker({ flack, storage, allowPrivate: config.webhookAllowPrivate, leaseMs: config.outgoingLeaseMs, log });
  const sender = outgoing;
  const jobs = [
    new HourlyJob('swept files', () => flack.sweepFiles(), log),
    new HourlyJob('applied message retention', () => flack.applyRetention(), log),
  ];
  const presenceBroadcast = new PresenceBroadcast(watchers, () => io.engine.clientsCount);
  const budget = new OutboundBudget(io, (userId, bytes) =>
    log.warn({ userId, bytes }, 'closed a socket that stopped reading (outbound budget exceeded)'),
  );
  attachSocketHandlers(io, {
    flack,
    presence,
    presenceBroadcast,
    watchers,
    budget,
    guard,
    limiter,
    log,
    sessionRecheckMs: config.sessionRecheckMs,
    onEvent: (event, ms) => {
      metrics.eventSeconds.observe({ event }, ms / 1000);
      if (event === 'message:send') {
        metrics.messagesAccepted.inc();
        liveStats.messageAccepted();
      }
    },
  });
  io.on('connection', (socket) => {
    metrics.sockets.inc();
    socket.on('disconnect', () => metrics.sockets.dec());
  });

  registerErrorHandler(http);
  await http.register(cookie);
  await registerSecurityHeaders(http, https);
  registerAuthRoutes(http, { flack, limiter, origins, secureCookies: https });
  registerWorkspaceRoutes(http, { flack, limiter });
  // The VAPID public key is public by design: the browser subscribes with it (docs/PUSH.md).
  http.get('/api/push/key', async () => ({ publicKey: pushKeys.publicKey }));
  registerWebhookRoutes(http, { flack, limiter });
  const checks: Record<string, () => Promise<void>> = { database: () => storage.ping() };
  if (cluster) checks.redis = () => cluster.ping();
  await registerFileRoutes(http, { flack, fileBytes, limiter, origins });
  registerApi(http, { flack, limiter, origins });
  registerHealthRoutes(http, { checks, metrics: metrics.registry });
  await registerWebApp(http, config.webDir);

  // A restart's reconnect storm fills the accept queue faster than one event loop drains it: with Node's default
  // of 511, connections past it are reset and wait out a backoff (bench/reconnect-storm.ts). The kernel caps this
  // at net.core.somaxconn (4096 on current kernels).
  await http.listen({ port: config.port, host: config.host, backlog: 4096 });
  const address = http.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const shownHost = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  const url = `http://${shownHost}:${port}`;
  log.info({ url, storage: config.databaseUrl ? 'postgres' : 'sqlite' }, 'Flack is listening');

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      await sender.close(); // sends under way finish and are recorded, while the store is open
      presenceBroadcast.close();
      budget.close();
      for (const job of jobs) job.close();
      // Closing the server ends the keep-alive connections idle at that moment; one still finishing a response (a
      // download whose client had every byte before the file stream ended) would keep it open until its keep-alive
      // timeout, so idle ones are ended again until the server has closed.
      const idle = setInterval(() => http.server.closeIdleConnections(), 50);
      await new Promise<void>((resolve) => io.close(() => resolve()));
      clearInterval(idle);
      await http.close();
      await push.close();
      await presence.close();
      await cluster?.close();
      await storage.close();
    })());
  return { url, port, http, io, flack, storage, outgoing: sender, push, close };
}
