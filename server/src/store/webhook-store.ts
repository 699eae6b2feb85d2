import type { Queryable } from "./database.ts";

import { notifiedOn, retryStatusesOf } from "./notification-store.ts";

/**
 * ┃ Webhook deliveries are written by the statement that finishes the job (a CTE over `changed`), ┃
 * ┃ so a job never finishes without its notification, nor is notified without finishing.         ┃
 *
 * The job's own URL wins over its queue's. Jobs without either write nothing: the join probes a
 * partial index of the queues that have a webhook, which is empty unless somebody set one.
 */
export const insertWebhookDeliveries = `insert into webhook_deliveries (job_id, url, body)
  select c.id, coalesce(c.webhook_url, q.webhook_url),
    jsonb_build_object(
      'id', c.id, 'namespace', c.namespace, 'queue', c.queue, 'type', c.type, 'state', c.state,
      'result', case when c.result_bytes is not null then to_jsonb(encode(c.result_bytes, 'base64')) else c.result end,
      'resultEncoding', case when c.result_bytes is not null then 'base64' end,
      'error', c.last_error, 'attempts', c.attempt - c.attempt_base,
      'createdAt', c.created_at, 'finishedAt', c.finished_at, 'runAt', c.run_at)
  from changed c left join queues q on q.namespace = c.namespace and q.queue = c.queue and q.webhook_url is not null
  where (c.webhook_url is not null or q.webhook_url is not null) and ${notifiedOn("webhook_on")}`;

export interface WebhookDeliveryRow {
  id: string;
  job_id: string;
  url: string;
  body: Record<string, unknown>;
  attempts: number;
  /** The job's queue's retried statuses; null for the default (queue_notifications). */
  retry_statuses: number[] | null;
}

/**
 * Claims due deliveries for one attempt each, with SKIP LOCKED so that several servers share the
 * work: a claimed row's next attempt is pushed past `claimMs` (more than the POST's timeout), so
 * that should this server die mid-POST, another server tries again once that has passed.
 */
export async function claimWebhookDeliveries(q: Queryable, limit: number, claimMs: number): Promise<WebhookDeliveryRow[]> {
  const { rows } = await q.query<WebhookDeliveryRow>(
    `update webhook_deliveries set attempts = attempts + 1, next_attempt_at = now() + $2 * interval '1 millisecond'
     where id in (
       select id from webhook_deliveries where state = 'PENDING' and next_attempt_at <= now()
       order by next_attempt_at limit $1 for update skip locked)
     returning id, job_id, url, body, attempts, ${retryStatusesOf("webhook_deliveries.job_id")} as retry_statuses`,
    [limit, claimMs],
  );
  return rows;
}

export async function markWebhookDelivered(q: Queryable, id: string): Promise<void> {
  await q.query(`update webhook_deliveries set state = 'DELIVERED', finished_at = now(), last_error = null where id = $1`, [id]);
}

/** Records a failed attempt: tried again after `retryInMs`, or FAILED for good when null. */
export async function markWebhookAttemptFailed(q: Queryable, id: string, error: string, retryInMs: number | null): Promise<void> {
  await q.query(
    `update webhook_deliveries set last_error = $2,
       state = case when $3::float8 is null then 'FAILED' else 'PENDING' end,
       finished_at = case when $3::float8 is null then now() end,
       next_attempt_at = case when $3::float8 is null then next_attempt_at else now() + $3::float8 * interval '1 millisecond' end
     where id = $1`,
    [id, error, retryInMs],
  );
}
