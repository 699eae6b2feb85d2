import { uuidv7 } from "uuidv7";
import { NotFoundError } from "../errors/conveyor-error.ts";
import { cancelJobs } from "../jobs/job-commands.ts";
import { TERMINAL_STATES } from "../jobs/job-state-machine.ts";
import type { Database } from "../store/database.ts";
import type { FailurePolicyName, NewJob } from "../store/job-row.ts";
import { insertJobs } from "../store/job-store.ts";
import { findTaskJobIds, findWorkflow, findWorkflowByIdempotencyKey, insertEdges, insertWorkflow, type WorkflowRow } from "../store/workflow-store.ts";
import { orderTasks } from "./workflow-graph.ts";

export interface NewWorkflowTask {
  name: string;
  dependsOn: readonly string[];
  /** Undefined: the workflow's policy. */
  failurePolicy: FailurePolicyName | undefined;
  /** The task's job, validated and with defaults applied. */
  job: NewJob;
}

export interface SubmitWorkflowParams {
  namespace: string;
  name: string;
  failurePolicy: FailurePolicyName;
  labels: Record<string, string>;
  /** Null for none. Scoped to the namespace. */
  idempotencyKey: string | null;
  tasks: NewWorkflowTask[];
  delayHorizonMs: number;
}

export interface SubmittedWorkflow {
  workflow: WorkflowRow;
  /** Task name -> job id. */
  taskJobIds: Map<string, string>;
  /** False when the idempotency key named an existing workflow, which is returned instead. */
  created: boolean;
}

/**
 * Validates the graph and stores the workflow, its tasks' jobs and its edges in one transaction:
 * tasks without dependencies are READY (announced with the commit), the others BLOCKED. Job ids
 * are UUIDv7s handed out in topological order, so that every parent's id sorts before its
 * children's: the lock order store/task-dependencies.ts relies on.
 *
 * When the idempotency key is taken in the namespace, nothing is stored and the existing workflow
 * is returned, with its task jobs, whatever this call's spec said.
 */
export async function submitWorkflow(db: Database, params: SubmitWorkflowParams): Promise<SubmittedWorkflow> {
  const { tasks } = params;
  // Errors name the field as SubmitWorkflowRequest spells it.
  const order = orderTasks(tasks, "workflow.tasks");
  const idOf = new Map<string, string>();
  for (const index of order) idOf.set(tasks[index]!.name, uuidv7());
  const jobs = order.map((index) => {
    const task = tasks[index]!;
    return {
      ...task.job,
      id: idOf.get(task.name)!,
      workflow: {
        id: "",
        taskName: task.name,
        parents: task.dependsOn.length,
        failurePolicy: task.failurePolicy ?? params.failurePolicy,
      },
    };
  });
  const edges = tasks.flatMap((task) => task.dependsOn.map((parent) => ({ parentId: idOf.get(parent)!, childId: idOf.get(task.name)! })));
  const id = uuidv7();
  for (const job of jobs) job.workflow.id = id;

  const newWorkflow = {
    id,
    name: params.name,
    failurePolicy: params.failurePolicy,
    labels: params.labels,
    taskCount: tasks.length,
    idempotencyKey: params.idempotencyKey,
  };
  return db.withTransaction(async (tx) => {
    // INVARIANT: no half-written workflow and no second set of task jobs, however many callers
    // race with one key. The workflow row goes in first and its unique index decides who creates
    // it; the tasks follow in this same transaction, so a loser waits on the index until the
    // winner commits and then reads a complete workflow.
    for (;;) {
      if (await insertWorkflow(tx, params.namespace, newWorkflow)) {
        await insertJobs(tx, params.namespace, jobs, { delayHorizonMs: params.delayHorizonMs, leaseAheadMs: 0 });
        await insertEdges(tx, edges);
        return { workflow: (await findWorkflow(tx, params.namespace, id))!, taskJobIds: idOf, created: true };
      }
      // A new statement sees what the winner committed (READ COMMITTED). Only a retention purge
      // of the workflow in between leaves nothing to read: then the key is free again, so retry.
      const existing = await findWorkflowByIdempotencyKey(tx, params.namespace, params.idempotencyKey!);
      if (existing) return { workflow: existing, taskJobIds: await findTaskJobIds(tx, existing.id), created: false };
    }
  });
}

/**
 * Cancels every task that has not finished, through the jobs' own cancel path: a running task's
 * worker sees its signal aborted. Cancelling again cancels nothing more and is not an error.
 */
export async function cancelWorkflow(
  db: Database,
  namespace: string,
  id: string,
  reason: string,
): Promise<{ workflow: WorkflowRow; cancelled: number }> {
  return db.withTransaction(async (tx) => {
    // The workflow's row lock orders concurrent CancelWorkflow calls; tasks are locked by the cancel itself.
    const { rows } = await tx.query<{ id: string }>(
      "update workflows set cancelled_at = coalesce(cancelled_at, now()) where namespace = $1 and id = $2 returning id",
      [namespace, id],
    );
    if (rows.length === 0) throw new NotFoundError(`workflow ${id} not found in namespace ${namespace}`);
    const { rows: open } = await tx.query<{ id: string }>(
      "select id from jobs where workflow_id = $1 and not (state = any($2::text[])) order by id",
      [id, TERMINAL_STATES],
    );
    const cancelled = await cancelJobs(tx, namespace, open.map((row) => row.id), reason);
    return { workflow: (await findWorkflow(tx, namespace, id))!, cancelled: cancelled.length };
  });
}
