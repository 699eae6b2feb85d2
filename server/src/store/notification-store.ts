import type { Queryable } from "./database.ts";

export const TERMINAL_STATES = ["SUCCEEDED", "DEAD", "CANCELLED"] as const;
export type TerminalStateName = (typeof TERMINAL_STATES)[number];

/** A job's own notification choices, as stored in jobs.notifications; empty arrays defer to the queue. */
export interface JobNotifications {
  webhook_on: TerminalStateName[];
  email_to: string[];
  email_on: TerminalStateName[];
}

/** A row of queue_notifications. */
export interface QueueNotificationsRow {
  namespace: string;
  queue: string;
  webhook_on: TerminalStateName[] | null;
  email_to: string[];
  email_on: TerminalStateName[] | null;
  webhook_retry_statuses: number[] | null;
}

/** The job's choice for `field` (an array of jobs.notifications), else its queue's, as a text[] expression over `changed c`. */
function choice(field: "webhook_on" | "email_to" | "email_on"): string {
  return `coalesce(
    nullif(array(select jsonb_array_elements_text(c.notifications -> '${field}')), '{}'),
    (select n.${field} from queue_notifications n where n.namespace = c.namespace and n.queue = c.queue))`;
}

/** Whether the finished job `c` (of a `changed` CTE) is notified on its state through `field`. */
export function notifiedOn(field: "webhook_on" | "email_on"): string {
  return `c.state = any(coalesce(${choice(field)}, array['SUCCEEDED', 'DEAD', 'CANCELLED']))`;
}

/** The retried webhook statuses of the queue of the job `jobId` (an SQL expression); null for the default. */
export function retryStatusesOf(jobId: string): string {
  return `(select n.webhook_retry_statuses from jobs j join queue_notifications n on n.namespace = j.namespace and n.queue = j.queue where j.id = ${jobId})`;
}

/**
 * ┃ Written by the statement that finishes the job (a CTE over `changed`, next to the webhook  ┃
 * ┃ deliveries): a job never finishes without its email, nor is mailed without finishing.        ┃
 */
export const insertEmailDeliveries = `insert into email_deliveries (job_id, recipients, body)
  select c.id, r.recipients,
    jsonb_build_object('id', c.id, 'namespace', c.namespace, 'queue', c.queue, 'type', c.type, 'state', c.state,
      'error', c.last_error, 'attempts', c.attempt - c.attempt_base, 'finishedAt', c.finished_at)
  from changed c cross join lateral (select ${choice("email_to")} as recipients) r
  where cardinality(r.recipients) > 0 and ${notifiedOn("email_on")}`;

/** Replaces a queue's notification choices; null arrays mean "all terminal states" and "the default statuses". */
export async function setQueueNotifications(q: Queryable, row: QueueNotificationsRow): Promise<void> {
  await q.query(
    `insert into queue_notifications as n (namespace, queue, webhook_on, email_to, email_on, webhook_retry_statuses)
     values ($1, $2, $3, $4, $5, $6)
     on conflict (namespace, queue) do update set webhook_on = $3, email_to = $4, email_on = $5, webhook_retry_statuses = $6, updated_at = now()`,
    [row.namespace, row.queue, row.webhook_on, row.email_to, row.email_on, row.webhook_retry_statuses],
  );
}

export async function findQueueNotifications(q: Queryable, namespace: string): Promise<Map<string, QueueNotificationsRow>> {
  const { rows } = await q.query<QueueNotificationsRow>("select * from queue_notifications where namespace = $1", [namespace]);
  return new Map(rows.map((row) => [row.queue, row]));
}

export interface EmailDeliveryRow {
  id: string;
  job_id: string;
  recipients: string[];
  body: Record<string, unknown>;
  attempts: number;
}

/** Claims due email deliveries for one attempt each (see claimWebhookDeliveries: the same protocol). */
export async function claimEmailDeliveries(q: Queryable, limit: number, claimMs: number): Promise<EmailDeliveryRow[]> {
  const { rows } = await q.query<EmailDeliveryRow>(
    `update email_deliveries set attempts = attempts + 1, next_attempt_at = now() + $2 * interval '1 millisecond'
     where id in (
       select id from email_deliveries where state = 'PENDING' and next_attempt_at <= now()
       order by next_attempt_at limit $1 for update skip locked)
     returning id, job_id, recipients, body, attempts`,
    [limit, claimMs],
  );
  return rows;
}

/** Records an attempt: delivered (error null), tried again after `retryInMs`, or FAILED for good when that is null. */
export async function recordEmailAttempt(q: Queryable, id: string, error: string | null, retryInMs: number | null): Promise<void> {
  await q.query(
    `update email_deliveries set last_error = $2,
       state = case when $2::text is null then 'DELIVERED' when $3::float8 is null then 'FAILED' else 'PENDING' end,
       finished_at = case when $2::text is null or $3::float8 is null then now() end,
       next_attempt_at = case when $2::text is null or $3::float8 is null then next_attempt_at else now() + $3::float8 * interval '1 millisecond' end
     where id = $1`,
    [id, error, retryInMs],
  );
}
