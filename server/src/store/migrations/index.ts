import type { MigrationObject } from "@mikro-orm/core";
import { Migration0001InitialSchema } from "./0001-initial-schema.ts";
import { Migration0002Schedules } from "./0002-schedules.ts";
import { Migration0003Workflows } from "./0003-workflows.ts";
import { Migration0004QueueAdmin } from "./0004-queue-admin.ts";
import { Migration0005TraceContext } from "./0005-trace-context.ts";
import { Migration0006WaitingJobsByQueue } from "./0006-waiting-jobs-by-queue.ts";
import { Migration0007WorkflowIdempotency } from "./0007-workflow-idempotency.ts";
import { Migration0013JobReports } from "./0013-job-reports.ts";
import { Migration0014Notifications } from "./0014-notifications.ts";
import { Migration0015Accounts } from "./0015-accounts.ts";

/** Every migration, oldest first. Listed rather than globbed so that any runtime and bundler finds them. */
export const migrations: MigrationObject[] = [
  { name: "0001-initial-schema", class: Migration0001InitialSchema },
  { name: "0002-schedules", class: Migration0002Schedules },
  { name: "0003-workflows", class: Migration0003Workflows },
  { name: "0004-queue-admin", class: Migration0004QueueAdmin },
  { name: "0005-trace-context", class: Migration0005TraceContext },
  { name: "0006-waiting-jobs-by-queue", class: Migration0006WaitingJobsByQueue },
  { name: "0007-workflow-idempotency", class: Migration0007WorkflowIdempotency },
  { name: "0013-job-reports", class: Migration0013JobReports },
  { name: "0014-notifications", class: Migration0014Notifications },
  { name: "0015-accounts", class: Migration0015Accounts },
];
