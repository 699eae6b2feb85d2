import { transitions, type JobStateName } from "../jobs/job-state-machine.ts";
import type { Queryable } from "./database.ts";
import type { AttemptRow, JobEventRow, JobRow, NewJob } from "./job-row.ts";
import { Params } from "./job-transitions.ts";

export interface InsertedJob {
  id: string;
  state: JobStateName;
  /** False when the idempotency key matched an existing job, whose id and state are returned. */
  created: boolean;
  /** The stored row, for jobs this call created. */
  row?: JobRow;
  /** The outbox message announcing the job, when it was announced at once (an id of that table). */
  announcementId?: string;
}

/** When inserted jobs are announced and when they count as due. */
export interface InsertTiming {
  /** Jobs due within this are announced now (through the delay queues); later ones by the promoter. */
  delayHorizonMs: number;
  /**
   * Jobs due within this are READY at once rather than SCHEDULED: they would be leased ahead of
   * run_at anyway (their worker waits for it), and skipping the promotion saves a statement.
   */
  leaseAheadMs: number;
}

/**
 * Inserts jobs with one statement, atomic by itself: the rows, their first events, and the outbox
 * messages that will announce them to the broker (one per queue and run time, at most 100 ids
 * each; jobs due beyond the delay horizon are announced later by the promoter). Times are the
 * database's. A job whose idempotency key already exists on its queue is not inserted; the
 * existing job is returned instead. The unique index decides, so racing submits of the same key
 * all get the one job.
 */
export async function insertJobs(
  db: Queryable,
  namespace: string,
  requested: NewJob[],
  timing: InsertTiming,
  /** The submitting request's W3C trace context, stored with each job and on its announcements. */
  traceContext: Record<string, string> | null = null,
): Promise<InsertedJob[]> {
  // Inserted in idempotency-key order, so that concurrent batches sharing keys take the unique
  // index's locks in the same order and cannot deadlock; answered in the order of the request.
  const order = requested.map((_, i) => i).sort((a, b) => compareIdempotencyKeys(requested[a]!, requested[b]!));
  // One JSON document rather than an array per column: JSON.stringify is native, while the driver
  // escapes array elements one by one in JavaScript, which dominated the cost of large batches.
  const records = order.map((index, position) => {
    const j = requested[index]!;
    return {
      ord: position,
      id: j.id,
      queue: j.queue,
      type: j.type,
      payload: j.payload,
      payload_bytes: j.payloadBytes?.toString("base64") ?? null,
      priority: j.priority,
      run_at: j.runAt?.toISOString() ?? null,
      delay_ms: j.delayMs,
      max_attempts: j.maxAttempts,
      backoff_initial_ms: j.backoffInitialMs,
      backoff_multiplier: j.backoffMultiplier,
      backoff_max_ms: j.backoffMaxMs,
      backoff_jitter: j.backoffJitter,
      timeout_ms: j.timeoutMs,
      idempotency_key: j.idempotencyKey,
      labels: j.labels,
      schedule_id: j.scheduleId ?? null,
      scheduled_for: j.scheduledFor?.toISOString() ?? null,
      webhook_url: j.webhookUrl ?? null,
      notifications: j.notifications ?? null,
      workflow_id: j.workflow?.id ?? null,
      task_name: j.workflow?.taskName ?? null,
      pending_parents: j.workflow?.parents ?? null,
      failure_policy: j.workflow?.failurePolicy ?? null,
    };
  });
  // A scheduled job may also meet the unique index on (schedule_id, scheduled_for): then any
  // conflict means "already fired", and no arbiter index can be named.
  const fromSchedule = requested.some((j) => j.scheduleId);
  const onConflict = fromSchedule
    ? "on conflict do nothing"
    : "on conflict (namespace, queue, idempotency_key) where idempotency_key is not null do nothing";
  const ready = transitions.enqueue.to;
  const { rows } = await db.query<JobRow & { announcement_id: string | null }>(
    `with t as (
       select *, coalesce(run_at, now() + delay_ms * interval '1 millisecond') as due
       from json_to_recordset($2::json) as t(ord int, id uuid, queue text, type text, payload jsonb, payload_bytes text,
         priority smallint, run_at timestamptz, delay_ms float8, max_attempts int, backoff_initial_ms int,
         backoff_multiplier real, backoff_max_ms int, backoff_jitter real, timeout_ms int, idempotency_key text,
         labels jsonb, schedule_id uuid, scheduled_for timestamptz, webhook_url text, workflow_id uuid, task_name text,
         pending_parents int, failure_policy text, notifications jsonb)
     ), inserted as (
       insert into jobs (id, namespace, queue, type, payload, payload_bytes, priority, run_at, max_attempts,
         backoff_initial_ms, backoff_multiplier, backoff_max_ms, backoff_jitter, timeout_ms, idempotency_key,
         labels, state, created_at, updated_at, announced_at, schedule_id, scheduled_for, webhook_url, trace_context,
         workflow_id, task_name, pending_parents, failed_parents, failure_policy, notifications)
       select id, $1, queue, type, payload, decode(payload_bytes, 'base64'), priority, due, max_attempts,
         backoff_initial_ms, backoff_multiplier, backoff_max_ms, backoff_jitter, timeout_ms, idempotency_key,
         coalesce(labels, '{}'), case when pending_parents > 0 then $7 when due > now() + $8 * interval '1 millisecond' then $3 else $4 end, now(), now(),
         case when pending_parents > 0 then null when due <= now() + $5 * interval '1 millisecond' then now() end, schedule_id, scheduled_for,
         webhook_url, $6::jsonb, workflow_id, task_name, pending_parents, case when workflow_id is not null then 0 end, failure_policy,
         notifications
       from t order by ord
       ${onConflict}
       returning *
     ), events as (
       insert into job_events (job_id, from_state, to_state, at) select id, null, state, now() from inserted
     ), announced as (
       select id, queue, type, state, run_at,
         (row_number() over (partition by queue, case when state = $4 then null else run_at end order by id) - 1) / 100 as chunk
       from inserted where announced_at is not null
     ), announcements as (
       insert into outbox (exchange, routing_key, body, trace_context)
       select case when state = $4 then 'ready' else 'delayed' end, $1 || '.' || queue,
         jsonb_strip_nulls(jsonb_build_object('namespace', $1::text, 'queue', queue,
           'jobIds', jsonb_agg(id order by id), 'types', jsonb_agg(type order by id),
           'runAt', case when state = $4 then null else (extract(epoch from run_at) * 1000)::bigint end)),
         $6::jsonb
       from announced group by queue, state, run_at, chunk
       returning id, body->'jobIds' as job_ids
     )
     select inserted.*, announcement.id as announcement_id
     from inserted
     left join (select a.id, j.job_id from announcements a, jsonb_array_elements_text(a.job_ids) as j(job_id)) as announcement
       on announcement.job_id = inserted.id::text`,
    [namespace, JSON.stringify(records), transitions.schedule.to, ready, timing.delayHorizonMs, traceContext === null ? null : JSON.stringify(traceContext), transitions.block.to, timing.leaseAheadMs],
  );
  const byId = new Map(rows.map(({ announcement_id, ...row }) => [row.id, { row, announcementId: announcement_id ?? undefined }]));
  const results: InsertedJob[] = requested.map((job) => {
    const found = byId.get(job.id);
    return found ? { id: job.id, state: found.row.state, created: true, ...found } : { id: job.id, state: ready, created: false };
  });
  // Scheduled jobs carry no idempotency key: one that was not inserted had its fire time taken
  // already, and stays reported as not created under the id it would have had.
  if (byId.size < requested.length && !fromSchedule) await resolveExistingJobs(db, namespace, requested, results);
  return results;
}

function compareIdempotencyKeys(a: NewJob, b: NewJob): number {
  if (a.idempotencyKey === null || b.idempotencyKey === null) {
    return (a.idempotencyKey === null ? 0 : 1) - (b.idempotencyKey === null ? 0 : 1);
  }
  if (a.queue !== b.queue) return a.queue < b.queue ? -1 : 1;
  return a.idempotencyKey < b.idempotencyKey ? -1 : a.idempotencyKey > b.idempotencyKey ? 1 : 0;
}

/** Fills in the id and state of the jobs that an idempotency key mapped onto an existing job. */
async function resolveExistingJobs(tx: Queryable, namespace: string, jobs: NewJob[], results: InsertedJob[]): Promise<void> {
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

export async function findJob(q: Queryable, namespace: string, id: string): Promise<JobRow | undefined> {
  const { rows } = await q.query<JobRow>("select * from jobs where namespace = $1 and id = $2", [namespace, id]);
  return rows[0];
}


export async function findAttempts(q: Queryable, jobId: string): Promise<AttemptRow[]> {
  const { rows } = await q.query<AttemptRow>("select * from job_attempts where job_id = $1 order by number", [jobId]);
  return rows;
}

/** The finished attempts of several jobs, by job id, each oldest first. */
export async function findAttemptsOfJobs(q: Queryable, jobIds: readonly string[]): Promise<Map<string, AttemptRow[]>> {
  const { rows } = await q.query<AttemptRow>("select * from job_attempts where job_id = any($1::uuid[]) order by job_id, number", [jobIds]);
  const byJob = new Map<string, AttemptRow[]>(jobIds.map((id) => [id, []]));
  for (const row of rows) byJob.get(row.job_id)!.push(row);
  return byJob;
}

/** The job's events after `afterSequence`, oldest first. */
export async function findEventsAfter(q: Queryable, jobId: string, afterSequence: string): Promise<JobEventRow[]> {
  const { rows } = await q.query<JobEventRow>(
    "select * from job_events where job_id = $1 and id > $2 order by id",
    [jobId, afterSequence],
  );
  return rows;
}


export interface ListJobsParams {
  namespace: string;
  queue?: string;
  type?: string;
  states?: JobStateName[];
  createdAfter?: Date;
  createdBefore?: Date;
  /** Only jobs carrying all of these labels with these values. */
  labels?: Record<string, string>;
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
  if (params.labels && Object.keys(params.labels).length > 0) where.push(`labels @> ${p.add(JSON.stringify(params.labels))}::jsonb`);
  if (params.beforeId) where.push(`id < ${p.add(params.beforeId)}`);
  const { rows } = await q.query<JobRow>(
    `select * from jobs where ${where.join(" and ")} order by id desc limit ${p.add(params.limit)}`,
    p.values,
  );
  return rows;
}

/** One job's events after a sequence number, oldest first, at most `limit`: a page of ListJobEvents. */
export async function listJobEvents(q: Queryable, jobId: string, afterSequence: string, limit: number): Promise<JobEventRow[]> {
  const { rows } = await q.query<JobEventRow>("select * from job_events where job_id = $1 and id > $2 order by id limit $3", [jobId, afterSequence, limit]);
  return rows;
}

export interface RetryCandidatesParams {
  namespace: string;
  queue?: string;
  type?: string;
  states: JobStateName[];
  lastError?: string;
  /** Only jobs with an id above this one: where the previous batch stopped. */
  afterId?: string;
  limit: number;
}

/** Ids of finished jobs that RetryJobs' filter matches, in id order (the batches walk them once). */
export async function findRetryCandidates(q: Queryable, params: RetryCandidatesParams): Promise<string[]> {
  const p = new Params();
  const where = [`namespace = ${p.add(params.namespace)}`, `state = any(${p.add(params.states)}::text[])`];
  if (params.queue) where.push(`queue = ${p.add(params.queue)}`);
  if (params.type) where.push(`type = ${p.add(params.type)}`);
  if (params.lastError) where.push(`last_error = ${p.add(params.lastError)}`);
  if (params.afterId) where.push(`id > ${p.add(params.afterId)}`);
  const { rows } = await q.query<{ id: string }>(`select id from jobs where ${where.join(" and ")} order by id limit ${p.add(params.limit)}`, p.values);
  return rows.map((row) => row.id);
}

/** The events of several jobs, each after its own sequence number, oldest first. */
export async function findEventsOfJobsAfter(q: Queryable, after: ReadonlyMap<string, string>): Promise<JobEventRow[]> {
  const { rows } = await q.query<JobEventRow>(
    `select e.* from job_events e join unnest($1::uuid[], $2::bigint[]) as t(job_id, after) on e.job_id = t.job_id and e.id > t.after
     order by e.id`,
    [[...after.keys()], [...after.values()]],
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

/** The lease-relevant state of jobs. */
export async function findLeaseStates(
  q: Queryable,
  namespace: string,
  ids: readonly string[],
): Promise<{ id: string; state: JobStateName; lease_id: string | null }[]> {
  const { rows } = await q.query<{ id: string; state: JobStateName; lease_id: string | null }>(
    `select id, state, lease_id from jobs where namespace = $1 and id = any($2::uuid[])`,
    [namespace, ids],
  );
  return rows;
}
