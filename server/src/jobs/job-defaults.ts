/** What a job gets for every option its submitter left unset. */
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
