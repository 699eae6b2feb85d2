// @conveyor/worker-sdk: run Conveyor jobs in your own process.
export { createWorker } from "./create-worker.ts";
export type { ConnectionState, StopOptions, Worker, WorkerEvents, WorkerStats } from "./worker.ts";
export type { WorkerOptions, ResolvedWorkerOptions } from "./worker-options.ts";
export { resolveWorkerOptions } from "./worker-options.ts";
export type { Job, JobContext, JobHandler, JobTypeMap } from "./job-context.ts";
export type { JobLogLevel } from "./job-reporter.ts";
export type { HandlerResult } from "./payload.ts";
export type { WorkerState } from "./lifecycle.ts";
export type { WorkerLogger } from "./logger.ts";
export type { BackoffOptions } from "./backoff.ts";
export {
  coerceError,
  IllegalStateTransitionError,
  JobCancelledError,
  JobTimeoutError,
  LeaseLostError,
  NonRetryableError,
  RetryAfterError,
  SnoozeError,
  WorkerOptionsError,
  WorkerShutdownError,
} from "./errors.ts";
export type { FailureReport } from "./errors.ts";
