import { Migration } from "@mikro-orm/migrations";

/**
 * Idempotency keys for workflows, scoped to the namespace (a workflow's tasks span queues, so the
 * queue cannot scope it as it does a job's key). The unique index is what makes SubmitWorkflow
 * idempotent under concurrency: racing submits of one key meet it, and all but one insert nothing
 * (see workflows/workflow-commands.ts). Partial, so that workflows without a key never conflict.
 */
export class Migration0007WorkflowIdempotency extends Migration {
  override name = "0007-workflow-idempotency";

  override up(): void {
    this.addSql(`alter table workflows add column idempotency_key text`);
    this.addSql(`create unique index workflows_idempotency_key_idx on workflows (namespace, idempotency_key)
      where idempotency_key is not null`);
  }

  override down(): void {
    this.addSql(`drop index workflows_idempotency_key_idx`);
    this.addSql(`alter table workflows drop column idempotency_key`);
  }
}
