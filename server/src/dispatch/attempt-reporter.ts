import type { Logger } from "pino";
import type { OutboxRelay } from "../broker/outbox-relay.ts";
import type { ConveyorMetrics } from "../observability/metrics.ts";
import type { Database } from "../store/database.ts";
import { completeJobs, failJobs, leaseKey, type AttemptFailure, type Completion, type EndedAttempt } from "../store/lease-store.ts";
import { Batcher } from "../util/batcher.ts";
import { whyLeaseEnded, type Dispatcher } from "./dispatcher.ts";

/**
 * Ends attempts, for workers (Complete, Fail) and for the server itself (lost and timed-out
 * leases). Reports from all callers are group-committed: one transaction per batch.
 */
export class AttemptReporter {
  private readonly completer: Batcher<Completion, boolean>;
  private readonly failer: Batcher<AttemptFailure, boolean>;
  private readonly dispatcher: Dispatcher;

  constructor(options: { db: Database; relay: OutboxRelay; dispatcher: Dispatcher; delayHorizonMs: number; metrics?: ConveyorMetrics; logger?: Logger }) {
    const { metrics } = options;
    const measure = (accepted: Map<string, EndedAttempt>, succeeded: boolean) => {
      if (!metrics) return;
      for (const job of accepted.values()) {
        metrics.observeSince(metrics.runDuration, job, job.attempt_started_at);
        if (succeeded) metrics.countJobs(metrics.jobsSucceeded, [job]);
        else {
          metrics.countJobs(metrics.jobsFailed, [job]);
          if (job.dead) metrics.countJobs(metrics.jobsDead, [job]);
        }
      }
    };
    this.dispatcher = options.dispatcher;
    this.completer = new Batcher({
      maxBatchSize: 1000,
      run: async (items) => {
        const accepted = await completeJobs(options.db, items, {
          onSettleError: (error) =>
            options.logger?.warn({ err: error }, "could not release the tasks depending on completed workflow tasks; the rescuer will"),
        });
        // Workflow tasks' children may have become READY, their announcements waiting in the outbox.
        if ([...accepted.values()].some((job) => job.inWorkflow)) options.relay.kick();
        measure(accepted, true);
        return items.map((item) => accepted.has(leaseKey(item)));
      },
    });
    this.failer = new Batcher({
      maxBatchSize: 1000,
      run: async (items) => {
        const accepted = await failJobs(options.db, items, options.delayHorizonMs);
        options.relay.kick();
        measure(accepted, false);
        return items.map((item) => accepted.has(leaseKey(item)));
      },
    });
  }

  get stats() {
    return { complete: this.completer.stats, fail: this.failer.stats };
  }

  /**
   * The worker reported these jobs done, so its slots are free at once, before the commit: the
   * next leases overlap with this one's write. Should the commit fail, the leases stay in Postgres
   * and expire, and the jobs run again, as at-least-once allows.
   */
  async complete(items: Completion[]): Promise<boolean[]> {
    for (const item of items) this.dispatcher.released(item.jobId, item.leaseId);
    const accepted = await this.completer.submitAll(items);
    this.dispatcher.attemptsEnded();
    return accepted;
  }

  /** Failures the worker reported: its slots are free at once, as for complete(). */
  async fail(items: AttemptFailure[]): Promise<boolean[]> {
    for (const item of items) this.dispatcher.released(item.jobId, item.leaseId);
    const accepted = await this.failer.submitAll(items);
    this.dispatcher.attemptsEnded();
    return accepted;
  }

  /**
   * Failures the server decided (expired lease, timeout): a worker that still runs the job is
   * told to abort it. Returns the accepted ids.
   */
  async revoke(items: AttemptFailure[]): Promise<Set<string>> {
    const results = await this.failer.submitAll(items);
    const accepted = items.filter((_, i) => results[i]);
    for (const item of accepted) {
      // The same code and reason as every other server derives from the attempt's record (whyLeaseEnded).
      const { code, reason } = whyLeaseEnded("", { outcome: item.outcome, error: item.error });
      this.dispatcher.revoke(item.jobId, item.leaseId, code, reason);
    }
    return new Set(accepted.map((item) => item.jobId));
  }
}
