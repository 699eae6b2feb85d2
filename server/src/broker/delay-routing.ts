import { DELAY_BUCKETS_MS, DELAY_HEADER } from "./topology.ts";

/**
 * What a hop through a delay queue costs beyond its TTL: the broker's expiry timer, dead-lettering,
 * delivery and our handling. A hop is only taken if it ends this much before the run time, so that
 * the last stretch is always waited in memory, where a timer is precise.
 */
const HOP_OVERHEAD_MS = 15;

/**
 * The delay queue for a wait of `remainingMs`: the longest fixed delay that does not overshoot,
 * or undefined when the wait is shorter than the shortest delay queue (the dispatcher then holds
 * the message itself for the last few milliseconds). A long wait takes several hops: each time a
 * message comes out of a delay queue early, the dispatcher sends it back with what remains.
 */
export function delayBucketFor(remainingMs: number): number | undefined {
  let chosen: number | undefined;
  for (const bucket of DELAY_BUCKETS_MS) if (bucket + HOP_OVERHEAD_MS <= remainingMs) chosen = bucket;
  return chosen;
}

/** Headers routing a message to its delay queue, or undefined when it should go straight to ready. */
export function delayHeaders(remainingMs: number): Record<string, string> | undefined {
  const bucket = delayBucketFor(remainingMs);
  return bucket === undefined ? undefined : { [DELAY_HEADER]: String(bucket) };
}
