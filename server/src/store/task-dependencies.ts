import { transitions } from "../jobs/job-state-machine.ts";
import { groupBy } from "../util/group-by.ts";
import type { Queryable } from "./database.ts";
import { transitionJobs } from "./job-transitions.ts";
import { enqueueReadyAnnouncements } from "./outbox-store.ts";

/**
 * Dependency resolution between workflow tasks, incremental: finishing a task touches only its
 * children's rows.
 *
 * ┌─────────────────────────────────────────────────────────────────────────────────────────────┐
 * │ A task's job row counts its parents that have not finished (pending_parents) and those that │
 * │ finished without succeeding (failed_parents). Both change only in the statement that moves  │
 * │ a parent into or out of a terminal state (dependency-counts.ts): the counts can never       │
 * │ disagree with the parents' committed states.                                              │
 * └─────────────────────────────────────────────────────────────────────────────────────────────┘
 *
 * Moving a child on (BLOCKED -> READY or SKIPPED) is a second step, settleChildrenOf, run right
 * after in the caller's transaction where there is one. Should a server die between the two, the
 * rescuer finds the child through jobs_blocked_settled_idx (see rescueSettledTasks).
 *
 * Lock order: task ids are UUIDv7s handed out in topological order, so a parent's id is always
 * below its children's. Every statement here locks in id order, and so in parent-before-child
 * order, which is also the order completions lock them in: no deadlock between them.
 */

/** The children of these tasks, each once, in id order. */
async function childrenOf(q: Queryable, parentIds: readonly string[]): Promise<string[]> {
  if (parentIds.length === 0) return [];
  const { rows } = await q.query<{ child_id: string }>(
    "select distinct child_id from workflow_edges where parent_id = any($1::uuid[]) order by child_id",
    [parentIds],
  );
  return rows.map((row) => row.child_id);
}

export interface SettleResult {
  /** Tasks that became READY (announced in the same transaction). */
  released: number;
  skipped: number;
}

/**
 * Moves on the BLOCKED children of tasks that have just finished: to READY when every parent has
 * finished and none failed (or the task's policy is CONTINUE), to SKIPPED as soon as one parent
 * failed under SKIP_DESCENDANTS. A skipped task has finished too, so its own children are settled
 * in turn, one level per round. Run inside a transaction: the READY tasks' announcements are
 * committed with them.
 */
export async function settleChildrenOf(tx: Queryable, finishedIds: readonly string[], opts: { skipLocked?: boolean } = {}): Promise<SettleResult> {
  return settleTasks(tx, await childrenOf(tx, finishedIds), opts);
}

export async function settleTasks(tx: Queryable, candidateIds: readonly string[], opts: { skipLocked?: boolean } = {}): Promise<SettleResult> {
  const result: SettleResult = { released: 0, skipped: 0 };
  let candidates = candidateIds;
  while (candidates.length > 0) {
    const input = { id: ["uuid", candidates] } as const;
    const released = await transitionJobs(tx, {
      transition: transitions.unblock,
      input,
      where: () => "j.pending_parents <= 0 and (j.failed_parents = 0 or j.failure_policy = 'CONTINUE')",
      set: () => "run_at = now(), announced_at = now()",
      eventMessage: () => "'the tasks it depends on have finished'",
      skipLocked: opts.skipLocked,
      returning: ["id", "namespace", "queue", "type"],
    });
    for (const [namespace, rows] of groupBy(released, (row) => row.namespace)) await enqueueReadyAnnouncements(tx, namespace, rows);
    const skipped = await transitionJobs(tx, {
      transition: transitions.skip,
      input,
      where: () => "j.failed_parents > 0 and j.failure_policy = 'SKIP_DESCENDANTS'",
      set: () => "finished_at = now(), last_error = 'skipped: a task it depends on did not succeed'",
      eventMessage: () => "'a task it depends on did not succeed'",
      skipLocked: opts.skipLocked,
      returning: ["id"],
    });
    result.released += released.length;
    result.skipped += skipped.length;
    candidates = await childrenOf(tx, skipped.map((row) => row.id));
  }
  return result;
}

/**
 * After RetryJob revived these tasks: their SKIPPED children whose failed parents are all back in
 * play wait again (BLOCKED), and so, in turn, do the descendants skipped because of them.
 */
export async function reopenChildrenOf(tx: Queryable, revivedIds: readonly string[]): Promise<number> {
  let reopened = 0;
  let candidates = await childrenOf(tx, revivedIds);
  while (candidates.length > 0) {
    const unskipped = await transitionJobs(tx, {
      transition: transitions.unskip,
      input: { id: ["uuid", candidates] },
      where: () => "j.failed_parents = 0",
      set: () => "finished_at = null, last_error = null",
      eventMessage: () => "'a task it depends on was retried'",
      returning: ["id"],
    });
    reopened += unskipped.length;
    candidates = await childrenOf(tx, unskipped.map((row) => row.id));
  }
  return reopened;
}

/**
 * The rescuer's share: BLOCKED tasks that should have moved on but were left behind (the server
 * died between a parent's completion and the follow-up) for longer than `graceMs`. Uses the small
 * partial index of such tasks, never a scan of workflows.
 */
export async function findSettledTasks(q: Queryable, graceMs: number, limit: number): Promise<string[]> {
  const { rows } = await q.query<{ id: string }>(
    `select id from jobs
     where state = 'BLOCKED' and (pending_parents <= 0 or (failed_parents > 0 and failure_policy = 'SKIP_DESCENDANTS'))
       and updated_at < now() - $1 * interval '1 millisecond'
     order by updated_at limit $2`,
    [graceMs, limit],
  );
  return rows.map((row) => row.id).sort();
}
