import { create } from "@bufbuild/protobuf";
import {
  FailurePolicy,
  WorkflowSchema,
  WorkflowState,
  WorkflowTaskSchema,
  type Workflow,
} from "@conveyor/client/gen/conveyor/v1/workflow_service_pb.js";
import { isTerminal, type JobStateName } from "../jobs/job-state-machine.ts";
import type { AttemptRow, FailurePolicyName, JobRow } from "../store/job-row.ts";
import type { WorkflowRow } from "../store/workflow-store.ts";
import { toProtoJob } from "./job-mapper.ts";
import { toTimestamp } from "./time-conversions.ts";

export function fromProtoFailurePolicy(policy: FailurePolicy): FailurePolicyName | undefined {
  if (policy === FailurePolicy.SKIP_DESCENDANTS) return "SKIP_DESCENDANTS";
  if (policy === FailurePolicy.CONTINUE) return "CONTINUE";
  return undefined;
}

/**
 * A workflow's state follows from its tasks': running while one has not finished; then cancelled
 * if CancelWorkflow was called, succeeded if all succeeded, failed otherwise. Derived, never
 * stored: a stored state would be one more row every task's completion had to lock.
 */
export function workflowState(row: Pick<WorkflowRow, "task_counts" | "task_count" | "cancelled_at">): WorkflowState {
  const counts = Object.entries(row.task_counts) as [JobStateName, number][];
  if (counts.some(([state, n]) => n > 0 && !isTerminal(state))) return WorkflowState.RUNNING;
  if (row.cancelled_at) return WorkflowState.CANCELLED;
  return (row.task_counts.SUCCEEDED ?? 0) === row.task_count ? WorkflowState.SUCCEEDED : WorkflowState.FAILED;
}

export type TaskRow = JobRow & { depends_on: string[] };

/** `attempts`: each task's finished attempts, when the caller loaded them. */
export function toProtoWorkflow(row: WorkflowRow, tasks?: readonly TaskRow[], attempts?: ReadonlyMap<string, AttemptRow[]>): Workflow {
  return create(WorkflowSchema, {
    id: row.id,
    namespace: row.namespace,
    name: row.name,
    state: workflowState(row),
    failurePolicy: FailurePolicy[row.failure_policy],
    labels: row.labels,
    tasks: (tasks ?? []).map((task) =>
      create(WorkflowTaskSchema, {
        name: task.task_name ?? "",
        dependsOn: task.depends_on,
        failurePolicy: task.failure_policy ? FailurePolicy[task.failure_policy] : FailurePolicy.UNSPECIFIED,
        job: toProtoJob(task, attempts?.get(task.id)),
      }),
    ),
    taskCounts: row.task_counts as Record<string, number>,
    createdAt: toTimestamp(row.created_at),
    cancelledAt: toTimestamp(row.cancelled_at),
    idempotencyKey: row.idempotency_key ?? "",
  });
}
