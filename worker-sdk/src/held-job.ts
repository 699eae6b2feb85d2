import type { JsonObject } from "@bufbuild/protobuf";
import { timestampDate } from "@bufbuild/protobuf/wkt";
import type { Timestamp } from "@bufbuild/protobuf/wkt";
import type { Job as ProtoJob, Payload } from "@conveyor/client/gen/conveyor/v1/job_pb.js";
import type { Job } from "./job-context.ts";
import type { WorkerLogger } from "./logger.ts";
import { decodePayload } from "./payload.ts";

/** The server's default; assumed when the lease's expiry makes no sense on this machine's clock. */
export const DEFAULT_LEASE_TTL_MS = 30_000;

/** queued: waiting for a free slot; running: in its handler; reporting: Complete/Fail on its way. */
export type HeldJobPhase = "queued" | "running" | "reporting";

export interface LeaseKey {
  jobId: string;
  leaseId: string;
}

/** One lease this worker holds, from the moment the server pushes it until it is reported or released. */
export class HeldJob {
  readonly jobId: string;
  readonly leaseId: string;
  readonly job: Job<JsonObject | Uint8Array>;
  readonly logger: WorkerLogger;
  readonly controller = new AbortController();
  /** The attempt's time limit, from the server; undefined when none was sent. */
  readonly timeoutMs: number | undefined;
  /** By this machine's clock: when the attempt's time limit runs out (the server counts from a little earlier). */
  readonly timeoutAtLocal: number | undefined;
  phase: HeldJobPhase = "queued";
  leaseExpiresAt: Date;
  /** By this machine's clock: when the lease runs out unless renewed. */
  expiresAtLocal: number;
  /**
   * Why the lease ended without a report of ours (cancelled, timed out, lost, abandoned at
   * shutdown). Once set the job is never reported: the server has already ended the attempt.
   */
  released: Error | undefined;
  timeoutTimer: NodeJS.Timeout | undefined;
  /** The job's trace context as the server sent it with the lease; empty when it has none. */
  leaseTraceContext: Record<string, string> = {};
  /** The handler span's trace context, sent with the Complete or Fail; empty when not traced. */
  readonly reportTraceContext: Record<string, string> = {};

  /** For workflow tasks: the results of the tasks it depends on, by task name. */
  readonly parentResults: Readonly<Record<string, JsonObject | Uint8Array>>;

  constructor(
    raw: ProtoJob,
    leaseId: string,
    expiresAt: Timestamp | undefined,
    timeoutMs: number | undefined,
    logger: WorkerLogger,
    parentResults: Readonly<Record<string, Payload>> = {},
  ) {
    this.jobId = raw.id;
    this.leaseId = leaseId;
    this.timeoutMs = timeoutMs;
    this.job = {
      id: raw.id,
      type: raw.type,
      queue: raw.queue,
      namespace: raw.namespace,
      payload: decodePayload(raw.payload),
      attempt: raw.attempt,
      maxAttempts: raw.maxAttempts,
      labels: raw.labels,
      workflowId: raw.workflowId,
      taskName: raw.taskName,
      raw,
    };
    this.parentResults = Object.fromEntries(Object.entries(parentResults).map(([task, payload]) => [task, decodePayload(payload)]));
    this.logger = logger.child({ jobId: raw.id, jobType: raw.type, attempt: raw.attempt });
    const now = Date.now();
    this.timeoutAtLocal = timeoutMs === undefined ? undefined : now + timeoutMs;
    this.leaseExpiresAt = expiresAt ? timestampDate(expiresAt) : new Date(now + DEFAULT_LEASE_TTL_MS);
    this.expiresAtLocal = now + leaseTtlMs(this.leaseExpiresAt, now);
  }

  /**
   * The server never extends a lease past the attempt's time limit. A lease running out with it is
   * a timeout, which the server reports itself (and the local timeout timer backs up).
   */
  get leaseEndsWithTimeout(): boolean {
    return this.timeoutAtLocal !== undefined && this.expiresAtLocal >= this.timeoutAtLocal - 1_000;
  }

  get key(): LeaseKey {
    return { jobId: this.jobId, leaseId: this.leaseId };
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** An accepted heartbeat moved the expiry; returns the lease's TTL as seen from here. */
  renew(expiresAt: Timestamp | undefined, now = Date.now()): number {
    const next = expiresAt ? timestampDate(expiresAt) : new Date(now + DEFAULT_LEASE_TTL_MS);
    const ttl = leaseTtlMs(next, now);
    this.leaseExpiresAt = next;
    this.expiresAtLocal = now + ttl;
    return ttl;
  }

  /** Marks the lease as ended by the server (or given up) and aborts the handler with `reason`. */
  release(reason: Error): void {
    this.released ??= reason;
    this.abort(reason);
  }

  abort(reason: Error): void {
    if (!this.controller.signal.aborted) this.controller.abort(reason);
  }

  dispose(): void {
    if (this.timeoutTimer) clearTimeout(this.timeoutTimer);
    this.timeoutTimer = undefined;
  }
}

/**
 * expires_at - now, or the default when the clocks of server and worker disagree so much that the
 * difference is meaningless (negative, or over a day).
 */
export function leaseTtlMs(expiresAt: Date, now: number): number {
  const ttl = expiresAt.getTime() - now;
  return ttl > 0 && ttl <= 86_400_000 ? ttl : DEFAULT_LEASE_TTL_MS;
}
