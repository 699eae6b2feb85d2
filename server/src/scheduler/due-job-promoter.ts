import type { Logger } from "pino";
import type { Database } from "../store/database.ts";
import { announceUpcomingJobs, rescueStrandedJobs } from "../store/promotion-store.ts";
import { findSettledTasks, settleTasks } from "../store/task-dependencies.ts";
import { PeriodicTask } from "../util/periodic-task.ts";

export interface DueJobPromoterOptions {
  db: Database;
  logger: Logger;
  intervalMs: number;
  horizonMs: number;
  /** How overdue a waiting job, or how old a READY job's announcement, must be before it is rescued. Defaults to 5s and 5 min. */
  waitingGraceMs?: number;
  readyGraceMs?: number;
  /** Called after a round wrote outbox messages. */
  onAnnounced: () => void;
}

/**
 * Moves waiting jobs into the broker's delay path as they come within the horizon, and rescues
 * jobs whose announcement was lost. Every query is indexed and bounded, and works on batches.
 */
export class DueJobPromoter {
  private readonly options: Required<DueJobPromoterOptions>;
  private readonly task: PeriodicTask;

  constructor(options: DueJobPromoterOptions) {
    this.options = { waitingGraceMs: 5_000, readyGraceMs: 300_000, ...options };
    this.task = new PeriodicTask({ name: "promoter round", intervalMs: options.intervalMs, logger: options.logger, round: () => this.round() });
  }

  start(): void {
    this.task.start();
  }

  async round(): Promise<void> {
    const { db, horizonMs, waitingGraceMs, readyGraceMs } = this.options;
    let announced = 0;
    let batch: number;
    do {
      batch = await announceUpcomingJobs(db, horizonMs, 1000);
      announced += batch;
    } while (batch === 1000);
    announced += await rescueStrandedJobs(db, { waitingGraceMs, readyGraceMs }, 1000);
    announced += await this.rescueSettledTasks();
    if (announced > 0) this.options.onAnnounced();
  }

  /**
   * Workflow tasks left BLOCKED although their parents allow them to move on: the server died
   * between a parent's completion and the follow-up that settles its children.
   */
  private async rescueSettledTasks(): Promise<number> {
    const ids = await findSettledTasks(this.options.db, this.options.waitingGraceMs, 1000);
    if (ids.length === 0) return 0;
    const settled = await this.options.db.withTransaction((tx) => settleTasks(tx, ids, { skipLocked: true }));
    if (settled.released + settled.skipped > 0) this.options.logger.info(settled, "rescued workflow tasks left blocked");
    return settled.released;
  }

  stop(): Promise<void> {
    return this.task.stop();
  }
}
