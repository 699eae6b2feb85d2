import type { PoolClient } from "pg";
import type { JobStateName } from "../jobs/job-state-machine.ts";
import type { Database, Queryable } from "./database.ts";
import type { AttemptRow, JobEventRow, JobRow, NewJob } from "./job-row.ts";
import { initialTransition, Params } from "./job-transitions.ts";
import { enqueueAnnouncements } from "./outbox-store.ts";
import { groupBy } from "../util/group-by.ts";

export interface InsertedJob {
  id: string;
  state: JobStateName;
  /** False when the idempotency key matched an existing job, whose id and state are returned. */
  created: boolean;
}

/**
 * Inserts jobs in one transaction: the rows, their first events, and the outbox messages that will
 * announce the ready ones to the broker. A job whose idempotency key already exists on its queue
 * is not inserted; the existing job is returned instead. The unique index decides, so racing
 * submits of the same key all get the one job.
 */
export async function insertJobs(db: Database, namespace: string, requested: NewJob[], delayHorizonMs: number): Promise<InsertedJob[]> {
  // Inserted in idempotency-key order, so that concurrent batches sharing keys take the unique
  // index's locks in the same order and cannot deadlock; answered in the order of the request.
  const order = requested.map((_, i) => i).sort((a, b) => compareIdempotencyKeys(requested[a]!, requested[b]!));
  const jobs = order.map((i) => requested[i]!);
  const sorted = await db.withTransaction(async (tx) => {
    const now = await transactionTime(tx);
    const runAts = jobs.map((job) => job.runAt ?? new Date(now.getTime() + job.delayMs));
    const states = runAts.map((runAt) => initialTransition(runAt, now).to);
    // Jobs due within the horizon are announced now (ready, or through the broker's delay queues);
    // later ones wait in Postgres until the promoter announces them.
    const announce = runAts.map((runAt) => runAt.getTime() <= now.getTime() + delayHorizonMs);
    const { rows: insertedRows } = await tx.query<{ id: string }>(
      `insert into jobs (id, namespace, queue, type, payload, payload_bytes, priority, run_at, max_attempts,
         backoff_initial_ms, backoff_multiplier, backoff_max_ms, backoff_jitter, timeout_ms, idempotency_key,
         labels, state, created_at, updated_at, announced_at)
       select id, $1, queue, type, payload, payload_bytes, priority, run_at, max_attempts, backoff_initial_ms,
         backoff_multiplier, backoff_max_ms, backoff_jitter, timeout_ms, idempotency_key, labels, state, $18, $18,
         case when announce then $18::timestamptz end
       from unnest($2::uuid[], $3::text[], $4::text[], $5::jsonb[], $6::bytea[], $7::smallint[], $8::timestamptz[],
         $9::int[], $10::int[], $11::real[], $12::int[], $13::real[], $14::int[], $15::text[], $16::jsonb[], $17::text[],
         $19::bool[])
         as t(id, queue, type, payload, payload_bytes, priority, run_at, max_attempts, backoff_initial_ms,
           backoff_multiplier, backoff_max_ms, backoff_jitter, timeout_ms, idempotency_key, labels, state, announce)
       on conflict (namespace, queue, idempotency_key) where idempotency_key is not null do nothing
       returning id`,
      [
        namespace,
        jobs.map((j) => j.id),
        jobs.map((j) => j.queue),
        jobs.map((j) => j.type),
        jobs.map((j) => (j.payload === null ? null : JSON.stringify(j.payload))),
        jobs.map((j) => j.payloadBytes),
        jobs.map((j) => j.priority),
        runAts,
        jobs.map((j) => j.maxAttempts),
        jobs.map((j) => j.backoffInitialMs),
        jobs.map((j) => j.backoffMultiplier),
        jobs.map((j) => j.backoffMaxMs),
        jobs.map((j) => j.backoffJitter),
        jobs.map((j) => j.timeoutMs),
        jobs.map((j) => j.idempotencyKey),
        jobs.map((j) => JSON.stringify(j.labels)),
        states,
        now,
        announce,
      ],
    );
    const inserted = new Set(insertedRows.map((row) => row.id));
    const results: InsertedJob[] = jobs.map((job, i) => ({ id: job.id, state: states[i]!, created: inserted.has(job.id) }));

    if (inserted.size > 0) {
      const runAtOf = new Map(jobs.map((job, i) => [job.id, runAts[i]!]));
      const created = jobs.filter((job) => inserted.has(job.id));
      await tx.query(
        `insert into job_events (job_id, from_state, to_state, at) select id, null, state, $2 from jobs where id = any($1::uuid[])`,
        [created.map((job) => job.id), now],
      );
      const isDue = (job: NewJob) => runAtOf.get(job.id)!.getTime() <= now.getTime();
      const isSoon = (job: NewJob) => !isDue(job) && runAtOf.get(job.id)!.getTime() <= now.getTime() + delayHorizonMs;
      await enqueueAnnouncements(tx, namespace, created.filter(isDue));
      for (const [runAt, group] of groupBy(created.filter(isSoon), (job) => runAtOf.get(job.id)!.getTime())) {
        await enqueueAnnouncements(tx, namespace, group, { runAt: new Date(runAt) });
      }
    }
    if (inserted.size < jobs.length) await resolveExistingJobs(tx, namespace, jobs, results);
    return results;
  });
  const answers = new Array<InsertedJob>(requested.length);
  order.forEach((requestIndex, k) => (answers[requestIndex] = sorted[k]!));
  return answers;
}

function compareIdempotencyKeys(a: NewJob, b: NewJob): number {
  if (a.idempotencyKey === null || b.idempotencyKey === null) {
    return (a.idempotencyKey === null ? 0 : 1) - (b.idempotencyKey === null ? 0 : 1);
  }
  if (a.queue !== b.queue) return a.queue < b.queue ? -1 : 1;
  return a.idempotencyKey < b.idempotencyKey ? -1 : a.idempotencyKey > b.idempotencyKey ? 1 : 0;
}

/** Fills in the id and state of the jobs that an idempotency key mapped onto an existing job. */
async function resolveExistingJobs(tx: PoolClient, namespace: string, jobs: NewJob[], results: InsertedJob[]): Promise<void> {
  const missing = jobs.filter((_, i) => !results[i]!.created);
  const { rows } = await tx.query<{ id: string; queue: string; idempotency_key: string; state: JobStateName }>(
    `select j.id, j.queue, j.idempotency_key, j.state
     from jobs j join unnest($2::text[], $3::text[]) as k(queue, key) on j.queue = k.queue and j.idempotency_key = k.key
     where j.namespace = $1`,
    [namespace, missing.map((job) => job.queue), missing.map((job) => job.idempotencyKey)],
  );
  const byKey = new Map(rows.map((row) => [`${row.queue}\u0000${row.idempotency_key}`, row]));
  jobs.forEach((job, i) => {
    if (results[i]!.created) return;
    const existing = byKey.get(`${job.queue}\u0000${job.idempotencyKey}`);
    // Unreachable while the unique index holds: a conflicting row is committed before we read it.
    if (!existing) throw new Error(`idempotency conflict on ${job.queue}/${job.idempotencyKey} but no job found`);
    results[i] = { id: existing.id, state: existing.state, created: false };
  });
}

async function transactionTime(tx: PoolClient): Promise<Date> {
  const { rows } = await tx.query<{ now: Date }>("select now() as now");
  return rows[0]!.now;
}

export async function findJob(q: Queryable, namespace: string, id: string): Promise<JobRow | undefined> {
  const { rows } = await q.query<JobRow>("select * from jobs where namespace = $1 and id = $2", [namespace, id]);
  return rows[0];
}

export async function findJobs(q: Queryable, namespace: string, ids: readonly string[]): Promise<JobRow[]> {
  const { rows } = await q.query<JobRow>("select * from jobs where namespace = $1 and id = any($2::uuid[])", [namespace, ids]);
  return rows;
}

export async function findAttempts(q: Queryable, jobId: string): Promise<AttemptRow[]> {
  const { rows } = await q.query<AttemptRow>("select * from job_attempts where job_id = $1 order by number", [jobId]);
  return rows;
}

/** The job's events after `afterSequence`, oldest first. */
export async function findEventsAfter(q: Queryable, jobId: string, afterSequence: string): Promise<JobEventRow[]> {
  const { rows } = await q.query<JobEventRow>(
    "select * from job_events where job_id = $1 and id > $2 order by id",
    [jobId, afterSequence],
  );
  return rows;
}

/** The sequence of the job's latest event, "0" when it has none. */
export async function latestEventSequence(q: Queryable, jobId: string): Promise<string> {
  const { rows } = await q.query<{ id: string | null }>("select max(id)::text as id from job_events where job_id = $1", [jobId]);
  return rows[0]?.id ?? "0";
}

export interface ListJobsParams {
  namespace: string;
  queue?: string;
  type?: string;
  states?: JobStateName[];
  createdAfter?: Date;
  createdBefore?: Date;
  /** Only jobs with an id below this one: the cursor of the previous page. */
  beforeId?: string;
  limit: number;
}

/** Newest first. Ids are UUIDv7, so id order is creation order and doubles as the cursor. */
export async function listJobs(q: Queryable, params: ListJobsParams): Promise<JobRow[]> {
  const p = new Params();
  const where = [`namespace = ${p.add(params.namespace)}`];
  if (params.queue) where.push(`queue = ${p.add(params.queue)}`);
  if (params.type) where.push(`type = ${p.add(params.type)}`);
  if (params.states?.length) where.push(`state = any(${p.add(params.states)}::text[])`);
  if (params.createdAfter) where.push(`created_at >= ${p.add(params.createdAfter)}`);
  if (params.createdBefore) where.push(`created_at < ${p.add(params.createdBefore)}`);
  if (params.beforeId) where.push(`id < ${p.add(params.beforeId)}`);
  const { rows } = await q.query<JobRow>(
    `select * from jobs where ${where.join(" and ")} order by id desc limit ${p.add(params.limit)}`,
    p.values,
  );
  return rows;
}

/** The job and the sequence of its latest event, read in one snapshot so that no event falls between them. */
export async function findJobWithLatestEvent(
  q: Queryable,
  namespace: string,
  id: string,
): Promise<{ job: JobRow; latestEvent: string } | undefined> {
  const { rows } = await q.query<JobRow & { latest_event: string | null }>(
    `select j.*, (select max(e.id)::text from job_events e where e.job_id = j.id) as latest_event
     from jobs j where j.namespace = $1 and j.id = $2`,
    [namespace, id],
  );
  const row = rows[0];
  if (!row) return undefined;
  const { latest_event, ...job } = row;
  return { job, latestEvent: latest_event ?? "0" };
}

/** The lease-relevant state of jobs, with the message of each one's latest event (a cancel reason, say). */
export async function findLeaseStates(
  q: Queryable,
  namespace: string,
  ids: readonly string[],
): Promise<{ id: string; state: JobStateName; lease_id: string | null; reason: string | null }[]> {
  const { rows } = await q.query<{ id: string; state: JobStateName; lease_id: string | null; reason: string | null }>(
    `select j.id, j.state, j.lease_id,
       (select e.message from job_events e where e.job_id = j.id order by e.id desc limit 1) as reason
     from jobs j where j.namespace = $1 and j.id = any($2::uuid[])`,
    [namespace, ids],
  );
  return rows;
}
