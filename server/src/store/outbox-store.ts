import type { Queryable } from "./database.ts";

/** Where an outbox message goes: the logical exchange (named in broker/topology.ts). */
export type OutboxExchange = "ready" | "delayed" | "dead";

export interface OutboxMessage {
  id: string;
  exchange: OutboxExchange;
  routing_key: string;
  body: JobAnnouncement;
  /**
   * W3C trace context of the request that wrote the message (a SubmitJob(s) call: one per message,
   * since a call's announcements are its own). Null for messages written by the server's own
   * machinery (retries, promotions), and when tracing is off. The jobs' own contexts are on the
   * jobs (jobs.trace_context) and reach workers with the lease, whatever message announced them.
   */
  trace_context: Record<string, string> | null;
  created_at: Date;
}

/**
 * Tells the dispatchers that these jobs of one queue can be leased, from `runAt` on (epoch ms;
 * absent means now). The job ids are hints: Postgres decides, so a stale or duplicated
 * announcement leases nothing twice.
 */
export interface JobAnnouncement {
  namespace: string;
  queue: string;
  jobIds: string[];
  /** The job type of each id, so that a dispatcher only offers a job to a worker that handles it. */
  types: string[];
  runAt?: number;
  /** For dead letters: why. */
  error?: string;
}

/** Keeps one message's worth of jobs small, so that one dispatcher does not hoard a large batch. */
const MAX_IDS_PER_MESSAGE = 100;

/** The broker routing key of a namespace's queue. Namespaces have no dots, so the first dot splits. */
export function queueRoutingKey(namespace: string, queue: string): string {
  return `${namespace}.${queue}`;
}

export interface AnnouncedJob {
  id: string;
  queue: string;
  type: string;
}

/**
 * Records, in the caller's transaction, messages announcing the given jobs to the broker: one per
 * queue (and per run time) and at most 100 ids each. Committed with the jobs, so that a crash
 * after the commit cannot lose an announcement; broker/outbox-relay.ts publishes them. The caller
 * sets the jobs' announced_at in the same transaction.
 */
export async function enqueueAnnouncements(
  tx: Queryable,
  namespace: string,
  jobs: readonly AnnouncedJob[],
  options: { exchange?: OutboxExchange; runAt?: Date; error?: string } = {},
): Promise<void> {
  if (jobs.length === 0) return;
  const exchange = options.exchange ?? (options.runAt ? "delayed" : "ready");
  const byQueue = new Map<string, AnnouncedJob[]>();
  for (const job of jobs) {
    const list = byQueue.get(job.queue);
    if (list) list.push(job);
    else byQueue.set(job.queue, [job]);
  }
  const keys: string[] = [];
  const bodies: string[] = [];
  for (const [queue, list] of byQueue) {
    for (let i = 0; i < list.length; i += MAX_IDS_PER_MESSAGE) {
      const chunk = list.slice(i, i + MAX_IDS_PER_MESSAGE);
      const body: JobAnnouncement = { namespace, queue, jobIds: chunk.map((j) => j.id), types: chunk.map((j) => j.type) };
      if (options.runAt) body.runAt = options.runAt.getTime();
      if (options.error) body.error = options.error;
      keys.push(queueRoutingKey(namespace, queue));
      bodies.push(JSON.stringify(body));
    }
  }
  await tx.query(
    `insert into outbox (exchange, routing_key, body) select $1, k, b from unnest($2::text[], $3::jsonb[]) as t(k, b)`,
    [exchange, keys, bodies],
  );
}

/** Shorthand for jobs that are READY now. */
export function enqueueReadyAnnouncements(tx: Queryable, namespace: string, jobs: readonly AnnouncedJob[]): Promise<void> {
  return enqueueAnnouncements(tx, namespace, jobs);
}

/** Takes up to `limit` messages, oldest first, skipping those another relay holds. Run inside a transaction. */
export async function claimOutboxMessages(tx: Queryable, limit: number): Promise<OutboxMessage[]> {
  const { rows } = await tx.query<OutboxMessage>(
    `delete from outbox where id in (select id from outbox order by id limit $1 for update skip locked) returning *`,
    [limit],
  );
  return rows;
}

/**
 * Deletes messages whose every job has been leased already (by the server that wrote them, for its
 * own workers), so that the broker need not carry them. Messages a relay is publishing are locked
 * and skipped: published, they lease nothing, which is harmless.
 */
export async function withdrawAnnouncements(q: Queryable, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  await q.query(`delete from outbox where id in (select id from outbox where id = any($1::bigint[]) for update skip locked)`, [ids]);
}
