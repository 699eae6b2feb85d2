import type { Queryable } from "./database.ts";

/** Where an outbox message goes: the logical exchange (named in broker/topology.ts) and routing key. */
export type OutboxExchange = "ready" | "delayed" | "dead";

export interface OutboxMessage {
  id: string;
  exchange: OutboxExchange;
  routing_key: string;
  body: ReadyAnnouncement;
  created_at: Date;
}

/** Tells the dispatchers that these jobs of one queue are ready to lease. */
export interface ReadyAnnouncement {
  namespace: string;
  queue: string;
  jobIds: string[];
}

/** The broker routing key of a namespace's queue. */
export function queueRoutingKey(namespace: string, queue: string): string {
  return `${namespace}.${queue}`;
}

/**
 * Records, in the caller's transaction, one message per queue announcing the given ready jobs.
 * Committed with the jobs, so a crash after the commit cannot lose the announcement.
 */
export async function enqueueReadyAnnouncements(
  tx: Queryable,
  namespace: string,
  jobs: readonly { id: string; queue: string }[],
): Promise<void> {
  if (jobs.length === 0) return;
  const byQueue = new Map<string, string[]>();
  for (const job of jobs) {
    const ids = byQueue.get(job.queue);
    if (ids) ids.push(job.id);
    else byQueue.set(job.queue, [job.id]);
  }
  const queues = [...byQueue.keys()];
  await tx.query(
    `insert into outbox (exchange, routing_key, body) select 'ready', k, b from unnest($1::text[], $2::jsonb[]) as t(k, b)`,
    [
      queues.map((queue) => queueRoutingKey(namespace, queue)),
      queues.map((queue) => JSON.stringify({ namespace, queue, jobIds: byQueue.get(queue)! } satisfies ReadyAnnouncement)),
    ],
  );
}
