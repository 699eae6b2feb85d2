import { Migration } from "@mikro-orm/migrations";

/**
 * What running handlers report: their latest progress and their log lines.
 *
 * job_reports holds one row per job that reported anything: the latest progress and the log-line
 * counters behind the per-job cap. It is a table of its own rather than columns of jobs so that a
 * chatty handler rewrites a small row, not the jobs row every dispatch path reads and locks.
 *
 * job_logs rows take their ids from job_events' sequence, and progress reports take theirs too
 * (job_reports.progress_sequence): a job's transitions, log lines and progress share one order,
 * which WatchJob follows. The statement storing reports first takes a share lock on the job row,
 * so its ids are drawn after any transition that committed before it and before any that commits
 * after it (transitions update the job row before they insert their event).
 */
export class Migration0013JobReports extends Migration {
  override name = "0013-job-reports";

  override up(): void {
    this.addSql(`
      create table job_reports (
        job_id uuid primary key,
        progress_percent double precision,
        progress_details jsonb,
        progress_at timestamptz,
        progress_attempt integer,
        progress_sequence bigint,
        -- Lines stored, against the per-job cap, and lines not kept (over the cap or dropped by the worker).
        log_lines integer not null default 0,
        log_lines_dropped bigint not null default 0
      )`);
    this.addSql(`
      create table job_logs (
        id bigint primary key default nextval('job_events_id_seq'),
        job_id uuid not null,
        attempt integer not null,
        level text not null,
        message text not null,
        fields jsonb,
        at timestamptz not null,
        stored_at timestamptz not null default now(),
        constraint job_logs_level_check check (level in ('DEBUG', 'INFO', 'WARN', 'ERROR'))
      )`);
    this.addSql(`create index job_logs_job_id_idx on job_logs (job_id, id)`);
    // For the retention purger, which deletes the oldest lines first.
    this.addSql(`create index job_logs_stored_at_idx on job_logs (stored_at)`);
  }

  override down(): void {
    this.addSql(`drop table job_logs`);
    this.addSql(`drop table job_reports`);
  }
}
