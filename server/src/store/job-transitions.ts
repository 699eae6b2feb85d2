import { isTerminal, type JobStateName, type Transition } from "../jobs/job-state-machine.ts";
import type { Queryable } from "./database.ts";
import { childCountsCtes } from "./dependency-counts.ts";
import type { JobRow } from "./job-row.ts";
import { insertWebhookDeliveries } from "./webhook-store.ts";
import { insertEmailDeliveries } from "./notification-store.ts";

/** Collects query parameters and hands back their `$n` placeholders. */
export class Params {
  readonly values: unknown[] = [];
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

export interface TransitionParams {
  transition: Transition;
  /** Restricts the change to one namespace's jobs. */
  namespace?: string;
  /**
   * One row per job: `id` and any further per-job columns, as parallel arrays, each with its SQL
   * type (`{ id: ["uuid", ids], result: ["jsonb", results] }`). The statement sees them as `input.*`.
   */
  input: { id: readonly [string, readonly unknown[]] } & Record<string, readonly [string, readonly unknown[]]>;
  /** Further conditions on `jobs j` and `input`, such as holding the lease. */
  where?: (p: Params) => string;
  /** Assignments besides state and updated_at, on `jobs j` with `input` in scope. */
  set?: (p: Params) => string;
  /** The event's message, an SQL expression over `input` and `j` (the updated row). Defaults to null. */
  eventMessage?: (p: Params) => string;
  /** Passes over jobs that another transaction has locked instead of waiting for them. */
  skipLocked?: boolean;
  /**
   * A further data-modifying CTE over `changed` (the updated rows, with from_state), so that
   * related rows are written by the same statement: one round trip, atomic without BEGIN/COMMIT.
   */
  alsoWrite?: (p: Params) => string;
  /** Only these columns of the changed rows come back (and parsing them costs less). Defaults to all. */
  returning?: readonly string[];
}

export type TransitionedRow = JobRow & { from_state: JobStateName };

/**
 * ┃ The only statement that changes the state of existing jobs. ┃
 *
 * Locks the jobs named in `input` that are in one of the transition's source states (and satisfy
 * `where`), moves them to its target state, appends one job_events row each (which NOTIFYs
 * watchers), writes what entering or leaving a terminal state entails (webhook deliveries, the
 * dependency counts of workflow tasks), and returns the updated rows. Jobs that are not in a source state are left as they
 * are and are simply missing from the result: the caller decides whether that is an error.
 */
export async function transitionJobs(q: Queryable, params: TransitionParams): Promise<TransitionedRow[]> {
  const p = new Params();
  const columns = Object.entries(params.input);
  const count = params.input.id[1].length;
  // One JSON document rather than an array per column: see insertJobs.
  const records = new Array<Record<string, unknown>>(count);
  for (let i = 0; i < count; i++) {
    const record: Record<string, unknown> = {};
    for (const [name, [type, values]] of columns) {
      const value = values[i];
      record[name] = type === "bytea" && value instanceof Buffer ? value.toString("base64") : value;
    }
    records[i] = record;
  }
  const definition = columns.map(([name, [type]]) => `${name} ${type === "bytea" ? "text" : type}`).join(", ");
  const decoded = columns.map(([name, [type]]) => (type === "bytea" ? `decode(r.${name}, 'base64') as ${name}` : `r.${name}`)).join(", ");
  const source = `select ${decoded} from json_to_recordset(${p.add(JSON.stringify(records))}::json) as r(${definition})`;
  const conditions = [`j.state = any(${p.add(params.transition.from)}::text[])`];
  if (params.namespace !== undefined) conditions.push(`j.namespace = ${p.add(params.namespace)}`);
  if (params.where) conditions.push(params.where(p));
  const to = p.add(params.transition.to);
  const extraSet = params.set ? `, ${params.set(p)}` : "";
  const message = params.eventMessage ? params.eventMessage(p) : "null";
  // A job entering a terminal state is notified (webhooks, email) and counted as finished by the workflow
  // tasks depending on it; one leaving a terminal state (RetryJob) is counted as pending again.
  // Here, so that no path to or from a terminal state can forget either.
  const finishing = isTerminal(params.transition.to);
  const reopening = !finishing && params.transition.from.length > 0 && params.transition.from.every(isTerminal);
  const alsoWrites = [...(params.alsoWrite ? [params.alsoWrite(p)] : []), ...(finishing ? [insertWebhookDeliveries, insertEmailDeliveries] : [])];
  const dependencyCounts = finishing ? childCountsCtes("finished") : reopening ? childCountsCtes("reopened") : undefined;

  const sql = `
    with input as (
      ${source}
    ), target as (
      select j.state as from_state, input.*
      from jobs j join input on input.id = j.id
      where ${conditions.join(" and ")}
      order by j.id
      for update of j${params.skipLocked ? " skip locked" : ""}
    ), changed as (
      update jobs j set state = ${to}, updated_at = now()${extraSet}
      from target as input
      where j.id = input.id
      returning j.*, input.from_state, ${message} as event_message
    ), events as (
      insert into job_events (job_id, from_state, to_state, attempt, worker_id, message)
      select id, from_state, state, attempt, lease_worker_id, event_message from changed
    )${alsoWrites.map((write, i) => `, also${i} as (${write})`).join("")}${dependencyCounts ? `, ${dependencyCounts}` : ""}
    select ${params.returning ? params.returning.map((c) => `changed.${c}`).join(", ") : "*"} from changed`;
  const { rows } = await q.query<TransitionedRow & { event_message: unknown }>(sql, p.values);
  for (const row of rows) delete (row as { event_message?: unknown }).event_message;
  return rows;
}
