import { FailedPreconditionError, NotFoundError } from "../errors/conveyor-error.ts";
import { recordFinishedAttempts } from "../store/attempt-store.ts";
import type { Database, Queryable } from "../store/database.ts";
import type { JobRow } from "../store/job-row.ts";
import { findJob } from "../store/job-store.ts";
import { transitionJobs, type TransitionedRow } from "../store/job-transitions.ts";
import { reopenChildrenOf, settleChildrenOf } from "../store/task-dependencies.ts";
import { enqueueReadyAnnouncements } from "../store/outbox-store.ts";
import { transitions, type Transition } from "./job-state-machine.ts";

/**
 * Cancels a job that has not finished. A running attempt is recorded as cancelled; its worker
 * learns of it through the job's CANCELLED event and aborts the handler.
 */
export async function cancelJob(db: Database, namespace: string, id: string, reason: string): Promise<JobRow> {
  return db.withTransaction(async (tx) => {
    const [row] = await cancelJobs(tx, namespace, [id], reason);
    if (!row) throw await refusal(db, namespace, id, transitions.cancel);
    return row;
  });
}

/**
 * Cancels those of the jobs that have not finished, in the caller's transaction, and returns them.
 * A workflow task's children count it as failed, and are skipped or released by their policy.
 */
export async function cancelJobs(tx: Queryable, namespace: string, ids: readonly string[], reason: string): Promise<TransitionedRow[]> {
  const rows = await transitionJobs(tx, {
    transition: transitions.cancel,
    namespace,
    input: { id: ["uuid", ids], reason: ["text", ids.map(() => reason)] },
    set: () => "finished_at = now(), lease_expires_at = null, last_error = coalesce(j.last_error, input.reason)",
    eventMessage: () => "input.reason",
  });
  const running = rows.filter((row) => row.from_state === "RUNNING");
  if (running.length > 0) await recordFinishedAttempts(tx, running, () => "CANCELLED", () => reason);
  const tasks = rows.filter((row) => row.workflow_id !== null).map((row) => row.id);
  if (tasks.length > 0) await settleChildrenOf(tx, tasks);
  return rows;
}

/**
 * RetryJob: a DEAD or CANCELLED job goes back to READY with a fresh set of max_attempts attempts.
 * Attempt numbers carry on from where they were, so that the attempt history stays intact.
 */
export async function retryJob(db: Database, namespace: string, id: string): Promise<JobRow> {
  const [row] = await retryJobs(db, namespace, [id]);
  if (!row) throw await refusal(db, namespace, id, transitions.revive);
  return row;
}

/**
 * RetryJob for many jobs in one transaction: those of `ids` that are DEAD or CANCELLED go back to
 * READY (the others are passed over) and are returned. RetryJobs calls this once per batch.
 */
export async function retryJobs(db: Database, namespace: string, ids: readonly string[]): Promise<TransitionedRow[]> {
  if (ids.length === 0) return [];
  return db.withTransaction(async (tx) => {
    const rows = await transitionJobs(tx, {
      transition: transitions.revive,
      namespace,
      input: { id: ["uuid", ids] },
      set: () => "attempt_base = j.attempt, run_at = now(), finished_at = null, lease_id = null, lease_expires_at = null, announced_at = now()",
      eventMessage: () => "'retried by request'",
    });
    if (rows.length === 0) return rows;
    await enqueueReadyAnnouncements(tx, namespace, rows);
    // The tasks skipped because these failed wait for them again.
    const tasks = rows.filter((row) => row.workflow_id !== null).map((row) => row.id);
    if (tasks.length > 0) await reopenChildrenOf(tx, tasks);
    return rows;
  });
}

/** Why a transition changed nothing: the job does not exist here, or its state forbids it. */
async function refusal(db: Database, namespace: string, id: string, transition: Transition): Promise<Error> {
  const job = await findJob(db, namespace, id);
  if (!job) return new NotFoundError(`job ${id} not found in namespace ${namespace}`);
  return new FailedPreconditionError(
    `job ${id} is ${job.state}; ${transition.name} applies only to ${transition.from.join(" or ")} jobs`,
  );
}
