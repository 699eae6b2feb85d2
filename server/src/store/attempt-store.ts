import type { Queryable } from "./database.ts";
import type { TransitionedRow } from "./job-transitions.ts";

export type AttemptOutcomeName = "SUCCEEDED" | "FAILED" | "LOST" | "TIMED_OUT" | "CANCELLED";

/** Records the finished attempts of rows that just left RUNNING, with one outcome and error each. */
export async function recordFinishedAttempts(
  tx: Queryable,
  rows: readonly TransitionedRow[],
  outcome: (row: TransitionedRow) => AttemptOutcomeName,
  error: (row: TransitionedRow) => string | null,
): Promise<void> {
  if (rows.length === 0) return;
  await tx.query(
    `insert into job_attempts (job_id, number, worker_id, started_at, finished_at, outcome, error)
     select * from unnest($1::uuid[], $2::int[], $3::text[], $4::timestamptz[], $5::timestamptz[], $6::text[], $7::text[])`,
    [
      rows.map((r) => r.id),
      rows.map((r) => r.attempt),
      rows.map((r) => r.lease_worker_id ?? ""),
      rows.map((r) => r.attempt_started_at ?? r.updated_at),
      rows.map((r) => r.updated_at),
      rows.map((r) => outcome(r)),
      rows.map((r) => error(r)),
    ],
  );
}

/** How one attempt ended, as recorded with the transition that ended it. */
export interface AttemptEnding {
  outcome: AttemptOutcomeName;
  error: string | null;
}

/**
 * How the given attempts ended (by job id), for jobs whose attempt is no longer running: the one
 * record of why a lease ended, whichever server ended it. Attempts not (yet) ended are absent.
 */
export async function findAttemptEndings(q: Queryable, attempts: readonly { jobId: string; attempt: number }[]): Promise<Map<string, AttemptEnding>> {
  if (attempts.length === 0) return new Map();
  const { rows } = await q.query<{ job_id: string } & AttemptEnding>(
    `select a.job_id, a.outcome, a.error
     from unnest($1::uuid[], $2::int[]) as input(job_id, number)
     join job_attempts a on a.job_id = input.job_id and a.number = input.number`,
    [attempts.map((a) => a.jobId), attempts.map((a) => a.attempt)],
  );
  return new Map(rows.map((row) => [row.job_id, { outcome: row.outcome, error: row.error }]));
}
