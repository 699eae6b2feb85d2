import type { JsonObject } from "@bufbuild/protobuf";
import type { Job as ProtoJob } from "@conveyor/client/gen/conveyor/v1/job_pb.js";
import type { WorkerLogger } from "./logger.ts";
import type { HandlerResult } from "./payload.ts";

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
  /** Logs at info with the job's id, type and attempt. */
  log(message: string, fields?: Record<string, unknown>): void;
  /** Reports progress (logged for now). */
  progress(value: number | Record<string, unknown>): void;
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
