import type { Logger } from "pino";
import type { Database } from "../store/database.ts";
import { deleteOldJobLogs } from "../store/job-report-store.ts";
import { deleteFinishedJobs, deleteFinishedWorkflowTasks } from "../store/retention-store.ts";
import { PeriodicTask } from "../util/periodic-task.ts";

export interface RetentionPurgerOptions {
  db: Database;
  logger: Logger;
  /** Finished jobs older than this are deleted; 0 keeps them. */
  retentionMs: number;
  /** Job log lines stored longer ago than this are deleted; 0 keeps them as long as their job. */
  jobLogRetentionMs: number;
  intervalMs: number;
  batchSize: number;
}

/**
 * Deletes old finished jobs in small batches until none is left, every interval. Several servers
 * may run it at once: each batch skips the rows another one has locked.
 */
export class RetentionPurger {
  private readonly options: RetentionPurgerOptions;
  private readonly task: PeriodicTask;

  constructor(options: RetentionPurgerOptions) {
    this.options = options;
    this.task = new PeriodicTask({ name: "retention round", intervalMs: options.intervalMs, logger: options.logger, round: async () => void (await this.round()) });
  }

  start(): void {
    if (this.options.retentionMs > 0 || this.options.jobLogRetentionMs > 0) this.task.start();
  }

  /** Deletes batches until a short one; returns how many jobs were deleted. */
  async round(): Promise<number> {
    const { db, retentionMs, jobLogRetentionMs, batchSize } = this.options;
    if (jobLogRetentionMs > 0) await this.purgeJobLogs(jobLogRetentionMs);
    if (retentionMs <= 0) return 0;
    let deleted = 0;
    let batch: number;
    do {
      batch = await deleteFinishedJobs(db, retentionMs, batchSize);
      deleted += batch;
    } while (batch === batchSize);
    // Workflows go whole, one batch of tasks at a time, once every task is past retention.
    do {
      batch = await deleteFinishedWorkflowTasks(db, retentionMs, batchSize);
      deleted += batch;
    } while (batch > 0);
    if (deleted > 0) this.options.logger.info({ deleted }, "deleted finished jobs past retention");
    return deleted;
  }

  /** Old log lines go in batches too (ten times larger: a line is a small row). */
  private async purgeJobLogs(olderThanMs: number): Promise<void> {
    const limit = this.options.batchSize * 10;
    let deleted = 0;
    let batch: number;
    do {
      batch = await deleteOldJobLogs(this.options.db, olderThanMs, limit);
      deleted += batch;
    } while (batch === limit);
    if (deleted > 0) this.options.logger.info({ deleted }, "deleted job log lines past retention");
  }

  stop(): Promise<void> {
    return this.task.stop();
  }
}
