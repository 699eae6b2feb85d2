import { Migration } from "@mikro-orm/migrations";

/**
 * Queue depth (ListQueues, GetQueue, the metrics) counts each queue's waiting jobs, and millions of
 * far-future jobs may wait. This index lets that count be an index-only scan instead of a pass
 * over the table. Only SCHEDULED and RETRY_SCHEDULED rows are in it, so immediate jobs, the hot
 * path, never pay for it.
 */
export class Migration0006WaitingJobsByQueue extends Migration {
  override name = "0006-waiting-jobs-by-queue";

  override up(): void {
    this.addSql(`create index jobs_waiting_queue_idx on jobs (namespace, queue) where state in ('SCHEDULED', 'RETRY_SCHEDULED')`);
  }

  override down(): void {
    this.addSql(`drop index jobs_waiting_queue_idx`);
  }
}
