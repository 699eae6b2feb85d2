import type { Queryable } from "./database.ts";

export type LogLevelName = "DEBUG" | "INFO" | "WARN" | "ERROR";

/** One job's share of a JobReports batch, already cut to the size limits. */
export interface JobReportInput {
  jobId: string;
  leaseId: string;
  progress?: { percent: number | null; details: string | null; at: Date };
  /** Oldest first. */
  logs: { level: LogLevelName; message: string; fields: string | null; at: Date }[];
  /** Lines dropped before they reached the store (by the worker, or over the batch limit). */
  dropped: number;
}

/**
 * Stores a batch of reports in one statement: the latest progress of each job, its log lines up to
 * the per-job cap (the rest counted as dropped), for jobs whose lease is still held; then NOTIFYs
 * the jobs' ids on conveyor_job_reports (200 a notification) so that watchers on every server wake.
 *
 * The share lock on each job row orders the ids drawn here after the job's committed transitions
 * and before later ones (see migrations/0013-job-reports.ts). Returns how many lines were stored.
 */
export async function storeJobReports(q: Queryable, namespace: string, reports: readonly JobReportInput[], maxLinesPerJob: number): Promise<number> {
  if (reports.length === 0) return 0;
  const jobs = reports.map((r) => ({
    job_id: r.jobId,
    lease_id: r.leaseId,
    lines: r.logs.length,
    dropped: r.dropped,
    has_progress: r.progress !== undefined,
    percent: r.progress?.percent ?? null,
    details: r.progress?.details ?? null,
    progress_at: r.progress?.at.toISOString() ?? null,
  }));
  const lines = reports.flatMap((r) =>
    r.logs.map((line, i) => ({ job_id: r.jobId, n: i + 1, level: line.level, message: line.message, fields: line.fields, at: line.at.toISOString() })),
  );
  const { rows } = await q.query<{ stored: number }>(
    `with input as (
       select * from jsonb_to_recordset($2::jsonb) as i(job_id uuid, lease_id uuid, lines integer, dropped bigint,
         has_progress boolean, percent double precision, details text, progress_at timestamptz)
     ), locked as (
       select j.id, j.attempt from jobs j join input i on i.job_id = j.id and i.lease_id = j.lease_id
       where j.namespace = $1 and j.state = 'RUNNING'
       order by j.id
       for share of j
     ), held as (
       select i.*, l.attempt, least(i.lines, greatest($4 - coalesce(r.log_lines, 0), 0)) as accepted
       from input i join locked l on l.id = i.job_id left join job_reports r on r.job_id = i.job_id
     ), counters as (
       insert into job_reports as r (job_id, progress_percent, progress_details, progress_at, progress_attempt, progress_sequence, log_lines, log_lines_dropped)
       select job_id, percent, details::jsonb, progress_at, attempt,
              case when has_progress then nextval('job_events_id_seq') end, accepted, lines - accepted + dropped
       from held
       on conflict (job_id) do update set
         progress_percent = case when excluded.progress_sequence is null then r.progress_percent else excluded.progress_percent end,
         progress_details = case when excluded.progress_sequence is null then r.progress_details else excluded.progress_details end,
         progress_at = case when excluded.progress_sequence is null then r.progress_at else excluded.progress_at end,
         progress_attempt = case when excluded.progress_sequence is null then r.progress_attempt else excluded.progress_attempt end,
         progress_sequence = coalesce(excluded.progress_sequence, r.progress_sequence),
         log_lines = r.log_lines + excluded.log_lines,
         log_lines_dropped = r.log_lines_dropped + excluded.log_lines_dropped
     ), stored as (
       insert into job_logs (job_id, attempt, level, message, fields, at)
       select line.job_id, h.attempt, line.level, line.message, line.fields::jsonb, line.at
       from jsonb_to_recordset($3::jsonb) as line(job_id uuid, n integer, level text, message text, fields text, at timestamptz)
       join held h on h.job_id = line.job_id and line.n <= h.accepted
       order by line.job_id, line.n
       returning 1
     ), notified as (
       select pg_notify('conveyor_job_reports', string_agg(job_id::text, ',')) from (
         select job_id, (row_number() over ()) / 200 as chunk from held where has_progress or accepted > 0
       ) c group by chunk
     )
     select (select count(*)::int from stored) as stored, (select count(*) from notified) as notifications`,
    [namespace, JSON.stringify(jobs), JSON.stringify(lines), maxLinesPerJob],
  );
  return rows[0]!.stored;
}

export interface JobReportRow {
  job_id: string;
  progress_percent: number | null;
  progress_details: Record<string, unknown> | null;
  progress_at: Date | null;
  progress_attempt: number | null;
  /** bigint as text. */
  progress_sequence: string | null;
  log_lines: number;
  log_lines_dropped: string;
}

export interface JobLogRow {
  /** bigint as text. */
  id: string;
  job_id: string;
  attempt: number;
  level: LogLevelName;
  message: string;
  fields: Record<string, unknown> | null;
  at: Date;
}

export async function findJobReport(q: Queryable, jobId: string): Promise<JobReportRow | undefined> {
  const { rows } = await q.query<JobReportRow>("select * from job_reports where job_id = $1", [jobId]);
  return rows[0];
}

/** Up to `limit` of the job's lines after sequence `afterId` ("0" for the first page), oldest first. */
export async function listJobLogs(q: Queryable, jobId: string, afterId: string, limit: number): Promise<JobLogRow[]> {
  const { rows } = await q.query<JobLogRow>(
    // Ordered by the bigint column, not the text it is returned as ("10" sorts before "9").
    "select l.id::text as id, l.job_id, l.attempt, l.level, l.message, l.fields, l.at from job_logs l where l.job_id = $1 and l.id > $2 order by l.id limit $3",
    [jobId, afterId, limit],
  );
  return rows;
}

/**
 * What jobs reported after the given sequence of each: their new lines, and their progress when it
 * is newer. One statement, so one snapshot: lines and progress cannot be seen out of order.
 */
export async function findReportsOfJobsAfter(
  q: Queryable,
  after: ReadonlyMap<string, string>,
): Promise<{ logs: JobLogRow[]; progress: JobReportRow[] }> {
  if (after.size === 0) return { logs: [], progress: [] };
  const ids = [...after.keys()];
  const sequences = ids.map((id) => after.get(id)!);
  const { rows } = await q.query<{ log: JobLogRow | null; progress: JobReportRow | null }>(
    `with cursors as (select * from unnest($1::uuid[], $2::bigint[]) as a(job_id, after_id))
     select to_jsonb(l) - 'stored_at' || jsonb_build_object('id', l.id::text) as log, null::jsonb as progress
     from cursors c join job_logs l on l.job_id = c.job_id and l.id > c.after_id
     union all
     select null, to_jsonb(r) || jsonb_build_object('progress_sequence', r.progress_sequence::text)
     from cursors c join job_reports r on r.job_id = c.job_id and r.progress_sequence > c.after_id`,
    [ids, sequences],
  );
  const logs: JobLogRow[] = [];
  const progress: JobReportRow[] = [];
  for (const row of rows) {
    if (row.log) logs.push({ ...row.log, at: new Date(row.log.at) });
    else if (row.progress) progress.push({ ...row.progress, progress_at: row.progress.progress_at ? new Date(row.progress.progress_at) : null });
  }
  return { logs, progress };
}

/** The job's latest log line or progress sequence, "0" when none. */
export async function latestReportSequence(q: Queryable, jobIds: readonly string[]): Promise<Map<string, string>> {
  const { rows } = await q.query<{ job_id: string; latest: string }>(
    `select j.job_id, greatest(
       (select max(l.id) from job_logs l where l.job_id = j.job_id),
       (select r.progress_sequence from job_reports r where r.job_id = j.job_id), 0)::text as latest
     from unnest($1::uuid[]) as j(job_id)`,
    [jobIds],
  );
  return new Map(rows.map((row) => [row.job_id, row.latest]));
}

/** Deletes up to `limit` of the oldest log lines stored before `olderThanMs` ago. Returns how many. */
export async function deleteOldJobLogs(q: Queryable, olderThanMs: number, limit: number): Promise<number> {
  const { rowCount } = await q.query(
    `delete from job_logs where id in (
       select id from job_logs where stored_at < now() - $1 * interval '1 millisecond' order by stored_at limit $2
     )`,
    [olderThanMs, limit],
  );
  return rowCount ?? 0;
}
