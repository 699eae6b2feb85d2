import type { Queryable } from "./database.ts";

/** CTEs deleting the jobs a `doomed` CTE names, with their events, attempts, deliveries and reports; `jobs_deleted` has their ids. */
const DELETE_DOOMED_JOBS = `jobs_deleted as (
       delete from jobs j using doomed d where j.id = d.id returning j.id
     ), events_deleted as (
       delete from job_events e using jobs_deleted d where e.job_id = d.id
     ), attempts_deleted as (
       delete from job_attempts a using jobs_deleted d where a.job_id = d.id
     ), deliveries_deleted as (
       delete from webhook_deliveries w using jobs_deleted d where w.job_id = d.id
     ), emails_deleted as (
       delete from email_deliveries m using jobs_deleted d where m.job_id = d.id
     ), reports_deleted as (
       delete from job_reports r using jobs_deleted d where r.job_id = d.id
     ), logs_deleted as (
       delete from job_logs l using jobs_deleted d where l.job_id = d.id
     )`;

/**
 * Deletes up to `limit` finished jobs (SUCCEEDED, DEAD, CANCELLED) outside workflows that finished before
 * `olderThanMs` ago, with their events, attempts and webhook deliveries, in one statement. Rows
 * another server is deleting (or anything else holds) are skipped, not waited for, and the batch is
 * small: the statement never locks much of the jobs table, nor for long. Deleting a finished job is
 * not a state change; job_events rows go with the job, so no NOTIFY is sent. Returns how many jobs.
 */
export async function deleteFinishedJobs(q: Queryable, olderThanMs: number, limit: number): Promise<number> {
  const { rows } = await q.query<{ n: number }>(
    `with doomed as (
       select id from jobs
       where state in ('SUCCEEDED', 'DEAD', 'CANCELLED') and finished_at < now() - $1 * interval '1 millisecond'
         and workflow_id is null
       order by finished_at limit $2 for update skip locked
     ), ${DELETE_DOOMED_JOBS}
     select count(*)::int as n from jobs_deleted`,
    [olderThanMs, limit],
  );
  return rows[0]!.n;
}

/**
 * Deletes up to `limit` tasks of one workflow whose tasks have all finished before `olderThanMs`
 * ago, with their events, attempts, deliveries and edges; the workflow row goes with its last
 * tasks. A workflow's tasks are kept until the whole workflow is past retention: a task still
 * waiting reads its parents' results, and GetWorkflow shows the whole graph. Returns how many jobs.
 */
export async function deleteFinishedWorkflowTasks(q: Queryable, olderThanMs: number, limit: number): Promise<number> {
  const { rows } = await q.query<{ n: number }>(
    `with workflow as (
       select w.id from workflows w
       where w.created_at < now() - $1 * interval '1 millisecond'
         and not exists (select 1 from jobs j where j.workflow_id = w.id
           and (j.state not in ('SUCCEEDED', 'DEAD', 'CANCELLED', 'SKIPPED') or j.finished_at >= now() - $1 * interval '1 millisecond'))
       order by w.created_at limit 1 for update skip locked
     ), doomed as (
       select j.id from jobs j join workflow on j.workflow_id = workflow.id limit $2 for update of j skip locked
     ), ${DELETE_DOOMED_JOBS}, edges_deleted as (
       delete from workflow_edges e using jobs_deleted d where e.child_id = d.id
     ), workflow_deleted as (
       delete from workflows w using workflow
       where w.id = workflow.id and not exists (select 1 from jobs j where j.workflow_id = workflow.id and j.id not in (select id from doomed))
     )
     select count(*)::int as n from jobs_deleted`,
    [olderThanMs, limit],
  );
  return rows[0]!.n;
}
