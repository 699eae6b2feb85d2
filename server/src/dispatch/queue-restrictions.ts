import type { Logger } from "pino";
import type { JobChangeListener } from "../events/job-change-listener.ts";
import type { Database } from "../store/database.ts";
import { findRestrictedQueues, type QueueSettingsRow } from "../store/queue-store.ts";

export interface QueueRestrictionsOptions {
  db: Database;
  jobChanges: JobChangeListener;
  logger: Logger;
}

/**
 * This server's copy of which queues are paused or limited, kept current by the queues table's
 * NOTIFY (and re-read whole after the listener reconnects: the table holds only restricted
 * queues' rows of interest, a handful). It decides which lease path a job takes and when held
 * jobs are worth trying again; the lease statements themselves enforce pause and limits, so a
 * stale copy costs a retry, never a broken limit.
 */
export class QueueRestrictions {
  private readonly options: QueueRestrictionsOptions;
  private restricted = new Map<string, QueueSettingsRow>();
  private readonly listeners = new Set<(queueKey: string | undefined) => void>();
  private unsubscribe: (() => void) | undefined;
  private reloading: Promise<void> | undefined;
  private reloadAgain = false;

  constructor(options: QueueRestrictionsOptions) {
    this.options = options;
  }

  async start(): Promise<void> {
    this.unsubscribe = this.options.jobChanges.subscribeQueueSettings((key) => void this.reload(key));
    await this.load();
  }

  /** Whether jobs of the queue take the limited lease path. */
  isLimited(namespace: string, queue: string): boolean {
    const row = this.restricted.get(`${namespace}.${queue}`);
    return row !== undefined && (row.concurrency_limit !== null || row.rate_limit !== null);
  }

  /** Called after the copy changed, with the queue concerned ("<namespace>.<queue>") or undefined for any. */
  onChange(listener: (queueKey: string | undefined) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private async load(): Promise<void> {
    const rows = await findRestrictedQueues(this.options.db);
    this.restricted = new Map(rows.map((row) => [`${row.namespace}.${row.queue}`, row]));
  }

  /** Notifications come in bursts; reads are coalesced, and one more follows a change seen mid-read. */
  private async reload(key: string | undefined): Promise<void> {
    if (this.reloading) {
      this.reloadAgain = true;
      await this.reloading;
      return;
    }
    this.reloading = this.load()
      .catch((error) => this.options.logger.warn({ err: error }, "could not read queue settings"))
      .finally(() => (this.reloading = undefined));
    await this.reloading;
    if (this.reloadAgain) {
      this.reloadAgain = false;
      await this.reload(undefined);
      return;
    }
    for (const listener of [...this.listeners]) listener(key);
  }

  close(): void {
    this.unsubscribe?.();
  }
}
