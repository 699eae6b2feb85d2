import { randomUUID } from "node:crypto";
import { transitions } from "../jobs/job-state-machine.ts";
import { groupBy } from "../util/group-by.ts";
import { recordFinishedAttempts, type AttemptOutcomeName } from "./attempt-store.ts";
import type { Database, Queryable } from "./database.ts";
import type { JobRow } from "./job-row.ts";
import { transitionJobs, type TransitionedRow } from "./job-transitions.ts";
import { enqueueAnnouncements } from "./outbox-store.ts";
import { childCountsCtes, settleChildrenOf } from "./task-dependencies.ts";
import { attachParentResults, type ParentResults } from "./workflow-store.ts";

export interface LeaseRequest {
  jobId: string;
  workerId: string;
  /** The job came from a delayed announcement: promote it first if it is due. */
  promote: boolean;
}

/** A leased job; a workflow task comes with the results of the tasks it depends on. */
export type LeasedRow = JobRow & { parent_results?: ParentResults };

/**
 * Leases READY jobs to workers in one transaction: each gets a new lease id, its attempt count
 * goes up, and the lease lasts `leaseTtlMs` or until the attempt's timeout, whichever is sooner.
 * Jobs that are not READY (already leased through a duplicate announcement, cancelled, not due)
 * are not returned. Jobs from delayed announcements are first promoted if their run_at has come.
 */
export async function leaseJobs(db: Database, requests: LeaseRequest[], leaseTtlMs: number): Promise<Map<string, LeasedRow>> {
  const toPromote = requests.filter((r) => r.promote).map((r) => r.jobId);
  // Promote, then lease: two statements, each atomic, and no transaction around them. Should the
  // server die between them the jobs are READY, and the announcement, not yet acknowledged, is
  // delivered again and leases them. Saving the BEGIN/COMMIT round trips matters to lateness.
  if (toPromote.length > 0) {
    await transitionJobs(db, {
      transition: transitions.promote,
      input: { id: ["uuid", toPromote] },
      where: () => "j.run_at <= now()",
      returning: ["id"],
    });
  }
  const rows = await transitionJobs(db, {
    transition: transitions.lease,
    input: {
      id: ["uuid", requests.map((r) => r.jobId)],
      lease_id: ["uuid", requests.map(() => randomUUID())],
      worker_id: ["text", requests.map((r) => r.workerId)],
    },
    set: (p) => `attempt = j.attempt + 1, lease_id = input.lease_id, lease_worker_id = input.worker_id,
      attempt_started_at = now(),
      lease_expires_at = least(now() + ${p.add(leaseTtlMs)} * interval '1 millisecond', now() + j.timeout_ms * interval '1 millisecond')`,
  });
  // Only workflow tasks pay for reading their parents' results.
  if (rows.some((row) => row.workflow_id !== null)) await attachParentResults(db, rows);
  return new Map(rows.map((row) => [row.id, row]));
}

export interface LeaseRef {
  jobId: string;
  leaseId: string;
  /** The caller's namespace; undefined for the server's own maintenance. */
  namespace?: string;
}

const inNamespace = "(input.namespace is null or j.namespace = input.namespace)";

export interface Completion extends LeaseRef {
  result: Record<string, unknown> | null;
  resultBytes: Buffer | null;
}

/** A job whose attempt ended as reported: what the metrics need of it. */
export interface EndedAttempt {
  namespace: string;
  queue: string;
  type: string;
  attempt_started_at: Date | null;
  /** The job is DEAD (failJobs only). */
  dead: boolean;
  /** A workflow task: tasks depending on it may have become READY, with announcements to publish. */
  inWorkflow: boolean;
}

/** Ends attempts successfully. Returns the jobs accepted (those whose lease was still held), by id. */
export async function completeJobs(
  db: Database,
  completions: Completion[],
  opts: { onSettleError?: (error: unknown) => void } = {},
): Promise<Map<string, EndedAttempt>> {
  // One statement: the transition, its events and the finished attempts, atomic without BEGIN/COMMIT.
  const rows = await transitionJobs(db, {
    transition: transitions.complete,
    input: {
      id: ["uuid", completions.map((c) => c.jobId)],
      lease_id: ["uuid", completions.map((c) => c.leaseId)],
      namespace: ["text", completions.map((c) => c.namespace ?? null)],
      result: ["jsonb", completions.map((c) => c.result)],
      result_bytes: ["bytea", completions.map((c) => c.resultBytes)],
    },
    where: () => `j.lease_id = input.lease_id and ${inNamespace}`,
    set: () => "result = input.result, result_bytes = input.result_bytes, finished_at = now(), lease_expires_at = null",
    alsoWrite: () => `insert into job_attempts (job_id, number, worker_id, started_at, finished_at, outcome)
      select id, attempt, coalesce(lease_worker_id, ''), coalesce(attempt_started_at, now()), now(), 'SUCCEEDED' from changed`,
    // Workflow tasks' children count this parent as finished in this very statement.
    extraCtes: () => childCountsCtes("finished"),
    returning: ["id", "namespace", "queue", "type", "attempt_started_at", "workflow_id"],
  });
  // The children that are now free to run: a second step, in a transaction of its own, and only
  // for workflow tasks. Should the server die before it, the rescuer settles them.
  const finishedTasks = rows.filter((row) => row.workflow_id !== null).map((row) => row.id);
  if (finishedTasks.length > 0) {
    // The completions are committed whatever happens here: a failure must not refuse them.
    await db.withTransaction((tx) => settleChildrenOf(tx, finishedTasks)).catch((error) => opts.onSettleError?.(error));
  }
  return new Map(rows.map((row) => [row.id, endedAttempt(row, false)]));
}

function endedAttempt(row: JobRow, dead: boolean): EndedAttempt {
  return {
    namespace: row.namespace,
    queue: row.queue,
    type: row.type,
    attempt_started_at: row.attempt_started_at,
    dead,
    inWorkflow: row.workflow_id !== null,
  };
}

export interface AttemptFailure extends LeaseRef {
  error: string;
  nonRetryable: boolean;
  /** Overrides the backoff when set. */
  retryAfterMs: number | null;
  outcome: Exclude<AttemptOutcomeName, "SUCCEEDED" | "CANCELLED">;
}

/**
 * Ends attempts with an error. A job with attempts left (and a retryable error) waits for its
 * backoff in RETRY_SCHEDULED and is announced through the delay queues; the others are DEAD and
 * announced on the dead-letter exchange. Returns the jobs accepted, by id.
 */
export async function failJobs(
  db: Database,
  failures: AttemptFailure[],
  delayHorizonMs: number,
): Promise<Map<string, EndedAttempt>> {
  return db.withTransaction(async (tx) => {
    const input = {
      id: ["uuid", failures.map((f) => f.jobId)],
      lease_id: ["uuid", failures.map((f) => f.leaseId)],
      namespace: ["text", failures.map((f) => f.namespace ?? null)],
      error: ["text", failures.map((f) => f.error)],
      non_retryable: ["bool", failures.map((f) => f.nonRetryable)],
      retry_after_ms: ["float8", failures.map((f) => f.retryAfterMs)],
    } as const;
    const held = `j.lease_id = input.lease_id and ${inNamespace}`;
    const canRetry = "j.attempt - j.attempt_base < j.max_attempts and not input.non_retryable";
    // Exponential backoff, capped, then spread by +/- jitter so that failed jobs do not retry in step.
    const backoffMs = `least(j.backoff_initial_ms * power(j.backoff_multiplier, greatest(j.attempt - 1, 0)), j.backoff_max_ms)
      * (1 + j.backoff_jitter * (random() * 2 - 1))`;
    const retried = await transitionJobs(tx, {
      transition: transitions.retry_later,
      input,
      where: () => `${held} and ${canRetry}`,
      set: (p) => `last_error = input.error, lease_expires_at = null,
        run_at = now() + coalesce(input.retry_after_ms, ${backoffMs}) * interval '1 millisecond',
        announced_at = case when coalesce(input.retry_after_ms, ${backoffMs}) <= ${p.add(delayHorizonMs)} then now() end`,
      eventMessage: () => "input.error",
    });
    const buried = await transitionJobs(tx, {
      transition: transitions.bury,
      input,
      where: () => `${held} and not (${canRetry})`,
      set: () => "last_error = input.error, lease_expires_at = null, finished_at = now()",
      eventMessage: () => "input.error",
      extraCtes: () => childCountsCtes("finished"),
    });
    const byId = new Map(failures.map((f) => [f.jobId, f]));
    const finished = [...retried, ...buried];
    await recordFinishedAttempts(tx, finished, (row) => byId.get(row.id)!.outcome, (row) => byId.get(row.id)!.error);
    await announceRetries(tx, retried);
    for (const row of buried) {
      await enqueueAnnouncements(tx, row.namespace, [row], { exchange: "dead", error: row.last_error ?? undefined });
    }
    const buriedTasks = buried.filter((row) => row.workflow_id !== null).map((row) => row.id);
    if (buriedTasks.length > 0) await settleChildrenOf(tx, buriedTasks);
    return new Map([...retried.map((row) => [row.id, endedAttempt(row, false)] as const), ...buried.map((row) => [row.id, endedAttempt(row, true)] as const)]);
  });
}

/** Announces retries that were scheduled within the horizon, each for its own run time. */
async function announceRetries(tx: Queryable, rows: readonly TransitionedRow[]): Promise<void> {
  const announced = rows.filter((row) => row.announced_at !== null);
  for (const [, group] of groupBy(announced, (row) => `${row.namespace}\u0000${row.run_at.getTime()}`)) {
    await enqueueAnnouncements(tx, group[0]!.namespace, group, { runAt: group[0]!.run_at });
  }
}

export interface HeartbeatResult {
  jobId: string;
  leaseExpiresAt: Date;
}

/** Extends held leases (never past the attempt's timeout). Returns those that are still held. */
export async function extendLeases(
  q: Queryable,
  namespace: string,
  leases: LeaseRef[],
  leaseTtlMs: number,
): Promise<Map<string, Date>> {
  const { rows } = await q.query<{ id: string; lease_expires_at: Date }>(
    `update jobs j set lease_expires_at = least(now() + $3 * interval '1 millisecond',
       j.attempt_started_at + j.timeout_ms * interval '1 millisecond')
     from unnest($1::uuid[], $2::uuid[]) as input(id, lease_id)
     where j.id = input.id and j.lease_id = input.lease_id and j.state = 'RUNNING'
       and j.namespace = $4
     returning j.id, j.lease_expires_at`,
    [leases.map((l) => l.jobId), leases.map((l) => l.leaseId), leaseTtlMs, namespace],
  );
  return new Map(rows.map((row) => [row.id, row.lease_expires_at]));
}

/** RUNNING jobs whose lease ran out: their worker stopped heartbeating, or the attempt hit its timeout. */
export async function findExpiredLeases(
  q: Queryable,
  limit: number,
): Promise<{ id: string; lease_id: string; timed_out: boolean }[]> {
  const { rows } = await q.query<{ id: string; lease_id: string; timed_out: boolean }>(
    `select id, lease_id, attempt_started_at + timeout_ms * interval '1 millisecond' <= now() as timed_out
     from jobs where state = 'RUNNING' and lease_expires_at <= now()
     order by lease_expires_at limit $1`,
    [limit],
  );
  return rows;
}
