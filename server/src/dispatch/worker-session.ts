import type { LeasedRow } from "../store/lease-store.ts";
import { AsyncQueue } from "../util/async-queue.ts";

export type SessionMessage =
  | { kind: "jobs"; jobs: LeasedRow[] }
  | { kind: "cancellation"; jobId: string; leaseId: string; reason: string; code: CancellationCode };

/** Why a lease ended under a worker; mirrors conveyor.v1.CancellationReason. */
export type CancellationCode = "CANCELLED" | "TIMED_OUT" | "LEASE_EXPIRED" | "JOB_FINISHED";

/** A lease a worker holds: which lease, and which attempt of the job it is. */
export interface HeldLease {
  leaseId: string;
  attempt: number;
}

export interface WorkerSessionOptions {
  namespace: string;
  workerId: string;
  queues: string[];
  /** Empty: every type. */
  jobTypes: string[];
  capacity: number;
}

/**
 * One open Lease stream. Tracks what the worker holds, so that the dispatcher only pushes a job
 * when the worker has room: the credit is the capacity minus the jobs held and reserved.
 */
export class WorkerSession {
  readonly options: WorkerSessionOptions;
  readonly outbox = new AsyncQueue<SessionMessage>();
  /** job id -> the lease the worker holds on it */
  readonly held = new Map<string, HeldLease>();
  private reserved = 0;
  private draining = false;
  private readonly types: Set<string> | undefined;

  constructor(options: WorkerSessionOptions) {
    this.options = options;
    this.types = options.jobTypes.length > 0 ? new Set(options.jobTypes) : undefined;
  }

  get free(): number {
    if (this.draining || this.outbox.isClosed) return 0;
    return this.options.capacity - this.held.size - this.reserved;
  }

  handles(type: string): boolean {
    return this.types === undefined || this.types.has(type);
  }

  reserve(): void {
    this.reserved++;
  }

  /** Turns reservations into held leases and pushes the jobs to the worker. */
  deliver(jobs: LeasedRow[], reservations: number): void {
    this.reserved -= reservations;
    if (jobs.length === 0) return;
    for (const job of jobs) this.held.set(job.id, { leaseId: job.lease_id!, attempt: job.attempt });
    this.outbox.push({ kind: "jobs", jobs });
  }

  /** Whether the worker holds this very lease on the job (not an older or a forged one). */
  holds(jobId: string, leaseId: string): boolean {
    return this.held.get(jobId)?.leaseId === leaseId;
  }

  /** The worker finished (or lost) the job: its slot is free again. */
  release(jobId: string): boolean {
    return this.held.delete(jobId);
  }

  cancel(jobId: string, code: CancellationCode, reason: string): void {
    const lease = this.held.get(jobId);
    if (lease === undefined) return;
    this.held.delete(jobId);
    this.outbox.push({ kind: "cancellation", jobId, leaseId: lease.leaseId, reason, code });
  }

  drain(): void {
    this.draining = true;
  }

  close(): void {
    this.outbox.close();
  }
}
