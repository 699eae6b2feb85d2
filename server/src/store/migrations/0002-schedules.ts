import { Migration } from "@mikro-orm/migrations";

/**
 * Recurring schedules (see scheduler/schedule-runner.ts), and on jobs the schedule and fire time
 * each fired job came from. The unique index on (schedule_id, scheduled_for) makes one fire time
 * one job, even if two servers raced past the row lock that normally decides.
 */
export class Migration0002Schedules extends Migration {
  override name = "0002-schedules";

  override up(): void {
    this.addSql(`
      create table schedules (
        id uuid primary key,
        namespace text not null,
        name text not null,
        -- Exactly one of cron and interval_ms.
        cron text,
        interval_ms bigint,
        timezone text not null default 'UTC',
        -- The JobSpec message as proto JSON; validated again (and defaults applied) at each fire.
        job_template jsonb not null,
        start_at timestamptz,
        end_at timestamptz,
        jitter_ms integer not null default 0,
        overlap_policy text not null,
        misfire_policy text not null,
        misfire_limit integer not null,
        paused boolean not null default false,
        -- The next fire time; null when the schedule is past its end.
        next_run_at timestamptz,
        -- A fire time held back by the QUEUE_ONE overlap policy until the last job finishes.
        queued_fire_at timestamptz,
        last_fired_at timestamptz,
        last_job_id uuid,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        constraint schedules_trigger_check check ((cron is null) <> (interval_ms is null)),
        constraint schedules_overlap_check check (overlap_policy in ('SKIP', 'ALLOW', 'QUEUE_ONE')),
        constraint schedules_misfire_check check (misfire_policy in ('SKIP', 'RUN_ONCE', 'RUN_ALL'))
      )`);
    this.addSql(`create unique index schedules_namespace_name_idx on schedules (namespace, name)`);
    // The runner's scan: only active schedules, by due time.
    this.addSql(`create index schedules_due_idx on schedules (next_run_at) where not paused and next_run_at is not null`);
    this.addSql(`create index schedules_queued_idx on schedules (queued_fire_at) where queued_fire_at is not null`);

    this.addSql(`alter table jobs add column schedule_id uuid, add column scheduled_for timestamptz`);
    this.addSql(`create unique index jobs_schedule_fire_idx on jobs (schedule_id, scheduled_for) where schedule_id is not null`);
  }

  override down(): void {
    this.addSql(`drop index jobs_schedule_fire_idx`);
    this.addSql(`alter table jobs drop column schedule_id, drop column scheduled_for`);
    this.addSql(`drop table schedules`);
  }
}
