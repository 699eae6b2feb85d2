import type http2 from "node:http2";
import type { AddressInfo, Socket } from "node:net";
import type { ConnectRouter } from "@connectrpc/connect";
import { connectNodeAdapter } from "@connectrpc/connect-node";
import { JobService } from "@conveyor/client/gen/conveyor/v1/job_service_pb.js";
import { WorkerService } from "@conveyor/client/gen/conveyor/v1/worker_service_pb.js";
import { ScheduleService } from "@conveyor/client/gen/conveyor/v1/schedule_service_pb.js";
import { AdminService } from "@conveyor/client/gen/conveyor/v1/admin_service_pb.js";
import { WorkflowService } from "@conveyor/client/gen/conveyor/v1/workflow_service_pb.js";
import type { Logger } from "pino";
import { errorMappingInterceptor } from "./api/grpc-error-interceptor.ts";
import { authInterceptor, createAuthenticator } from "./auth/index.ts";
import { HealthStatusRegistry, registerHealthService, ServingStatus } from "./api/grpc-health.ts";
import { registerReflectionService } from "./api/grpc-reflection.ts";
import { registerAdminService } from "./api/admin-service.ts";
import { registerJobService } from "./api/job-service.ts";
import { registerScheduleService } from "./api/schedule-service.ts";
import { registerWorkflowService } from "./api/workflow-service.ts";
import { Broker } from "./broker/broker.ts";
import type { Config } from "./config/config.ts";
import { JobChangeListener } from "./events/job-change-listener.ts";
import { withCors } from "./http/cors.ts";
import { createHttpFallback } from "./http/http-fallback.ts";
import { createProtocolSniffingServer } from "./http/protocol-sniffing-listener.ts";
import type { ExecutionContext } from "./server-context.ts";
import { registerWorkerService } from "./api/worker-service.ts";
import { OutboxRelay } from "./broker/outbox-relay.ts";
import { AttemptReporter } from "./dispatch/attempt-reporter.ts";
import { Dispatcher } from "./dispatch/dispatcher.ts";
import { QueueRestrictions } from "./dispatch/queue-restrictions.ts";
import { LeaseReaper } from "./dispatch/lease-reaper.ts";
import { DueJobPromoter } from "./scheduler/due-job-promoter.ts";
import { RetentionPurger } from "./scheduler/retention-purger.ts";
import { ScheduleRunner } from "./scheduler/schedule-runner.ts";
import { WebhookSender } from "./webhooks/webhook-sender.ts";
import { createAddressGuard } from "./webhooks/address-guard.ts";
import { Database } from "./store/database.ts";
import { ConveyorMetrics } from "./observability/metrics.ts";
import { tracingInterceptor } from "./observability/tracing.ts";

export interface ConveyorServer {
  /** Base URL, e.g. http://127.0.0.1:50051. */
  readonly url: string;
  readonly port: number;
  readonly context: ExecutionContext;
  /** Stops accepting work, ends streams with UNAVAILABLE, closes connections; bounded by shutdownGraceMs. */
  close(): Promise<void>;
}

/**
 * Connects to PostgreSQL and RabbitMQ (failing fast, naming which one is missing), applies
 * migrations unless told not to, and serves gRPC, gRPC-Web and Connect on one port.
 */
export async function startConveyorServer(config: Config, logger: Logger): Promise<ConveyorServer> {
  // First: a key that cannot be loaded is a configuration error, whatever else is reachable.
  const authenticate = createAuthenticator(config);
  if (config.authMode === "off") {
    logger.warn("authentication is OFF (CONVEYOR_AUTH_MODE=off): every caller may do anything in every namespace");
  }
  const shutdown = new AbortController();
  const db = await Database.connect({ url: config.databaseUrl, poolSize: config.databasePoolSize });
  const resources: { close(): Promise<void> }[] = [db];
  const closeResources = async () => {
    for (const resource of resources.reverse()) await resource.close().catch((error) => logger.warn({ err: error }, "close failed"));
  };
  try {
    if (config.autoMigrate) {
      const applied = await db.migrate();
      if (applied.length > 0) logger.info({ migrations: applied }, "applied migrations");
    }
    const broker = await Broker.connect({ url: config.amqpUrl, prefix: config.amqpPrefix, logger, queueType: config.amqpQueueType });
    resources.push(broker);
    const jobChanges = new JobChangeListener({ databaseUrl: config.databaseUrl, logger });
    await jobChanges.start();
    resources.push(jobChanges);
    const restrictions = new QueueRestrictions({ db, jobChanges, logger });
    await restrictions.start();
    resources.push({ close: async () => restrictions.close() });

    const relay = new OutboxRelay({ db, broker, logger, leaseAheadMs: config.leaseAheadMs, pollIntervalMs: config.outboxPollIntervalMs });
    // One registry per server: several servers may run in one process (the tests do).
    const metrics = new ConveyorMetrics({ db, connectedWorkers: (): number => dispatcher.connectedWorkers });
    const dispatcher: Dispatcher = new Dispatcher({ db, broker, jobChanges, logger, leaseTtlMs: config.leaseTtlMs, leaseAheadMs: config.leaseAheadMs, restrictions, metrics });
    const reporter = new AttemptReporter({ db, relay, dispatcher, delayHorizonMs: config.delayHorizonMs, metrics, logger });
    dispatcher.onOrphanedLeases = (rows) =>
      void reporter
        .fail(rows.map((row) => ({ jobId: row.id, leaseId: row.lease_id!, error: "the worker's stream closed before the job reached it", nonRetryable: false, retryAfterMs: 0, outcome: "LOST" })))
        .catch((error) => logger.warn({ err: error }, "could not end orphaned leases; they will expire"));
    const reaper = new LeaseReaper({
      db,
      logger,
      intervalMs: config.reaperIntervalMs,
      fail: (items) => reporter.revoke(items),
      // After a restart, give live workers one lease length to heartbeat before reaping.
      firstRoundDelayMs: config.leaseTtlMs,
    });
    const promoter = new DueJobPromoter({
      db,
      logger,
      intervalMs: config.promoterIntervalMs,
      horizonMs: config.delayHorizonMs,
      waitingGraceMs: config.rescueOverdueAfterMs,
      readyGraceMs: config.reannounceReadyAfterMs,
      onAnnounced: () => relay.kick(),
    });
    // Closed in reverse order: background loops first, then the dispatcher, then the relay's last round.
    resources.push({ close: () => relay.stop() });
    resources.push({ close: () => dispatcher.close() });
    resources.push({ close: () => reaper.stop() });
    const scheduleRunner = new ScheduleRunner({
      db,
      logger,
      intervalMs: config.scheduleIntervalMs,
      misfireGraceMs: config.scheduleMisfireGraceMs,
      delayHorizonMs: config.delayHorizonMs,
      maxPayloadBytes: config.maxPayloadBytes,
      queueDefaults: config.queueDefaults,
      onFired: () => relay.kick(),
    });
    const purger = new RetentionPurger({
      db,
      logger,
      retentionMs: config.retentionMs,
      intervalMs: config.retentionIntervalMs,
      batchSize: config.retentionBatchSize,
    });
    const webhookGuard = createAddressGuard(config.webhookAllowedHosts);
    const webhooks = new WebhookSender({
      guard: webhookGuard,
      db,
      logger,
      intervalMs: config.webhookIntervalMs,
      timeoutMs: config.webhookTimeoutMs,
      maxAttempts: config.webhookMaxAttempts,
      backoffMs: config.webhookBackoffMs,
      secret: config.webhookSecret,
      onFailed: () => metrics.webhooksFailed.inc(),
    });
    resources.push({ close: () => promoter.stop() });
    resources.push({ close: () => scheduleRunner.stop() });
    resources.push({ close: () => purger.stop() });
    resources.push({ close: () => webhooks.stop() });
    purger.start();
    webhooks.start();
    relay.start();
    reaper.start();
    promoter.start();
    scheduleRunner.start();

    const context: ExecutionContext = {
      config,
      logger,
      db,
      jobChanges,
      kickOutbox: () => relay.kick(),
      // After the response is on its way (the caller waits for it; the jobs are no later for it).
      jobsCommitted: (namespace, jobs) =>
        setImmediate(() =>
          void dispatcher
            .offerCommitted(namespace, jobs)
            .catch((error) => logger.warn({ err: error }, "offering new jobs to local workers failed; their announcements bring them"))
            .finally(() => context.kickOutbox()),
        ),
      shutdownSignal: shutdown.signal,
      metrics,
      webhookGuard,
      dispatcher,
      reporter,
    };
    const health = new HealthStatusRegistry();
    const services = [JobService, WorkerService, ScheduleService, WorkflowService, AdminService];
    const routes = (router: ConnectRouter) => {
      registerJobService(router, context);
      registerWorkerService(router, context);
      registerScheduleService(router, context, { kickScheduler: () => scheduleRunner.kick() });
      registerWorkflowService(router, context);
      registerAdminService(router, context);
      registerHealthService(router, health);
      registerReflectionService(router, services);
    };
    for (const service of services) health.set(service.typeName, ServingStatus.SERVING);

    const handler = connectNodeAdapter({
      routes,
      // Outermost first: tracing, so that its spans record the code the client gets; then errors
      // mapped to codes, auth's included.
      interceptors: [tracingInterceptor(), errorMappingInterceptor(logger), authInterceptor(authenticate)],
      shutdownSignal: shutdown.signal,
      // No response compression: gzip cost more CPU than it saved at job rates, even over a network.
      acceptCompression: [],
      // A SubmitWorkflow carries many tasks' payloads; each payload is still held to maxPayloadBytes.
      readMaxBytes: Math.max(config.maxPayloadBytes * 2 + 64 * 1024, config.workflowMaxRequestBytes),
      fallback: createHttpFallback({ db, broker, metrics }),
    });
    const { server, http2Server } = createProtocolSniffingServer(withCors(handler, config.corsOrigins));
    const sockets = new Set<Socket>();
    server.on("connection", (socket) => {
      sockets.add(socket);
      socket.on("close", () => sockets.delete(socket));
    });
    const sessions = new Set<http2.Http2Session>();
    http2Server.on("session", (session) => {
      sessions.add(session);
      session.on("close", () => sessions.delete(session));
    });

    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(config.port, config.host, () => resolve());
    });
    const port = (server.address() as AddressInfo).port;
    const url = `http://${config.host === "0.0.0.0" ? "127.0.0.1" : config.host}:${port}`;
    logger.info({ url }, "conveyor server listening");

    let closing: Promise<void> | undefined;
    return {
      url,
      port,
      context,
      close: () =>
        (closing ??= (async () => {
          logger.info("conveyor server shutting down");
          health.shutdown();
          server.close();
          // Handlers see the abort and end their streams with UNAVAILABLE.
          shutdown.abort(new Error("server shutting down"));
          for (const session of sessions) session.close();
          await waitUntil(() => sessions.size === 0, config.shutdownGraceMs);
          for (const socket of sockets) socket.destroy();
          await closeResources();
          logger.info("conveyor server stopped");
        })()),
    };
  } catch (error) {
    await closeResources();
    throw error;
  }
}

async function waitUntil(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
}
