import { Migration } from "@mikro-orm/migrations";

/**
 * Notifications chosen per event, and email. jobs.notifications holds a job's own choices
 * ({"webhook_on": [...], "email_to": [...], "email_on": [...]}, null for none); queue_notifications
 * holds each queue's, with the webhook statuses it retries. Email deliveries, like webhook ones,
 * are written by the statement that finishes the job, and sent and retried by every server
 * through SKIP LOCKED claims (notifications/email-sender.ts).
 */
export class Migration0014Notifications extends Migration {
  override name = "0014-notifications";

  override up(): void {
    this.addSql(`alter table jobs add column notifications jsonb`);
    this.addSql(`
      create table queue_notifications (
        namespace text not null,
        queue text not null,
        -- Null: every terminal state.
        webhook_on text[],
        email_to text[] not null default '{}',
        email_on text[],
        -- Null: the default (5xx, 408, 429).
        webhook_retry_statuses integer[],
        updated_at timestamptz not null default now(),
        primary key (namespace, queue)
      )`);
    this.addSql(`
      create table email_deliveries (
        id bigint generated always as identity primary key,
        job_id uuid not null,
        recipients text[] not null,
        body jsonb not null,
        state text not null default 'PENDING',
        attempts integer not null default 0,
        next_attempt_at timestamptz not null default now(),
        last_error text,
        created_at timestamptz not null default now(),
        finished_at timestamptz,
        constraint email_deliveries_state_check check (state in ('PENDING', 'DELIVERED', 'FAILED'))
      )`);
    this.addSql(`create index email_deliveries_due_idx on email_deliveries (next_attempt_at) where state = 'PENDING'`);
    this.addSql(`create index email_deliveries_job_idx on email_deliveries (job_id)`);
  }

  override down(): void {
    this.addSql(`drop table email_deliveries`);
    this.addSql(`drop table queue_notifications`);
    this.addSql(`alter table jobs drop column notifications`);
  }
}
