import type { Queryable } from "./database.ts";

/** A row of `queues`: the settings of one queue. */
export interface QueueSettingsRow {
  namespace: string;
  queue: string;
  paused: boolean;
  concurrency_limit: number | null;
  rate_limit: number | null;
  webhook_url: string | null;
  updated_at: Date;
}

/** Settings to change; a field left undefined keeps its value, null removes the limit or webhook. */
export interface QueueSettingsChange {
  paused?: boolean;
  concurrencyLimit?: number | null;
  rateLimit?: number | null;
  webhookUrl?: string | null;
}

const settingsColumns = "namespace, queue, paused, concurrency_limit, rate_limit, webhook_url, updated_at";

/**
 * Creates or changes a queue's settings in one statement. The row's trigger tells every server.
 * A new or changed rate limit starts with an empty token bucket.
 */
export async function changeQueueSettings(q: Queryable, namespace: string, queue: string, change: QueueSettingsChange): Promise<QueueSettingsRow> {
  const { rows } = await q.query<QueueSettingsRow>(
    `insert into queues as q (namespace, queue, paused, concurrency_limit, rate_limit, webhook_url)
     values ($1, $2, coalesce($3, false), $5, $7, $9)
     on conflict (namespace, queue) do update set
       paused = coalesce($3, q.paused),
       concurrency_limit = case when $4 then $5 else q.concurrency_limit end,
       rate_limit = case when $6 then $7 else q.rate_limit end,
       rate_tokens = case when $6 and $7 is distinct from q.rate_limit then 0 else q.rate_tokens end,
       rate_tokens_at = case when $6 and $7 is distinct from q.rate_limit then now() else q.rate_tokens_at end,
       webhook_url = case when $8 then $9 else q.webhook_url end,
       updated_at = now()
     returning ${settingsColumns}`,
    [
      namespace,
      queue,
      change.paused ?? null,
      change.concurrencyLimit !== undefined,
      change.concurrencyLimit ?? null,
      change.rateLimit !== undefined,
      change.rateLimit ?? null,
      change.webhookUrl !== undefined,
      change.webhookUrl ?? null,
    ],
  );
  return rows[0]!;
}

/** Queues that are paused or limited, everywhere: what each server keeps in memory. */
export async function findRestrictedQueues(q: Queryable): Promise<QueueSettingsRow[]> {
  const { rows } = await q.query<QueueSettingsRow>(
    `select ${settingsColumns} from queues where paused or concurrency_limit is not null or rate_limit is not null`,
  );
  return rows;
}

/** One queue's unfinished jobs by state, and the age of its oldest READY job. */
export interface QueueDepthRow {
  namespace: string;
  queue: string;
  ready: number;
  waiting: number;
  running: number;
  /** Seconds since the oldest READY job's run time (negative if leased ahead of it); null when none is ready. */
  oldest_ready_age_s: number | null;
}

/**
 * The depth of every queue with unfinished jobs (matching `filter`, an SQL condition on jobs), in
 * one statement. Each state is counted on its own, so that each count reads its own partial index
 * (waiting: jobs_waiting_queue_idx, index-only; READY and RUNNING: theirs) rather than the table.
 */
function queueDepths(filter: string): string {
  return `select namespace, queue, sum(ready)::int as ready, sum(waiting)::int as waiting, sum(running)::int as running,
         max(oldest_ready_age_s) as oldest_ready_age_s
       from (
         select namespace, queue, 0 as ready, count(*) as waiting, 0 as running, null::float8 as oldest_ready_age_s
         from jobs where ${filter} and state in ('SCHEDULED', 'RETRY_SCHEDULED') group by namespace, queue
         union all
         select namespace, queue, count(*), 0, 0, extract(epoch from now() - min(run_at))::float8
         from jobs where ${filter} and state = 'READY' group by namespace, queue
         union all
         select namespace, queue, 0, 0, count(*), null
         from jobs where ${filter} and state = 'RUNNING' group by namespace, queue
       ) as by_state
       group by namespace, queue`;
}

/**
 * Every (namespace, queue) that has jobs or settings. The jobs are read by a skip scan of
 * jobs_namespace_queue_id_idx (one index probe per queue, not a pass over the table).
 */
export async function findAllQueueNames(q: Queryable): Promise<{ namespace: string; queue: string }[]> {
  const { rows } = await q.query<{ namespace: string; queue: string }>(
    `with recursive names as (
       (select namespace, queue from jobs order by namespace, queue limit 1)
       union all
       select next.namespace, next.queue from names, lateral (
         select namespace, queue from jobs where (namespace, queue) > (names.namespace, names.queue)
         order by namespace, queue limit 1
       ) as next
     )
     select namespace, queue from names union select namespace, queue from queues`,
  );
  return rows;
}

/** Every queue's depth, over all namespaces: what the metrics report. */
export async function findAllQueueDepths(q: Queryable): Promise<QueueDepthRow[]> {
  const { rows } = await q.query<QueueDepthRow>(queueDepths("true"));
  return rows;
}

/** A queue's settings with its figures, as ListQueues and GetQueue show them. */
export interface QueueFiguresRow {
  queue: string;
  settings: QueueSettingsRow | null;
  ready: number;
  waiting: number;
  running: number;
  /** Seconds since the oldest READY job's run time; null when none is ready. */
  oldest_ready_age_s: number | null;
  started_last_minute: number;
  succeeded_last_minute: number;
  failed_last_minute: number;
}

/**
 * The namespace's queues (or one of them) that have settings, unfinished jobs, or events in the
 * last minute, with their depth by state and their rates. All from Postgres, so the figures are
 * the same whichever server answers. Depth reads unfinished jobs only; the rates read the last
 * minute of job_events through its BRIN index on time.
 */
export async function findQueueFigures(q: Queryable, namespace: string, queue?: string): Promise<QueueFiguresRow[]> {
  const { rows } = await q.query<QueueFiguresRow & { has_settings: boolean } & Omit<QueueSettingsRow, "namespace" | "queue">>(
    `with depth as (
       ${queueDepths("namespace = $1 and ($2::text is null or queue = $2)")}
     ), rates as (
       select j.queue,
         count(*) filter (where e.to_state = 'RUNNING')::int as started_last_minute,
         count(*) filter (where e.to_state = 'SUCCEEDED')::int as succeeded_last_minute,
         count(*) filter (where e.from_state = 'RUNNING' and e.to_state in ('RETRY_SCHEDULED', 'DEAD'))::int as failed_last_minute
       from job_events e join jobs j on j.id = e.job_id
       where e.at > now() - interval '1 minute' and j.namespace = $1 and ($2::text is null or j.queue = $2)
       group by j.queue
     ), names as (
       select queue from depth union select queue from rates
       union select queue from queues where namespace = $1 and ($2::text is null or queue = $2)
     )
     select n.queue, s.queue is not null as has_settings, s.paused, s.concurrency_limit, s.rate_limit, s.webhook_url, s.updated_at,
       coalesce(d.ready, 0) as ready, coalesce(d.waiting, 0) as waiting, coalesce(d.running, 0) as running,
       case when d.oldest_ready_age_s is not null then greatest(d.oldest_ready_age_s, 0) end as oldest_ready_age_s,
       coalesce(r.started_last_minute, 0) as started_last_minute, coalesce(r.succeeded_last_minute, 0) as succeeded_last_minute,
       coalesce(r.failed_last_minute, 0) as failed_last_minute
     from names n
     left join queues s on s.namespace = $1 and s.queue = n.queue
     left join depth d on d.queue = n.queue
     left join rates r on r.queue = n.queue
     order by n.queue`,
    [namespace, queue ?? null],
  );
  return rows.map((row) => ({
    queue: row.queue,
    settings: row.has_settings
      ? {
          namespace,
          queue: row.queue,
          paused: row.paused,
          concurrency_limit: row.concurrency_limit,
          rate_limit: row.rate_limit,
          webhook_url: row.webhook_url,
          updated_at: row.updated_at,
        }
      : null,
    ready: row.ready,
    waiting: row.waiting,
    running: row.running,
    oldest_ready_age_s: row.oldest_ready_age_s,
    started_last_minute: row.started_last_minute,
    succeeded_last_minute: row.succeeded_last_minute,
    failed_last_minute: row.failed_last_minute,
  }));
}
