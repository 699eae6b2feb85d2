import type { JsonObject } from "@bufbuild/protobuf";
import type { Job as ProtoJob } from "@conveyor/client/gen/conveyor/v1/job_pb.js";
import type { WorkerLogger } from "./logger.ts";
import type { HandlerResult } from "./payload.ts";
import type { JobLogLevel } from "./job-reporter.ts";

/** The job a handler runs. `P` is the payload's type: a JSON object unless the caller sent bytes. */
export interface Job<P = JsonObject> {
  readonly id: string;
  readonly type: string;
  readonly queue: string;
  readonly namespace: string;
  /** The JSON object, or a Uint8Array for binary payloads. Not validated against `P`. */
  readonly payload: P;
  /** 1 for the first attempt. */
  readonly attempt: number;
  readonly maxAttempts: number;
  readonly labels: Readonly<Record<string, string>>;
  /** For a workflow task: its workflow's id and its task name. Empty strings for other jobs. */
  readonly workflowId: string;
  readonly taskName: string;
  /** The job as the server sent it. */
  readonly raw: ProtoJob;
}

/** What a handler can do besides returning. */
export interface JobContext {
  /**
   * Aborts when the job is cancelled, the attempt times out, the lease is lost, or the worker
   * shuts down past its drain timeout. `signal.reason` says which (JobCancelledError,
   * JobTimeoutError, LeaseLostError, WorkerShutdownError). Pass it to fetch and friends.
   */
  readonly signal: AbortSignal;
  /** Extends the lease now (the SDK also does so periodically). Rejects when the lease is gone. */
  heartbeat(): Promise<void>;
  /**
   * Writes a line to the job's log on the server (ListJobLogs, and WatchJob streams it), and to
   * the worker's own logger. Never blocks and never throws: lines are buffered and sent in batches
   * (one every 200 ms at most) while the lease stream is up; past 10,000 buffered lines, or past
   * the server's per-job cap, lines are dropped and counted in the job's log_lines_dropped.
   * Messages over 16,384 characters are cut here (the server cuts at 4,096 by default); fields must
   * encode as JSON (Errors become { name, message }).
   */
  log(message: string, fields?: Record<string, unknown>, level?: JobLogLevel): void;
  /**
   * Reports how far the job has come: `progress(40)`, `progress(40, { rows: 400 })` or
   * `progress({ stage: "upload" })`. Percentages are clamped to 0..100. Only the latest value
   * is sent (at most one every 200 ms); GetJob shows it and WatchJob streams it. Never blocks.
   */
  progress(value: number | Record<string, unknown>, details?: Record<string, unknown>): void;
  readonly attempt: number;
  /** When the lease runs out unless renewed; moves forward with every accepted heartbeat. */
  readonly leaseExpiresAt: Date;
  /** The worker's logger, bound to this job. */
  readonly logger: WorkerLogger;
  /**
   * For a workflow task: what each task it depends on returned, by task name, as a JSON object or
   * a Uint8Array. A dependency that returned nothing, or did not succeed (a task whose failure
   * policy is CONTINUE runs after failed dependencies too), has no entry. Empty for other jobs.
   *
   * ```ts
   * worker.handle("report", (job, ctx) => {
   *   const totals = Object.values(ctx.parentResults).map((r) => (r as { total: number }).total);
   *   return { total: totals.reduce((a, b) => a + b, 0) };
   * });
   * ```
   */
  readonly parentResults: Readonly<Record<string, JsonObject | Uint8Array>>;
}

export type JobHandler<P = JsonObject, R extends HandlerResult = HandlerResult> = (job: Job<P>, ctx: JobContext) => R | Promise<R>;

/** Maps job types to their payload types, for createWorker<Map>(): `{ send_email: { to: string } }`. */
export type JobTypeMap = object;
