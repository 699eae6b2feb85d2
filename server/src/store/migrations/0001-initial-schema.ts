import { Migration } from "@mikro-orm/migrations";

/**
 * Jobs, their attempts, their append-only event history, and the outbox of broker messages.
 *
 * job_events carries a statement-level trigger that NOTIFYs the ids of the jobs that changed, once
 * per statement (not per row), so that WatchJob streams on any server process wake up without
 * polling and a batch of 1,000 transitions costs a handful of notifications, not 1,000.
 */
export class Migration0001InitialSchema extends Migration {
  override name = "0001-initial-schema";

  override up(): void {
    this.addSql(`
      create table jobs (
        id uuid primary key,
        namespace text not null,
        queue text not null,
        type text not null,
        payload jsonb,
        payload_bytes bytea,
        priority smallint not null default 0,
        run_at timestamptz not null,
        max_attempts integer not null,
        attempt integer not null default 0,
        -- Attempts made before the latest RetryJob: the current run may make max_attempts more.
        -- Attempt numbers never restart, so the history in job_attempts is never rewritten.
        attempt_base integer not null default 0,
        backoff_initial_ms integer not null,
        backoff_multiplier real not null,
        backoff_max_ms integer not null,
        backoff_jitter real not null,
        timeout_ms integer not null,
        idempotency_key text,
        labels jsonb not null default '{}',
        state text not null,
        result jsonb,
        result_bytes bytea,
        last_error text,
        lease_id uuid,
        lease_worker_id text,
        lease_expires_at timestamptz,
        attempt_started_at timestamptz,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        finished_at timestamptz,
        -- When a broker message last announced this job (ready, or delayed until run_at); null when none has.
        announced_at timestamptz,
        constraint jobs_state_check check (state in
          ('SCHEDULED', 'READY', 'RUNNING', 'RETRY_SCHEDULED', 'SUCCEEDED', 'DEAD', 'CANCELLED'))
      )`);
    // Idempotency is enforced here, by the database, so that racing submits cannot both insert.
    this.addSql(`create unique index jobs_idempotency_key_idx on jobs (namespace, queue, idempotency_key)
      where idempotency_key is not null`);
    this.addSql(`create index jobs_namespace_id_idx on jobs (namespace, id desc)`);
    this.addSql(`create index jobs_namespace_queue_id_idx on jobs (namespace, queue, id desc)`);
    // Only waiting jobs are indexed by time: the promoter's scan stays small however many finished jobs there are.
    this.addSql(`create index jobs_due_idx on jobs (run_at) where state in ('SCHEDULED', 'RETRY_SCHEDULED')`);
    this.addSql(`create index jobs_lease_expiry_idx on jobs (lease_expires_at) where state = 'RUNNING'`);
    // For the rescuer: READY jobs whose announcement may have been lost.
    this.addSql(`create index jobs_ready_announced_idx on jobs (announced_at) where state = 'READY'`);

    // job_attempts and job_events have no foreign keys to jobs: their rows are only ever written by
    // the statements that change the job itself, and a per-row foreign-key check cost more than a
    // third of the time of leasing and completing jobs. Whoever deletes jobs deletes these too.
    this.addSql(`
      create table job_attempts (
        job_id uuid not null,
        number integer not null,
        worker_id text not null,
        started_at timestamptz not null,
        finished_at timestamptz,
        outcome text not null,
        error text,
        primary key (job_id, number)
      )`);

    this.addSql(`
      create table job_events (
        id bigint generated always as identity primary key,
        job_id uuid not null,
        from_state text,
        to_state text not null,
        attempt integer not null default 0,
        -- Attempts made before the latest RetryJob: the current run may make max_attempts more.
        -- Attempt numbers never restart, so the history in job_attempts is never rewritten.
        attempt_base integer not null default 0,
        worker_id text,
        message text,
        at timestamptz not null default now()
      )`);
    this.addSql(`create index job_events_job_id_idx on job_events (job_id, id)`);

    // NOTIFY payloads are limited to 8000 bytes: send the ids in chunks of 200 (37 bytes each).
    this.addSql(`
      create function conveyor_notify_job_events() returns trigger language plpgsql as $$
      declare
        ids text[];
        i integer;
      begin
        select array_agg(distinct job_id::text) into ids from new_events;
        if ids is null then
          return null;
        end if;
        for i in 1 .. array_length(ids, 1) by 200 loop
          perform pg_notify('conveyor_job_events', array_to_string(ids[i : i + 199], ','));
        end loop;
        return null;
      end $$`);
    this.addSql(`
      create trigger job_events_notify after insert on job_events
      referencing new table as new_events
      for each statement execute function conveyor_notify_job_events()`);

    // Messages committed together with the jobs they announce; see broker/outbox-relay.ts.
    this.addSql(`
      create table outbox (
        id bigint generated always as identity primary key,
        exchange text not null,
        routing_key text not null,
        body jsonb not null,
        created_at timestamptz not null default now()
      )`);
  }

  override down(): void {
    this.addSql(`drop table outbox`);
    this.addSql(`drop trigger job_events_notify on job_events`);
    this.addSql(`drop function conveyor_notify_job_events()`);
    this.addSql(`drop table job_events`);
    this.addSql(`drop table job_attempts`);
    this.addSql(`drop table jobs`);
  }
}
