import { backoffDelay, sleep, type BackoffOptions } from "./backoff.ts";
import type { WorkerLogger } from "./logger.ts";
import { describeRpcError } from "./rpc.ts";

export interface ReportBatcherOptions<I, O> {
  /** For logs: "Complete", "Fail", "Heartbeat". */
  name: string;
  /** One RPC for a batch; returns one output per item, in order. */
  send(items: I[]): Promise<O[]>;
  /** Largest batch per RPC. Defaults to 1,000 (the server's limit). */
  maxBatchSize?: number;
  /** How long the first item waits for company when no RPC is in flight. Defaults to 0. */
  maxDelayMs?: number;
  /**
   * Resend a batch whose RPC failed with a transient error (server restarting, connection lost),
   * with backoff, until it goes through or abandon() is called. Without it the items' promises
   * reject with the error. Other errors are never retried (see sendIsolating).
   */
  retry?: { backoff: BackoffOptions; isRetryable(error: unknown): boolean };
  /**
   * Whether an error may come from one bad item rather than the whole call (for Complete: a result
   * over the size limit). Such a batch is split in halves, each sent on its own, so that only the
   * bad item's promise rejects.
   */
  isolate?(error: unknown): boolean;
  logger: WorkerLogger;
}

interface Entry<I, O> {
  item: I;
  resolve(output: O): void;
  reject(error: unknown): void;
  settled: boolean;
}

function settle<I, O>(entry: Entry<I, O>, how: "resolve", value: O): void;
function settle<I, O>(entry: Entry<I, O>, how: "reject", error: unknown): void;
function settle<I, O>(entry: Entry<I, O>, how: "resolve" | "reject", value: unknown): void {
  if (entry.settled) return;
  entry.settled = true;
  if (how === "resolve") entry.resolve(value as O);
  else entry.reject(value);
}

/**
 * Group commit for reports: an item submitted while no RPC is in flight goes at once (at the end
 * of the current tick, with whatever else arrived in it); items submitted while one is in flight
 * wait and go together in the next RPC, up to maxBatchSize each. One RPC in flight at a time, so
 * under load each round trip carries up to 1,000 reports, and at low load nothing waits.
 */
export class ReportBatcher<I, O> {
  private readonly options: ReportBatcherOptions<I, O>;
  private readonly maxBatchSize: number;
  private queue: Entry<I, O>[] = [];
  private inFlight = false;
  /** Cancels the pending flush, when one is scheduled. */
  private scheduled: (() => void) | undefined;
  private readonly abandoned = new AbortController();

  constructor(options: ReportBatcherOptions<I, O>) {
    this.options = options;
    this.maxBatchSize = options.maxBatchSize ?? 1_000;
  }

  submit(item: I): Promise<O> {
    if (this.abandoned.signal.aborted) return Promise.reject(this.abandoned.signal.reason);
    return new Promise<O>((resolve, reject) => {
      this.queue.push({ item, resolve, reject, settled: false });
      this.schedule();
    });
  }

  submitAll(items: I[]): Promise<O[]> {
    return Promise.all(items.map((item) => this.submit(item)));
  }

  /** Gives up: queued items (and a batch waiting to be retried) reject with `reason`. */
  abandon(reason: Error): void {
    if (this.abandoned.signal.aborted) return;
    this.abandoned.abort(reason);
    this.scheduled?.();
    this.scheduled = undefined;
    const queued = this.queue;
    this.queue = [];
    for (const entry of queued) settle(entry, "reject", reason);
  }

  private schedule(): void {
    if (this.inFlight || this.scheduled || this.queue.length === 0) return;
    const delay = this.options.maxDelayMs ?? 0;
    const fire = () => {
      this.scheduled = undefined;
      void this.flush();
    };
    if (delay > 0) {
      const timer = setTimeout(fire, delay);
      this.scheduled = () => clearTimeout(timer);
    } else {
      const immediate = setImmediate(fire);
      this.scheduled = () => clearImmediate(immediate);
    }
  }

  private async flush(): Promise<void> {
    if (this.inFlight || this.queue.length === 0) return;
    this.inFlight = true;
    let failures = 0;
    try {
      while (this.queue.length > 0 && !this.abandoned.signal.aborted) {
        const batch = this.queue.splice(0, this.maxBatchSize);
        try {
          await this.sendIsolating(batch);
          failures = 0;
          // Whatever arrived meanwhile is the next batch: loop rather than wait for a tick.
        } catch (error) {
          // Transient: back to the front, so the retry carries these plus whatever arrives meanwhile.
          this.queue.unshift(...batch.filter((entry) => !entry.settled));
          const delay = backoffDelay(failures++, this.options.retry!.backoff);
          const fields = { error: describeRpcError(error), items: this.queue.length, retryInMs: delay, attempt: failures };
          if (failures === 1 || failures % 20 === 0) this.options.logger.warn(fields, `${this.options.name} failed; retrying`);
          else this.options.logger.debug(fields, `${this.options.name} failed; retrying`);
          await sleep(delay, this.abandoned.signal);
          if (this.abandoned.signal.aborted) {
            const queued = this.queue;
            this.queue = [];
            for (const entry of queued) settle(entry, "reject", this.abandoned.signal.reason);
          }
        }
      }
    } finally {
      this.inFlight = false;
      this.schedule();
    }
  }

  /**
   * Sends a batch and settles its entries. A transient error is thrown (the caller retries the
   * unsettled entries); an error that may come from one item splits the batch (options.isolate);
   * any other rejects the batch's promises.
   */
  private async sendIsolating(batch: Entry<I, O>[]): Promise<void> {
    try {
      const outputs = await this.options.send(batch.map((entry) => entry.item));
      batch.forEach((entry, i) => settle(entry, "resolve", outputs[i]!));
    } catch (error) {
      const retry = this.options.retry;
      if (retry && retry.isRetryable(error) && !this.abandoned.signal.aborted) throw error;
      if (batch.length === 1 || this.abandoned.signal.aborted || !this.options.isolate?.(error)) {
        for (const entry of batch) settle(entry, "reject", error);
        return;
      }
      this.options.logger.debug({ error: describeRpcError(error), items: batch.length }, `${this.options.name} refused a batch; splitting it`);
      const middle = Math.ceil(batch.length / 2);
      await this.sendIsolating(batch.slice(0, middle));
      await this.sendIsolating(batch.slice(middle));
    }
  }
}
