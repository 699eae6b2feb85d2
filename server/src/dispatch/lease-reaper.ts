import type { Logger } from "pino";
import type { Database } from "../store/database.ts";
import { findExpiredLeases, type AttemptFailure } from "../store/lease-store.ts";
import { PeriodicTask } from "../util/periodic-task.ts";

export interface LeaseReaperOptions {
  db: Database;
  logger: Logger;
  intervalMs: number;
  /** Wait before the first round. Defaults to 0. */
  firstRoundDelayMs?: number;
  /** Ends the attempts (the server's shared failure path, which also kicks the outbox relay). */
  fail: (failures: AttemptFailure[]) => Promise<Set<string>>;
}

/**
 * Ends attempts whose lease ran out: the worker stopped heartbeating (killed, cut off) or the
 * attempt outlived its timeout. Each becomes a failed attempt (LOST or TIMED_OUT) and is retried
 * or buried like any failure. Safe on several servers at once: the failure is guarded by the
 * lease id, so only one of them records it.
 */
export class LeaseReaper {
  private readonly options: LeaseReaperOptions;
  private readonly task: PeriodicTask;
  private delay: NodeJS.Timeout | undefined;

  constructor(options: LeaseReaperOptions) {
    this.options = options;
    this.task = new PeriodicTask({ name: "lease reaper round", intervalMs: options.intervalMs, logger: options.logger, round: async () => void (await this.reap()) });
  }

  start(): void {
    this.delay = setTimeout(() => this.task.start(), this.options.firstRoundDelayMs ?? 0);
  }

  async reap(): Promise<number> {
    const expired = await findExpiredLeases(this.options.db, 500);
    if (expired.length === 0) return 0;
    const accepted = await this.options.fail(
      expired.map((job) => ({
        jobId: job.id,
        leaseId: job.lease_id,
        error: job.timed_out ? "attempt timed out" : "lease expired: the worker stopped heartbeating",
        nonRetryable: false,
        retryAfterMs: null,
        outcome: job.timed_out ? "TIMED_OUT" : "LOST",
      })),
    );
    for (const job of expired) {
      if (accepted.has(job.id)) this.options.logger.info({ jobId: job.id, timedOut: job.timed_out }, "attempt ended by lease expiry");
    }
    return accepted.size;
  }

  async stop(): Promise<void> {
    clearTimeout(this.delay);
    await this.task.stop();
  }
}
