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
