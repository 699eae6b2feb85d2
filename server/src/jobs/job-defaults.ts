/** What a job gets for every option its submitter left unset, unless its queue says otherwise. */
export const jobDefaults = {
  /** Like Sidekiq's 25 but shorter: five attempts span about half a minute with the default backoff. */
  maxAttempts: 5,
  backoffInitialMs: 1_000,
  backoffMultiplier: 2,
  backoffMaxMs: 60 * 60 * 1000,
  backoffJitter: 0.2,
  timeoutMs: 30 * 60 * 1000,
  priority: 0,
} as const;

export type JobDefaults = { -readonly [K in keyof typeof jobDefaults]: number };

/** Per-queue overrides of the defaults, from the configuration (`queueDefaults`). */
export type QueueDefaults = Readonly<Record<string, Partial<Omit<JobDefaults, "priority">>>>;

/** The defaults for a job on `queue`: the queue's own, where it has them, over the built-in ones. */
export function defaultsFor(queue: string, queueDefaults: QueueDefaults | undefined): JobDefaults {
  return { ...jobDefaults, ...queueDefaults?.[queue] };
}
