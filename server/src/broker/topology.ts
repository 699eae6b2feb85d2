/**
 * Names of everything the server declares on RabbitMQ, all under one prefix.
 *
 *   <p>.ready    direct   routing key "<namespace>.<queue>" -> quorum queue <p>.ready.<namespace>.<queue>
 *   <p>.delayed  headers  header conveyor-delay=<ms>      -> <p>.delay.<ms> (x-message-ttl=<ms>, no consumers)
 *                         each delay queue dead-letters into <p>.ready, keeping the routing key
 *   <p>.dead     topic    "#"                               -> <p>.dead-letters (inspectable, bounded)
 *
 * One TTL per delay queue: per-message TTLs only expire at the head of a queue, so mixing them
 * would hold a short delay behind a long one.
 */
export interface Topology {
  readyExchange: string;
  delayedExchange: string;
  deadExchange: string;
  deadLetterQueue: string;
  readyQueue(namespace: string, queue: string): string;
  delayQueue(delayMs: number): string;
}

/** The fixed delays, in ms. A longer wait is made of several hops; beyond the last, jobs wait in Postgres. */
export const DELAY_BUCKETS_MS = [25, 100, 250, 1_000, 5_000, 15_000, 60_000, 300_000] as const;

/**
 * Not "x-…": a headers exchange ignores headers that start with "x-" when matching, so such a
 * binding would match every message and copy it into every delay queue.
 */
export const DELAY_HEADER = "conveyor-delay";

export function makeTopology(prefix: string): Topology {
  return {
    readyExchange: `${prefix}.ready`,
    delayedExchange: `${prefix}.delayed`,
    deadExchange: `${prefix}.dead`,
    deadLetterQueue: `${prefix}.dead-letters`,
    readyQueue: (namespace, queue) => `${prefix}.ready.${namespace}.${queue}`,
    delayQueue: (delayMs) => `${prefix}.delay.${delayMs}`,
  };
}
