import { Migration } from "@mikro-orm/migrations";

/**
 * Queue administration: per-queue settings (pause, limits, webhook), webhook deliveries, and the
 * indexes that retention and the per-queue rates need.
 *
 * A queue has a `queues` row only once somebody set something on it: queues without one (the
 * usual case) are unrestricted, and the lease statement's check on them is one probe of a tiny
 * table. Changing a row NOTIFYs every server on `conveyor_queue_settings`.
 */
export class Migration0004QueueAdmin extends Migration {
  override name = "0004-queue-admin";

  override up(): void {
    this.addSql(`
      create table queues (
        namespace text not null,
        queue text not null,
        paused boolean not null default false,
        -- Most RUNNING jobs at once over all servers; null means no limit.
        concurrency_limit integer,
        -- Most jobs started per second over all servers; null means no limit.
        rate_limit double precision,
        -- The token bucket behind rate_limit: tokens left at tokens_at. Updated by the lease statement.
        rate_tokens double precision not null default 0,
        rate_tokens_at timestamptz not null default now(),
        webhook_url text,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        primary key (namespace, queue),
        constraint queues_concurrency_check check (concurrency_limit is null or concurrency_limit > 0),
        constraint queues_rate_check check (rate_limit is null or rate_limit > 0)
      )`);
    // The lease statement's guard reads only restricted queues: an index of just those.
    this.addSql(`create index queues_restricted_idx on queues (namespace, queue)
      where paused or concurrency_limit is not null or rate_limit is not null`);
    this.addSql(`
      create function conveyor_notify_queue_settings() returns trigger language plpgsql as $$
      begin
        perform pg_notify('conveyor_queue_settings', new.namespace || '.' || new.queue);
        return null;
      end $$`);
    // Only settings changes notify, not the token bucket that every limited lease updates.
    this.addSql(`
      create trigger queues_notify after insert or update of paused, concurrency_limit, rate_limit, webhook_url on queues
      for each row execute function conveyor_notify_queue_settings()`);

    this.addSql(`alter table jobs add column webhook_url text`);
    // Retention's scan: finished jobs by age. Partial, so that unfinished jobs never enter it.
    this.addSql(`create index jobs_finished_idx on jobs (finished_at) where state in ('SUCCEEDED', 'DEAD', 'CANCELLED')`);
    // ListQueues' rates over the last minute. BRIN: events are appended in time order, so the
    // index costs next to nothing to maintain.
    this.addSql(`create index job_events_at_idx on job_events using brin (at)`);

    // Written by the statement that finishes the job; see store/webhook-store.ts.
    this.addSql(`
      create table webhook_deliveries (
        id bigint generated always as identity primary key,
        job_id uuid not null,
        url text not null,
        body jsonb not null,
        state text not null default 'PENDING',
        attempts integer not null default 0,
        next_attempt_at timestamptz not null default now(),
        last_error text,
        created_at timestamptz not null default now(),
        finished_at timestamptz,
        constraint webhook_deliveries_state_check check (state in ('PENDING', 'DELIVERED', 'FAILED'))
      )`);
    this.addSql(`create index webhook_deliveries_due_idx on webhook_deliveries (next_attempt_at) where state = 'PENDING'`);
    this.addSql(`create index webhook_deliveries_job_idx on webhook_deliveries (job_id)`);
    // The finishing statement's probe for a queue webhook: empty unless somebody set one.
    this.addSql(`create index queues_webhook_idx on queues (namespace, queue) where webhook_url is not null`);
  }

  override down(): void {
    this.addSql(`drop table webhook_deliveries`);
    this.addSql(`drop index job_events_at_idx`);
    this.addSql(`drop index jobs_finished_idx`);
    this.addSql(`alter table jobs drop column webhook_url`);
    this.addSql(`drop trigger queues_notify on queues`);
    this.addSql(`drop function conveyor_notify_queue_settings()`);
    this.addSql(`drop table queues`);
  }
}
