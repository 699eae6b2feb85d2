import type { JobStateName } from "../jobs/job-state-machine.ts";
import type { Queryable } from "./database.ts";
import type { FailurePolicyName, JobRow } from "./job-row.ts";

/** A row of `workflows`, with how many of its tasks are in each state. */
export interface WorkflowRow {
  id: string;
  namespace: string;
  name: string;
  failure_policy: FailurePolicyName;
  labels: Record<string, string>;
  task_count: number;
  idempotency_key: string | null;
  created_at: Date;
  cancelled_at: Date | null;
  task_counts: Partial<Record<JobStateName, number>>;
}

export interface NewWorkflow {
  id: string;
  name: string;
  failurePolicy: FailurePolicyName;
  labels: Record<string, string>;
  taskCount: number;
  /** Null for none. */
  idempotencyKey: string | null;
}

/**
 * Inserts the workflow row unless its idempotency key is already taken in the namespace, and says
 * whether it did. The unique index decides: an insert racing another transaction's insert of the
 * same key waits for it to end, then inserts nothing if it committed, or goes ahead if it rolled back.
 */
export async function insertWorkflow(tx: Queryable, namespace: string, workflow: NewWorkflow): Promise<boolean> {
  const { rowCount } = await tx.query(
    `insert into workflows (id, namespace, name, failure_policy, labels, task_count, idempotency_key) values ($1, $2, $3, $4, $5, $6, $7)
     on conflict (namespace, idempotency_key) where idempotency_key is not null do nothing`,
    [workflow.id, namespace, workflow.name, workflow.failurePolicy, JSON.stringify(workflow.labels), workflow.taskCount, workflow.idempotencyKey],
  );
  return rowCount === 1;
}

/** Stores the graph's edges, parent -> child, by job id. */
export async function insertEdges(tx: Queryable, edges: readonly { parentId: string; childId: string }[]): Promise<void> {
  if (edges.length === 0) return;
  await tx.query(`insert into workflow_edges (parent_id, child_id) select * from unnest($1::uuid[], $2::uuid[])`, [
    edges.map((e) => e.parentId),
    edges.map((e) => e.childId),
  ]);
}

/** Counts by state, as one jsonb object per workflow. */
const taskCounts = `(select coalesce(jsonb_object_agg(state, n), '{}') from
    (select state, count(*)::int as n from jobs where workflow_id = w.id group by state) s) as task_counts`;

export async function findWorkflow(q: Queryable, namespace: string, id: string): Promise<WorkflowRow | undefined> {
  const { rows } = await q.query<WorkflowRow>(`select w.*, ${taskCounts} from workflows w where w.namespace = $1 and w.id = $2`, [
    namespace,
    id,
  ]);
  return rows[0];
}

export async function findWorkflowByIdempotencyKey(q: Queryable, namespace: string, idempotencyKey: string): Promise<WorkflowRow | undefined> {
  const { rows } = await q.query<WorkflowRow>(
    `select w.*, ${taskCounts} from workflows w where w.namespace = $1 and w.idempotency_key = $2`,
    [namespace, idempotencyKey],
  );
  return rows[0];
}

/** Task name -> job id, parents before children (their ids were handed out in that order). */
export async function findTaskJobIds(q: Queryable, workflowId: string): Promise<Map<string, string>> {
  const { rows } = await q.query<{ task_name: string; id: string }>("select task_name, id from jobs where workflow_id = $1 order by id", [workflowId]);
  return new Map(rows.map((row) => [row.task_name, row.id]));
}

/** Newest first. Ids are UUIDv7, so id order is creation order and doubles as the cursor. */
export async function listWorkflows(q: Queryable, namespace: string, beforeId: string | undefined, limit: number): Promise<WorkflowRow[]> {
  const { rows } = await q.query<WorkflowRow>(
    `select w.*, ${taskCounts} from workflows w
     where w.namespace = $1 and ($2::uuid is null or w.id < $2) order by w.id desc limit $3`,
    [namespace, beforeId ?? null, limit],
  );
  return rows;
}

export type WorkflowTaskRow = JobRow & { depends_on: string[]; latest_event: string };

/**
 * The workflow's tasks in dependency order (parents before children), with each task's parents'
 * names and the sequence of its latest event (read in the same snapshot, for watchers).
 */
export async function findWorkflowTasks(q: Queryable, workflowId: string): Promise<WorkflowTaskRow[]> {
  const { rows } = await q.query<WorkflowTaskRow>(
    `select j.*, coalesce((select array_agg(p.task_name order by p.id) from workflow_edges e join jobs p on p.id = e.parent_id
       where e.child_id = j.id), '{}') as depends_on,
       coalesce((select max(e.id) from job_events e where e.job_id = j.id), 0)::text as latest_event
     from jobs j where j.workflow_id = $1 order by j.id`,
    [workflowId],
  );
  return rows;
}

export interface StoredPayload {
  json: Record<string, unknown> | null;
  bytes: Buffer | null;
}

/** Task name -> result, of the parents that succeeded with a result. */
export type ParentResults = Map<string, StoredPayload>;

/** Loads, for leased workflow tasks, the results of their parents that succeeded. */
export async function attachParentResults(q: Queryable, rows: (JobRow & { parent_results?: ParentResults })[]): Promise<void> {
  const tasks = rows.filter((row) => row.workflow_id !== null);
  const { rows: results } = await q.query<{ child_id: string; task_name: string; result: Record<string, unknown> | null; result_bytes: Buffer | null }>(
    `select e.child_id, p.task_name, p.result, p.result_bytes
     from workflow_edges e join jobs p on p.id = e.parent_id
     where e.child_id = any($1::uuid[]) and p.state = 'SUCCEEDED' and (p.result is not null or p.result_bytes is not null)`,
    [tasks.map((row) => row.id)],
  );
  const byChild = new Map(tasks.map((row) => [row.id, (row.parent_results = new Map())]));
  for (const r of results) byChild.get(r.child_id)!.set(r.task_name, { json: r.result, bytes: r.result_bytes });
}
