import { ConveyorError } from "../errors/conveyor-error.ts";
import type { Queryable } from "../store/database.ts";
import type { FireRule, MisfirePolicyName } from "./fire-times.ts";

export type OverlapPolicyName = "SKIP" | "ALLOW" | "QUEUE_ONE";

/** A row of `schedules`. */
export interface ScheduleRow {
  id: string;
  namespace: string;
  name: string;
  cron: string | null;
  /** bigint column: pg returns it as a string. */
  interval_ms: string | null;
  timezone: string;
  job_template: Record<string, unknown>;
  start_at: Date | null;
  end_at: Date | null;
  jitter_ms: number;
  overlap_policy: OverlapPolicyName;
  misfire_policy: MisfirePolicyName;
  misfire_limit: number;
  paused: boolean;
  next_run_at: Date | null;
  queued_fire_at: Date | null;
  last_fired_at: Date | null;
  last_job_id: string | null;
  created_at: Date;
  updated_at: Date;
}

/** The fields a caller sets (CreateSchedule, UpdateSchedule), validated. */
export interface ScheduleFields {
  name: string;
  cron: string | null;
  intervalMs: number | null;
  timezone: string;
  jobTemplate: Record<string, unknown>;
  startAt: Date | null;
  endAt: Date | null;
  jitterMs: number;
  overlapPolicy: OverlapPolicyName;
  misfirePolicy: MisfirePolicyName;
  misfireLimit: number;
}

export function ruleOf(row: Pick<ScheduleRow, "cron" | "interval_ms" | "timezone" | "start_at" | "end_at" | "created_at">): FireRule {
  return {
    cron: row.cron,
    intervalMs: row.interval_ms === null ? null : Number(row.interval_ms),
    timezone: row.timezone,
    startAt: row.start_at,
    endAt: row.end_at,
    anchor: row.created_at,
  };
}

function nameTaken(error: unknown, namespace: string, name: string): never {
  if ((error as { code?: string }).code === "23505") {
    throw new ConveyorError("already_exists", `schedule.name: a schedule named ${JSON.stringify(name)} already exists in namespace ${namespace}`);
  }
  throw error;
}

export async function insertSchedule(
  q: Queryable,
  row: { id: string; namespace: string; fields: ScheduleFields; paused: boolean; nextRunAt: Date | null; createdAt: Date },
): Promise<ScheduleRow> {
  const f = row.fields;
  try {
    const { rows } = await q.query<ScheduleRow>(
      `insert into schedules (id, namespace, name, cron, interval_ms, timezone, job_template, start_at, end_at, jitter_ms,
         overlap_policy, misfire_policy, misfire_limit, paused, next_run_at, created_at, updated_at)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $16)
       returning *`,
      [row.id, row.namespace, f.name, f.cron, f.intervalMs, f.timezone, f.jobTemplate, f.startAt, f.endAt, f.jitterMs,
        f.overlapPolicy, f.misfirePolicy, f.misfireLimit, row.paused, row.nextRunAt, row.createdAt],
    );
    return rows[0]!;
  } catch (error) {
    return nameTaken(error, row.namespace, f.name);
  }
}

export async function updateScheduleFields(
  q: Queryable,
  namespace: string,
  id: string,
  fields: ScheduleFields,
  nextRunAt: (row: ScheduleRow) => Date | null,
): Promise<ScheduleRow | undefined> {
  // The row lock keeps a runner from firing with the old spec between the read and the write.
  const { rows: [current] } = await q.query<ScheduleRow>("select * from schedules where namespace = $1 and id = $2 for update", [namespace, id]);
  if (!current) return undefined;
  const f = fields;
  const next = nextRunAt({ ...current, cron: f.cron, interval_ms: f.intervalMs === null ? null : String(f.intervalMs), timezone: f.timezone, start_at: f.startAt, end_at: f.endAt });
  try {
    const { rows } = await q.query<ScheduleRow>(
      `update schedules set name = $3, cron = $4, interval_ms = $5, timezone = $6, job_template = $7, start_at = $8, end_at = $9,
         jitter_ms = $10, overlap_policy = $11, misfire_policy = $12, misfire_limit = $13, next_run_at = $14,
         queued_fire_at = null, updated_at = now()
       where namespace = $1 and id = $2 returning *`,
      [namespace, id, f.name, f.cron, f.intervalMs, f.timezone, f.jobTemplate, f.startAt, f.endAt, f.jitterMs,
        f.overlapPolicy, f.misfirePolicy, f.misfireLimit, next],
    );
    return rows[0];
  } catch (error) {
    return nameTaken(error, namespace, f.name);
  }
}

export async function findSchedule(q: Queryable, namespace: string, id: string): Promise<ScheduleRow | undefined> {
  const { rows } = await q.query<ScheduleRow>("select * from schedules where namespace = $1 and id = $2", [namespace, id]);
  return rows[0];
}

/** By name; `afterName` is the cursor of the previous page. */
export async function listSchedules(q: Queryable, namespace: string, afterName: string | undefined, limit: number): Promise<ScheduleRow[]> {
  const { rows } = await q.query<ScheduleRow>(
    "select * from schedules where namespace = $1 and ($2::text is null or name > $2) order by name limit $3",
    [namespace, afterName ?? null, limit],
  );
  return rows;
}

export async function pauseSchedule(q: Queryable, namespace: string, id: string): Promise<ScheduleRow | undefined> {
  const { rows } = await q.query<ScheduleRow>(
    "update schedules set paused = true, queued_fire_at = null, updated_at = now() where namespace = $1 and id = $2 returning *",
    [namespace, id],
  );
  return rows[0];
}

/** Resumes from now: `nextRunAt` computes the next fire time for the row. */
export async function resumeSchedule(
  q: Queryable,
  namespace: string,
  id: string,
  nextRunAt: (row: ScheduleRow) => Date | null,
): Promise<ScheduleRow | undefined> {
  const { rows: [current] } = await q.query<ScheduleRow>("select * from schedules where namespace = $1 and id = $2 for update", [namespace, id]);
  if (!current) return undefined;
  if (!current.paused) return current;
  const { rows } = await q.query<ScheduleRow>(
    "update schedules set paused = false, next_run_at = $3, updated_at = now() where namespace = $1 and id = $2 returning *",
    [namespace, id, nextRunAt(current)],
  );
  return rows[0];
}

export async function deleteSchedule(q: Queryable, namespace: string, id: string): Promise<boolean> {
  const { rowCount } = await q.query("delete from schedules where namespace = $1 and id = $2", [namespace, id]);
  return (rowCount ?? 0) > 0;
}

/** A due schedule, locked for this transaction, with the database's clock and the state of its last job. */
export interface ClaimedSchedule extends ScheduleRow {
  db_now: Date;
  last_job_state: string | null;
}

/**
 * Locks up to `limit` schedules that are due (or hold a queued fire) and that no other server
 * holds: `FOR UPDATE SKIP LOCKED`, so several servers share the work and never fire one twice.
 */
export async function claimDueSchedules(tx: Queryable, limit: number): Promise<ClaimedSchedule[]> {
  const { rows } = await tx.query<ClaimedSchedule>(
    `select s.*, now() as db_now, j.state as last_job_state
     from schedules s left join jobs j on j.id = s.last_job_id
     where s.id in (
       select id from schedules where not paused and next_run_at <= now()
       union
       select id from schedules where queued_fire_at is not null and not paused
     )
     order by s.next_run_at
     limit $1
     for update of s skip locked`,
    [limit],
  );
  return rows;
}

export async function recordFires(
  tx: Queryable,
  id: string,
  update: { nextRunAt: Date | null; queuedFireAt: Date | null; lastFiredAt: Date | null; lastJobId: string | null },
): Promise<void> {
  await tx.query(
    `update schedules set next_run_at = $2, queued_fire_at = $3,
       last_fired_at = coalesce($4, last_fired_at), last_job_id = coalesce($5, last_job_id), updated_at = now()
     where id = $1`,
    [id, update.nextRunAt, update.queuedFireAt, update.lastFiredAt, update.lastJobId],
  );
}

/** Milliseconds until the earliest active schedule is due (by the database's clock), or undefined when none is. */
export async function msUntilNextDue(q: Queryable): Promise<number | undefined> {
  const { rows } = await q.query<{ ms: number | null }>(
    "select (extract(epoch from (min(next_run_at) - now())) * 1000)::float8 as ms from schedules where not paused and next_run_at is not null",
  );
  const ms = rows[0]?.ms;
  return ms === null || ms === undefined ? undefined : Math.max(0, ms);
}
