import { randomUUID } from "node:crypto";
import { transitions } from "../jobs/job-state-machine.ts";
import { groupBy } from "../util/group-by.ts";
import { recordFinishedAttempts, type AttemptOutcomeName } from "./attempt-store.ts";
import type { Database, Queryable } from "./database.ts";
import type { JobRow } from "./job-row.ts";
import { transitionJobs, type Params, type TransitionedRow } from "./job-transitions.ts";
import { enqueueAnnouncements } from "./outbox-store.ts";
import { settleChildrenOf } from "./task-dependencies.ts";
import { attachParentResults, type ParentResults } from "./workflow-store.ts";

export interface LeaseRequest {
  jobId: string;
  workerId: string;
  /** The job came from a delayed announcement: promote it first if it is due. */
  promote: boolean;
  /** The queue the announcement came from. */
  namespace: string;
  queue: string;
}

/** A leased job; a workflow task comes with the results of the tasks it depends on. */
export type LeasedRow = JobRow & { parent_results?: ParentResults };

/** Why a READY job was not leased: its queue is paused, or at its concurrency or rate limit. */
export type HoldReason = "paused" | "concurrency" | "rate";

export interface HeldBack {
  reason: HoldReason;
  /** When leasing it again may succeed (rate limit); undefined when only an event can tell. */
  retryAfterMs?: number;
}

/** One result per request: the leased row, or why a job that is still READY was held back. */
export interface LeaseOutcome {
  leased: Map<string, LeasedRow>;
  heldBack: Map<string, HeldBack>;
}

/**
 * Queues with a concurrency or rate limit, as this server last heard: their jobs are leased by the
 * limited path. A stale answer costs a retry, never a broken limit: the fast path refuses jobs of
 * every restricted queue as Postgres sees it at that moment.
 */
export type IsLimitedQueue = (namespace: string, queue: string) => boolean;

/**
 * ┃ The fast path's guard: jobs of paused or limited queues are never leased by it. ┃
 * One probe of a partial index that holds only restricted queues; empty in the common case.
 */
const unrestrictedQueue = `not exists (select 1 from queues q where q.namespace = j.namespace and q.queue = j.queue
  and (q.paused or q.concurrency_limit is not null or q.rate_limit is not null))`;

// A job leased ahead of its run_at starts then: its worker waits for it (see leaseJobs).
const leaseSet = (leaseTtlMs: number) => (p: Params) => `attempt = j.attempt + 1, lease_id = input.lease_id, lease_worker_id = input.worker_id,
      attempt_started_at = greatest(now(), j.run_at),
      lease_expires_at = least(now() + ${p.add(leaseTtlMs)} * interval '1 millisecond', greatest(now(), j.run_at) + j.timeout_ms * interval '1 millisecond')`;

function leaseInput(requests: readonly LeaseRequest[]) {
  return {
    id: ["uuid", requests.map((r) => r.jobId)],
    lease_id: ["uuid", requests.map(() => randomUUID())],
    worker_id: ["text", requests.map((r) => r.workerId)],
  } as const;
}

/**
 * Leases READY jobs to workers: each gets a new lease id, its attempt count goes up, and the lease
 * lasts `leaseTtlMs` or until the attempt's timeout, whichever is sooner. Jobs that are not READY
 * (already leased through a duplicate announcement, cancelled, not due) are in neither map of the
 * outcome. Jobs from delayed announcements are first promoted if their run_at is at most
 * `leaseAheadMs` away: the worker holds such a job until run_at, so the attempt starts then.
 *
 * Jobs of queues without limits take one statement; a paused queue is refused by that statement
 * itself. Jobs of limited queues take a short transaction per queue (see leaseLimited).
 */
export async function leaseJobs(
  db: Database,
  requests: LeaseRequest[],
  leaseTtlMs: number,
  isLimited: IsLimitedQueue = () => false,
  leaseAheadMs = 0,
): Promise<LeaseOutcome> {
  const toPromote = requests.filter((r) => r.promote).map((r) => r.jobId);
  // Promote, then lease: two statements, each atomic, and no transaction around them. Should the
  // server die between them the jobs are READY, and the announcement, not yet acknowledged, is
  // delivered again and leases them. Saving the BEGIN/COMMIT round trips matters to lateness.
  if (toPromote.length > 0) {
    await transitionJobs(db, {
      transition: transitions.promote,
      input: { id: ["uuid", toPromote] },
      where: (p) => `j.run_at <= now() + ${p.add(leaseAheadMs)} * interval '1 millisecond'`,
      returning: ["id"],
    });
  }
  const outcome: LeaseOutcome = { leased: new Map(), heldBack: new Map() };
  const fast = requests.filter((r) => !isLimited(r.namespace, r.queue));
  if (fast.length > 0) {
    const rows = await transitionJobs(db, {
      transition: transitions.lease,
      input: leaseInput(fast),
      where: () => unrestrictedQueue,
      set: leaseSet(leaseTtlMs),
    });
    for (const row of rows) outcome.leased.set(row.id, row);
    // Rare: a job still READY was refused because its queue is paused or became limited.
    if (rows.length < fast.length) {
      const missed = fast.filter((r) => !outcome.leased.has(r.jobId)).map((r) => r.jobId);
      for (const id of await stillReady(db, missed)) outcome.heldBack.set(id, { reason: "paused" });
    }
  }
  const limited = requests.filter((r) => isLimited(r.namespace, r.queue));
  for (const [, group] of groupBy(limited, (r) => `${r.namespace}\u0000${r.queue}`)) {
    await leaseLimited(db, group, leaseTtlMs, outcome);
  }
  // Only workflow tasks pay for reading their parents' results.
  const leased = [...outcome.leased.values()];
  if (leased.some((row) => row.workflow_id !== null)) await attachParentResults(db, leased);
  return outcome;
}

/** What one lease request came to: the leased row, or why a job still READY was held back; neither when it is not leasable. */
export interface LeaseResult {
  row?: LeasedRow;
  heldBack?: HeldBack;
}

/**
 * leaseJobs for a batch of requests from many workers, answered per request, in order.
 *
 * ┃ One job, one lease, one worker. ┃ A batch may name a job twice (a duplicated announcement, one
 * redelivered after a reconnect, both reaching the dispatcher together): only the first request
 * naming it may get it, or two workers would be handed the same lease and run the same attempt.
 */
export async function leaseEach(
  db: Database,
  requests: readonly LeaseRequest[],
  leaseTtlMs: number,
  isLimited: IsLimitedQueue = () => false,
  leaseAheadMs = 0,
): Promise<LeaseResult[]> {
  const firstAsk = new Map<string, LeaseRequest>();
  for (const request of requests) if (!firstAsk.has(request.jobId)) firstAsk.set(request.jobId, request);
  const outcome = await leaseJobs(db, [...firstAsk.values()], leaseTtlMs, isLimited, leaseAheadMs);
  return requests.map((r) => (firstAsk.get(r.jobId) === r ? { row: outcome.leased.get(r.jobId), heldBack: outcome.heldBack.get(r.jobId) } : {}));
}

async function stillReady(q: Queryable, ids: string[]): Promise<string[]> {
  const { rows } = await q.query<{ id: string }>(`select id from jobs where id = any($1::uuid[]) and state = 'READY'`, [ids]);
  return rows.map((row) => row.id);
}

interface QueueLimitsRow {
  paused: boolean;
  concurrency_limit: number | null;
  rate_limit: number | null;
  rate_tokens: number;
  elapsed_s: number;
}

/**
 * Leases jobs of one limited queue within its limits, over all servers: the queue's row is locked
 * first, so that servers leasing from it take turns, and only then (in a new statement, which sees
 * every lease committed before the lock was granted) are its RUNNING jobs counted and its token
 * bucket refilled. The bucket holds at most a tenth of a second's worth of starts (at least one).
 */
async function leaseLimited(db: Database, requests: LeaseRequest[], leaseTtlMs: number, outcome: LeaseOutcome): Promise<void> {
  const { namespace, queue } = requests[0]!;
  await db.withTransaction(async (tx) => {
    const { rows: settings } = await tx.query<QueueLimitsRow>(
      `select paused, concurrency_limit, rate_limit, rate_tokens, extract(epoch from now() - rate_tokens_at)::float8 as elapsed_s
       from queues where namespace = $1 and queue = $2 for update`,
      [namespace, queue],
    );
    const limits = settings[0];
    const { rows: counts } = await tx.query<{ ready: string[]; running: number }>(
      `select array(select id::text from jobs where id = any($1::uuid[]) and state = 'READY') as ready,
         case when $4 then (select count(*)::int from jobs where namespace = $2 and queue = $3 and state = 'RUNNING') else 0 end as running`,
      [requests.map((r) => r.jobId), namespace, queue, limits?.concurrency_limit != null],
    );
    const readyIds = new Set(counts[0]!.ready);
    const ready = requests.filter((r) => readyIds.has(r.jobId));
    let allowed = ready.length;
    let reason: HoldReason = "concurrency";
    let tokens = 0;
    if (limits?.paused) {
      allowed = 0;
      reason = "paused";
    }
    if (limits?.concurrency_limit != null && limits.concurrency_limit - counts[0]!.running < allowed) {
      allowed = Math.max(0, limits.concurrency_limit - counts[0]!.running);
      reason = "concurrency";
    }
    const rate = limits?.rate_limit ?? null;
    if (rate !== null) {
      tokens = Math.min(Math.max(1, rate / 10), limits!.rate_tokens + limits!.elapsed_s * rate);
      if (Math.floor(tokens) < allowed) {
        allowed = Math.floor(tokens);
        reason = "rate";
      }
    }
    const rows =
      allowed > 0
        ? await transitionJobs(tx, { transition: transitions.lease, input: leaseInput(ready.slice(0, allowed)), set: leaseSet(leaseTtlMs) })
        : [];
    for (const row of rows) outcome.leased.set(row.id, row);
    if (rate !== null) {
      tokens -= rows.length;
      await tx.query(`update queues set rate_tokens = $3, rate_tokens_at = now() where namespace = $1 and queue = $2`, [namespace, queue, tokens]);
    }
    const retryAfterMs = reason === "rate" && rate !== null ? Math.ceil(((1 - tokens) / rate) * 1000) : undefined;
    for (const r of ready) if (!outcome.leased.has(r.jobId)) outcome.heldBack.set(r.jobId, { reason, retryAfterMs });
  });
}

export interface LeaseRef {
  jobId: string;
  leaseId: string;
  /** The caller's namespace; undefined for the server's own maintenance. */
  namespace?: string;
}

const inNamespace = "(input.namespace is null or j.namespace = input.namespace)";

/**
 * ┃ A report is judged by (job, lease), never by job alone. ┃ Results are keyed by this, so that a
 * batch holding one job twice (its real lease and a stale or forged one) answers each on its own.
 */
export function leaseKey(ref: { jobId: string; leaseId: string }): string {
  return `${ref.jobId}/${ref.leaseId}`;
}

const rowLeaseKey = (row: JobRow) => leaseKey({ jobId: row.id, leaseId: row.lease_id ?? "" });

/**
 * A job leased ahead of its run_at starts at run_at (its worker waits for it). A worker that
 * reports before then is taken at its word: the attempt started no later than the report, and is
 * recorded so, so that no attempt finishes before it started.
 */
const startedNoLaterThanNow = "attempt_started_at = least(j.attempt_started_at, now())";

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

/** Ends attempts successfully. Returns the reports accepted (those whose lease was still held), by leaseKey. */
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
    set: () => `result = input.result, result_bytes = input.result_bytes, finished_at = now(), lease_expires_at = null, ${startedNoLaterThanNow}`,
    alsoWrite: () => `insert into job_attempts (job_id, number, worker_id, started_at, finished_at, outcome)
      select id, attempt, coalesce(lease_worker_id, ''), coalesce(attempt_started_at, now()), now(), 'SUCCEEDED' from changed`,
    returning: ["id", "lease_id", "namespace", "queue", "type", "attempt_started_at", "workflow_id"],
  });
  // The children that are now free to run: a second step, in a transaction of its own, and only
  // for workflow tasks. Should the server die before it, the rescuer settles them.
  const finishedTasks = rows.filter((row) => row.workflow_id !== null).map((row) => row.id);
  if (finishedTasks.length > 0) {
    // The completions are committed whatever happens here: a failure must not refuse them.
    await db.withTransaction((tx) => settleChildrenOf(tx, finishedTasks)).catch((error) => opts.onSettleError?.(error));
  }
  return new Map(rows.map((row) => [rowLeaseKey(row), endedAttempt(row, false)]));
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
 * announced on the dead-letter exchange. Returns the reports accepted, by leaseKey.
 */
export async function failJobs(
  db: Database,
  failures: AttemptFailure[],
  delayHorizonMs: number,
): Promise<Map<string, EndedAttempt>> {
  return db.withTransaction(async (tx) => {
    // Two statements below lock two sets of jobs; each in id order, but not both together. Locking
    // them all first, in one order, is what keeps two failing batches (or a batch and the reaper)
    // from deadlocking.
    await lockJobs(tx, failures.map((f) => f.jobId));
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
      set: (p) => `last_error = input.error, lease_expires_at = null, ${startedNoLaterThanNow},
        run_at = now() + coalesce(input.retry_after_ms, ${backoffMs}) * interval '1 millisecond',
        announced_at = case when coalesce(input.retry_after_ms, ${backoffMs}) <= ${p.add(delayHorizonMs)} then now() end`,
      eventMessage: () => "input.error",
    });
    const buried = await transitionJobs(tx, {
      transition: transitions.bury,
      input,
      where: () => `${held} and not (${canRetry})`,
      set: () => `last_error = input.error, lease_expires_at = null, finished_at = now(), ${startedNoLaterThanNow}`,
      eventMessage: () => "input.error",
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
    return new Map([...retried.map((row) => [rowLeaseKey(row), endedAttempt(row, false)] as const), ...buried.map((row) => [rowLeaseKey(row), endedAttempt(row, true)] as const)]);
  });
}

/** Locks the jobs' rows in id order, the order every multi-row statement on jobs locks in. */
async function lockJobs(tx: Queryable, ids: readonly string[]): Promise<void> {
  await tx.query(`select 1 from jobs where id = any($1::uuid[]) order by id for update`, [ids]);
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

/**
 * Extends held leases (never past the attempt's timeout). Returns those still held, by leaseKey.
 * Rows are locked in id order, like every other statement that changes several jobs: locking in
 * input order deadlocked against completions of the same jobs.
 */
export async function extendLeases(
  q: Queryable,
  namespace: string,
  leases: LeaseRef[],
  leaseTtlMs: number,
): Promise<Map<string, Date>> {
  const { rows } = await q.query<{ id: string; lease_id: string; lease_expires_at: Date }>(
    `with target as (
       select j.id from jobs j join unnest($1::uuid[], $2::uuid[]) as input(id, lease_id)
         on j.id = input.id and j.lease_id = input.lease_id
       -- A lease that ran out is lost, reaped or not: a late heartbeat does not bring it back.
       where j.state = 'RUNNING' and j.namespace = $4 and j.lease_expires_at > now()
       order by j.id
       for update of j
     )
     update jobs j set lease_expires_at = least(now() + $3 * interval '1 millisecond',
       j.attempt_started_at + j.timeout_ms * interval '1 millisecond')
     from target where j.id = target.id
     returning j.id, j.lease_id, j.lease_expires_at`,
    [leases.map((l) => l.jobId), leases.map((l) => l.leaseId), leaseTtlMs, namespace],
  );
  return new Map(rows.map((row) => [leaseKey({ jobId: row.id, leaseId: row.lease_id }), row.lease_expires_at]));
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
