import { fromJson } from "@bufbuild/protobuf";
import { JobSpecSchema } from "@conveyor/client/gen/conveyor/v1/job_pb.js";
import type { Logger } from "pino";
import { toNewJob } from "../api/job-spec.ts";
import type { QueueDefaults } from "../jobs/job-defaults.ts";
import { isTerminal, type JobStateName } from "../jobs/job-state-machine.ts";
import type { Database, Queryable } from "../store/database.ts";
import type { NewJob } from "../store/job-row.ts";
import { insertJobs } from "../store/job-store.ts";
import { dueFires, jitterFor } from "./fire-times.ts";
import { claimDueSchedules, msUntilNextDue, recordFires, ruleOf, type ClaimedSchedule, type ScheduleRow } from "./schedule-store.ts";

export interface ScheduleRunnerOptions {
  db: Database;
  logger: Logger;
  /** The longest wait between rounds; a timer to the nearest next_run_at usually wakes it sooner. */
  intervalMs: number;
  /** A fire time older than this is a misfire, handled by the schedule's misfire policy. */
  misfireGraceMs: number;
  delayHorizonMs: number;
  maxPayloadBytes: number;
  /** Per-queue job defaults (config.queueDefaults), applied to the template at each fire like to a submitted job. */
  queueDefaults?: QueueDefaults;
  /** Called after a round inserted jobs (and so outbox messages). */
  onFired: () => void;
}

const BATCH = 50;

/** The job a schedule's template makes for one fire time. Throws InvalidArgumentError if the stored template no longer passes. */
export function scheduledJob(schedule: ScheduleRow, fireTime: Date, maxPayloadBytes: number, queueDefaults?: QueueDefaults): NewJob {
  const spec = fromJson(JobSpecSchema, schedule.job_template as never);
  const job = toNewJob(spec, "job_template", maxPayloadBytes, queueDefaults);
  return {
    ...job,
    runAt: new Date(fireTime.getTime() + jitterFor(schedule.id, fireTime, schedule.jitter_ms)),
    delayMs: 0,
    idempotencyKey: null,
    scheduleId: schedule.id,
    scheduledFor: fireTime,
  };
}

/**
 * Fires due schedules. Every server runs one: each round claims due schedules with
 * `FOR UPDATE SKIP LOCKED` and, in the same transaction, inserts their jobs (with events and outbox
 * announcements, through insertJobs) and advances next_run_at. A server that dies mid-round rolls
 * back and releases its locks, and the next round of any other server fires the schedule, so
 * fire times are neither lost nor doubled. The unique index on jobs (schedule_id, scheduled_for)
 * backs this up.
 */
export class ScheduleRunner {
  private readonly options: ScheduleRunnerOptions;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;
  private again = false;

  constructor(options: ScheduleRunnerOptions) {
    this.options = options;
  }

  start(): void {
    this.arm(0);
  }

  /** Runs a round soon: after a schedule was created, changed or resumed. */
  kick(): void {
    if (this.running) this.again = true;
    else this.arm(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  private arm(delayMs: number): void {
    if (this.stopped) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.running ??= this.loop().finally(() => (this.running = undefined));
    }, delayMs);
  }

  private async loop(): Promise<void> {
    let wait = this.options.intervalMs;
    try {
      let claimed: number;
      do {
        this.again = false;
        claimed = await this.round();
      } while ((claimed === BATCH || this.again) && !this.stopped);
      const until = await msUntilNextDue(this.options.db);
      // A schedule that is due now is being fired by another server (its row is locked): look
      // again shortly rather than spinning until that server commits.
      if (until !== undefined) wait = Math.min(wait, Math.max(until + 1, 20));
    } catch (error) {
      this.options.logger.warn({ err: error }, "schedule round failed");
    }
    this.arm(wait);
  }

  /** One transaction: claims up to BATCH due schedules and fires them. Returns how many it claimed. */
  async round(): Promise<number> {
    let fired = 0;
    const claimed = await this.options.db.withTransaction(async (tx) => {
      const schedules = await claimDueSchedules(tx, BATCH);
      for (const schedule of schedules) fired += await this.fire(tx, schedule);
      return schedules.length;
    });
    if (fired > 0) this.options.onFired();
    return claimed;
  }

  private async fire(tx: Queryable, schedule: ClaimedSchedule): Promise<number> {
    const { logger, misfireGraceMs, maxPayloadBytes, delayHorizonMs, queueDefaults } = this.options;
    const now = schedule.db_now;
    const lastRunning = schedule.last_job_state !== null && !isTerminal(schedule.last_job_state as JobStateName);
    const fireTimes: Date[] = [];
    let queued = schedule.queued_fire_at;
    // A fire time held by QUEUE_ONE goes first, once the job before it has finished.
    if (queued && !lastRunning) {
      fireTimes.push(queued);
      queued = null;
    }
    let next = schedule.next_run_at;
    if (next && next.getTime() <= now.getTime()) {
      const due = dueFires(ruleOf(schedule), next, now, schedule.misfire_policy, schedule.misfire_limit, misfireGraceMs);
      next = due.next;
      if (due.dropped > 0) logger.info({ scheduleId: schedule.id, dropped: due.dropped }, "schedule misfires dropped by its misfire policy");
      const busy = lastRunning || fireTimes.length > 0;
      if (due.fire.length > 0 && busy && schedule.overlap_policy === "SKIP") {
        logger.info({ scheduleId: schedule.id, skipped: due.fire.length }, "schedule fire skipped: the previous job has not finished");
      } else if (due.fire.length > 0 && busy && schedule.overlap_policy === "QUEUE_ONE") {
        queued = due.fire.at(-1)!;
      } else {
        fireTimes.push(...due.fire);
      }
    }
    let jobs: NewJob[] = [];
    try {
      jobs = fireTimes.map((time) => scheduledJob(schedule, time, maxPayloadBytes, queueDefaults));
    } catch (error) {
      logger.error({ err: error, scheduleId: schedule.id }, "schedule's job template is no longer valid; fire times dropped");
    }
    const inserted = jobs.length > 0 ? await insertJobs(tx, schedule.namespace, jobs, { delayHorizonMs, leaseAheadMs: 0 }) : [];
    const created = inserted.filter((job) => job.created);
    await recordFires(tx, schedule.id, {
      nextRunAt: next,
      queuedFireAt: queued,
      lastFiredAt: created.length > 0 ? jobs[inserted.indexOf(created.at(-1)!)]!.scheduledFor! : null,
      lastJobId: created.at(-1)?.id ?? null,
    });
    if (created.length > 0) logger.debug({ scheduleId: schedule.id, jobs: created.length }, "schedule fired");
    return created.length;
  }
}
