import { FailedPreconditionError, NotFoundError } from "../errors/conveyor-error.ts";
import type { Database } from "../store/database.ts";
import type { JobRow } from "../store/job-row.ts";
import { findJob } from "../store/job-store.ts";
import { transitionJobs } from "../store/job-transitions.ts";
import { enqueueReadyAnnouncements } from "../store/outbox-store.ts";
import { insertWebhookDeliveries } from "../store/webhook-store.ts";
import { transitions, type Transition } from "./job-state-machine.ts";

/**
 * Cancels a job that has not finished. A running attempt is recorded as cancelled; its worker
 * learns of it through the job's CANCELLED event and aborts the handler.
 */
export async function cancelJob(db: Database, namespace: string, id: string, reason: string): Promise<JobRow> {
  return db.withTransaction(async (tx) => {
    const [row] = await transitionJobs(tx, {
      transition: transitions.cancel,
      namespace,
      input: { id: ["uuid", [id]], reason: ["text", [reason]] },
      set: () => "finished_at = now(), lease_expires_at = null, last_error = coalesce(j.last_error, input.reason)",
      eventMessage: () => "input.reason",
      alsoWrite: () => insertWebhookDeliveries,
    });
    if (!row) throw await refusal(db, namespace, id, transitions.cancel);
    if (row.from_state === "RUNNING") {
      await tx.query(
        `insert into job_attempts (job_id, number, worker_id, started_at, finished_at, outcome, error)
         values ($1, $2, $3, $4, now(), 'CANCELLED', $5)`,
        [row.id, row.attempt, row.lease_worker_id ?? "", row.attempt_started_at ?? new Date(), reason],
      );
    }
    return row;
  });
}

/**
 * RetryJob: a DEAD or CANCELLED job goes back to READY with a fresh set of max_attempts attempts.
 * Attempt numbers carry on from where they were, so that the attempt history stays intact.
 */
export async function retryJob(db: Database, namespace: string, id: string): Promise<JobRow> {
  return db.withTransaction(async (tx) => {
    const [row] = await transitionJobs(tx, {
      transition: transitions.revive,
      namespace,
      input: { id: ["uuid", [id]] },
      set: () => "attempt_base = j.attempt, run_at = now(), finished_at = null, lease_id = null, lease_expires_at = null, announced_at = now()",
      eventMessage: () => "'retried by request'",
    });
    if (!row) throw await refusal(db, namespace, id, transitions.revive);
    await enqueueReadyAnnouncements(tx, namespace, [row]);
    return row;
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
