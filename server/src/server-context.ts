import type { Logger } from "pino";
import type { Config } from "./config/config.ts";
import type { JobChangeListener } from "./events/job-change-listener.ts";
import type { Database } from "./store/database.ts";
import type { Dispatcher } from "./dispatch/dispatcher.ts";
import type { InsertedJob } from "./store/job-store.ts";
import type { AttemptReporter } from "./dispatch/attempt-reporter.ts";
import type { ConveyorMetrics } from "./observability/metrics.ts";
import type { AddressGuard } from "./webhooks/address-guard.ts";

/** What request handlers share: built once by createConveyorServer and passed down. */
export interface ServerContext {
  config: Config;
  logger: Logger;
  db: Database;
  jobChanges: JobChangeListener;
  /** Call after committing outbox messages, so that they are published now rather than at the next poll. */
  kickOutbox: () => void;
  /**
   * Call instead of kickOutbox after committing new jobs: local workers with room lease the READY
   * ones without the broker's round trip, then the outbox is published (what is left of it).
   */
  jobsCommitted: (namespace: string, jobs: readonly InsertedJob[]) => void;
  /** Aborted when the server begins shutting down. */
  shutdownSignal: AbortSignal;
  /** This server's Prometheus registry and instruments (GET /metrics). */
  metrics: ConveyorMetrics;
  /** Which webhook hosts may be called (config webhookAllowedHosts). */
  webhookGuard: AddressGuard;
}

/** What the execution side (WorkerService) needs besides the shared context. */
export interface ExecutionContext extends ServerContext {
  dispatcher: Dispatcher;
  reporter: AttemptReporter;
}
