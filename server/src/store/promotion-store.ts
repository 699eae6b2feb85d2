import { transitions } from "../jobs/job-state-machine.ts";
import { groupBy } from "../util/group-by.ts";
import type { Database } from "./database.ts";
import type { JobRow } from "./job-row.ts";
import { transitionJobs } from "./job-transitions.ts";
import { enqueueAnnouncements } from "./outbox-store.ts";

/**
 * Announces waiting jobs that came within the delay horizon since they were stored (far-future
 * jobs and long backoffs), through the broker's delay queues. Claims rows with SKIP LOCKED so
 * that several servers share the work without announcing a job twice.
 */
export async function announceUpcomingJobs(db: Database, horizonMs: number, limit: number): Promise<number> {
  return db.withTransaction(async (tx) => {
    const { rows } = await tx.query<JobRow>(
      `update jobs set announced_at = now()
       where id in (
         select id from jobs
         where state in ('SCHEDULED', 'RETRY_SCHEDULED') and run_at <= now() + $1 * interval '1 millisecond'
           and announced_at is null
         order by run_at limit $2 for update skip locked)
       returning *`,
      [horizonMs, limit],
    );
    for (const [, group] of groupBy(rows, (row) => `${row.namespace}\u0000${row.run_at.getTime()}`)) {
      await enqueueAnnouncements(tx, group[0]!.namespace, group, { runAt: group[0]!.run_at });
    }
    return rows.length;
  });
}

/**
 * The safety net under the broker: jobs whose announcement was lost (a broker that crashed with
 * unreplicated messages, a queue deleted by hand). Waiting jobs overdue by `waitingGraceMs` are
 * promoted here directly; READY jobs announced longer than `readyGraceMs` ago are announced again.
 * A duplicate announcement costs a wasted lookup, never a second run.
 */
export async function rescueStrandedJobs(
  db: Database,
  grace: { waitingGraceMs: number; readyGraceMs: number },
  limit: number,
): Promise<number> {
  return db.withTransaction(async (tx) => {
    const { rows: overdue } = await tx.query<{ id: string }>(
      `select id from jobs
       where state in ('SCHEDULED', 'RETRY_SCHEDULED') and run_at <= now() - $1 * interval '1 millisecond'
       order by run_at limit $2 for update skip locked`,
      [grace.waitingGraceMs, limit],
    );
    const promoted = await transitionJobs(tx, {
      transition: transitions.promote,
      input: { id: ["uuid", overdue.map((r) => r.id)] },
      set: () => "announced_at = now()",
      eventMessage: () => "'promoted by the rescuer: its announcement was overdue'",
    });
    const { rows: unannounced } = await tx.query<JobRow>(
      `update jobs set announced_at = now()
       where id in (
         select id from jobs where state = 'READY' and (announced_at is null or announced_at <= now() - $1 * interval '1 millisecond')
         order by announced_at nulls first limit $2 for update skip locked)
       returning *`,
      [grace.readyGraceMs, limit],
    );
    for (const [namespace, group] of groupBy([...promoted, ...unannounced], (row) => row.namespace)) {
      await enqueueAnnouncements(tx, namespace, group);
    }
    return promoted.length + unannounced.length;
  });
}
