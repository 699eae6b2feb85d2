import type { OutboxRelay } from "../broker/outbox-relay.ts";
import type { Database } from "../store/database.ts";
import { completeJobs, failJobs, type AttemptFailure, type Completion } from "../store/lease-store.ts";
import { Batcher } from "../util/batcher.ts";
import type { Dispatcher } from "./dispatcher.ts";

/**
 * Ends attempts, for workers (Complete, Fail) and for the server itself (lost and timed-out
 * leases). Reports from all callers are group-committed: one transaction per batch.
 */
export class AttemptReporter {
  private readonly completer: Batcher<Completion, boolean>;
  private readonly failer: Batcher<AttemptFailure, boolean>;
  private readonly dispatcher: Dispatcher;

  constructor(options: { db: Database; relay: OutboxRelay; dispatcher: Dispatcher; delayHorizonMs: number }) {
    this.dispatcher = options.dispatcher;
    this.completer = new Batcher({
      maxBatchSize: 1000,
      run: async (items) => {
        const accepted = await completeJobs(options.db, items);
        return items.map((item) => accepted.has(item.jobId));
      },
    });
    this.failer = new Batcher({
      maxBatchSize: 1000,
      run: async (items) => {
        const accepted = await failJobs(options.db, items, options.delayHorizonMs);
        options.relay.kick();
        return items.map((item) => accepted.has(item.jobId));
      },
    });
  }

  async complete(items: Completion[]): Promise<boolean[]> {
    const results = await this.completer.submitAll(items);
    items.forEach((item, i) => results[i] && this.dispatcher.released(item.jobId));
    return results;
  }

  async fail(items: AttemptFailure[]): Promise<boolean[]> {
    const results = await this.failer.submitAll(items);
    items.forEach((item, i) => results[i] && this.dispatcher.released(item.jobId));
    return results;
  }

  /** For callers that want the accepted ids. */
  async failAccepted(items: AttemptFailure[]): Promise<Set<string>> {
    const results = await this.fail(items);
    return new Set(items.filter((_, i) => results[i]).map((item) => item.jobId));
  }
}
