import { create, fromJson, toJson } from "@bufbuild/protobuf";
import type { AddressGuard } from "../webhooks/address-guard.ts";
import type { ConnectRouter } from "@connectrpc/connect";
import { JobSpecSchema } from "@conveyor/client/gen/conveyor/v1/job_pb.js";
import {
  MisfirePolicy,
  OverlapPolicy,
  ScheduleSchema,
  ScheduleService,
  type CreateScheduleRequest,
  type DeleteScheduleRequest,
  type GetScheduleRequest,
  type ListSchedulesRequest,
  type PauseScheduleRequest,
  type ResumeScheduleRequest,
  type Schedule,
  type ScheduleSpec,
  type TriggerScheduleRequest,
  type UpdateScheduleRequest,
} from "@conveyor/client/gen/conveyor/v1/schedule_service_pb.js";
import { uuidv7 } from "uuidv7";
import { z } from "zod";
import { NotFoundError } from "../errors/conveyor-error.ts";
import { cronProblem, isKnownTimezone, nextFireAfter, type MisfirePolicyName } from "../scheduler/fire-times.ts";
import { scheduledJob } from "../scheduler/schedule-runner.ts";
import {
  deleteSchedule,
  findSchedule,
  insertSchedule,
  listSchedules,
  pauseSchedule,
  recordFires,
  resumeSchedule,
  ruleOf,
  updateScheduleFields,
  type OverlapPolicyName,
  type ScheduleFields,
  type ScheduleRow,
} from "../scheduler/schedule-store.ts";
import type { ServerContext } from "../server-context.ts";
import { findJob, insertJobs } from "../store/job-store.ts";
import { activeTraceCarrier } from "../observability/tracing.ts";
import { timestampSchema, toNewJob } from "./job-spec.ts";
import { toProtoJob } from "./job-mapper.ts";
import { namespaceSchema, pageOf, parseRequest } from "./request-validation.ts";
import { durationToMs, fromTimestamp, msToDuration, toTimestamp } from "./time-conversions.ts";

const MAX_PAGE = 1000;
const MAX_INTERVAL_MS = 366 * 86_400_000;
const MAX_JITTER_MS = 3_600_000;

const durationSchema = z.object({ seconds: z.bigint(), nanos: z.number() }).transform(durationToMs);

const overlapNames: Record<number, OverlapPolicyName> = {
  [OverlapPolicy.UNSPECIFIED]: "ALLOW",
  [OverlapPolicy.SKIP]: "SKIP",
  [OverlapPolicy.ALLOW]: "ALLOW",
  [OverlapPolicy.QUEUE_ONE]: "QUEUE_ONE",
};
const misfireNames: Record<number, MisfirePolicyName> = {
  [MisfirePolicy.UNSPECIFIED]: "RUN_ONCE",
  [MisfirePolicy.SKIP]: "SKIP",
  [MisfirePolicy.RUN_ONCE]: "RUN_ONCE",
  [MisfirePolicy.RUN_ALL]: "RUN_ALL",
};

const scheduleSpecSchema = z
  .object({
    name: z
      .string()
      .min(1, "is required")
      .max(128, "must be at most 128 characters")
      .regex(/^[A-Za-z0-9_.:-]+$/, "may contain only letters, digits, '_', '.', ':' and '-'"),
    cron: z.string().max(256, "must be at most 256 characters").superRefine((cron, ctx) => {
      const problem = cron ? cronProblem(cron) : undefined;
      if (problem) ctx.addIssue({ code: "custom", message: `${JSON.stringify(cron)} ${problem}` });
    }),
    interval: durationSchema.pipe(z.number().min(1000, "must be at least 1s").max(MAX_INTERVAL_MS, "must be at most 366 days")).optional(),
    timezone: z
      .string()
      .transform((tz) => tz || "UTC")
      .refine(isKnownTimezone, { error: (issue) => `unknown timezone ${JSON.stringify(issue.input)}: use an IANA name such as "Europe/Paris"` }),
    startAt: timestampSchema.optional(),
    endAt: timestampSchema.optional(),
    jitter: durationSchema.pipe(z.number().min(0, "must not be negative").max(MAX_JITTER_MS, "must be at most 1h")).optional(),
    overlapPolicy: z.number().refine((p) => p in overlapNames, "must name an overlap policy"),
    misfirePolicy: z.number().refine((p) => p in misfireNames, "must name a misfire policy"),
    misfireLimit: z.number().int().min(0, "must be from 1 to 1000 (0 means 10)").max(1000, "must be from 1 to 1000 (0 means 10)"),
  })
  .refine((s) => Boolean(s.cron) !== (s.interval !== undefined), { message: "set exactly one of cron and interval", path: ["cron"] })
  .refine((s) => !(s.startAt && s.endAt && s.endAt.seconds <= s.startAt.seconds), { message: "must be after start_at", path: ["endAt"] });

/** Checks a ScheduleSpec (sent as the request's `schedule`) and applies the defaults. */
function toScheduleFields(spec: ScheduleSpec | undefined, maxPayloadBytes: number, webhookGuard: AddressGuard): ScheduleFields {
  if (!spec) return parseRequest(z.never({ error: "is required" }), undefined, "schedule");
  const checked = parseRequest(scheduleSpecSchema, spec, "schedule");
  // The template must pass as a submitted job would; run time and idempotency belong to the schedule.
  toNewJob(spec.job, "schedule.job", maxPayloadBytes, undefined, webhookGuard);
  const job = spec.job!;
  if (job.runAt) parseRequest(z.never({ error: "must be unset: the schedule sets the run time" }), undefined, "schedule.job.run_at");
  if (job.delay) parseRequest(z.never({ error: "must be unset: use schedule.jitter or the schedule's times" }), undefined, "schedule.job.delay");
  if (job.idempotencyKey) {
    parseRequest(z.never({ error: "must be empty: each fire time of a schedule makes exactly one job" }), undefined, "schedule.job.idempotency_key");
  }
  return {
    name: checked.name,
    cron: checked.cron ? checked.cron.trim() : null,
    intervalMs: checked.interval ?? null,
    timezone: checked.timezone,
    jobTemplate: toJson(JobSpecSchema, job) as Record<string, unknown>,
    startAt: spec.startAt ? fromTimestamp(spec.startAt) : null,
    endAt: spec.endAt ? fromTimestamp(spec.endAt) : null,
    jitterMs: checked.jitter ?? 0,
    overlapPolicy: overlapNames[checked.overlapPolicy]!,
    misfirePolicy: misfireNames[checked.misfirePolicy]!,
    misfireLimit: checked.misfireLimit || 10,
  };
}

const scheduleRefSchema = z.object({
  namespace: namespaceSchema,
  id: z
    .string()
    .min(1, "is required")
    .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, "must be a schedule id (a UUID)")
    .transform((id) => id.toLowerCase()),
});

const listSchedulesSchema = z.object({
  namespace: namespaceSchema,
  pageSize: z.number().int().min(0, "must be from 1 to 1000 (0 means 100)").max(MAX_PAGE, "must be from 1 to 1000 (0 means 100)"),
  pageToken: z.string().transform((token) => (token ? Buffer.from(token, "base64url").toString("utf8") : undefined)),
});

export function toProtoSchedule(row: ScheduleRow): Schedule {
  const names = (record: Record<number, string>, name: string) => Number(Object.entries(record).find(([key, value]) => value === name && key !== "0")![0]);
  return create(ScheduleSchema, {
    id: row.id,
    namespace: row.namespace,
    spec: {
      name: row.name,
      cron: row.cron ?? "",
      interval: row.interval_ms === null ? undefined : msToDuration(Number(row.interval_ms)),
      timezone: row.timezone,
      job: fromJson(JobSpecSchema, row.job_template as never),
      startAt: toTimestamp(row.start_at),
      endAt: toTimestamp(row.end_at),
      jitter: row.jitter_ms ? msToDuration(row.jitter_ms) : undefined,
      overlapPolicy: names(overlapNames, row.overlap_policy),
      misfirePolicy: names(misfireNames, row.misfire_policy),
      misfireLimit: row.misfire_limit,
      paused: row.paused,
    },
    paused: row.paused,
    nextRunAt: row.paused ? undefined : toTimestamp(row.next_run_at),
    lastFiredAt: toTimestamp(row.last_fired_at),
    lastJobId: row.last_job_id ?? "",
    createdAt: toTimestamp(row.created_at),
    updatedAt: toTimestamp(row.updated_at),
  });
}

export interface ScheduleServiceHooks {
  /** Wakes the local schedule runner after a schedule was created, changed or resumed. */
  kickScheduler: () => void;
}

export function registerScheduleService(router: ConnectRouter, context: ServerContext, hooks: ScheduleServiceHooks): void {
  const { db, config } = context;
  const notFound = (namespace: string, id: string): never => {
    throw new NotFoundError(`schedule ${id} not found in namespace ${namespace}`);
  };
  const nextFromNow = (row: Pick<ScheduleRow, "cron" | "interval_ms" | "timezone" | "start_at" | "end_at" | "created_at">) =>
    nextFireAfter(ruleOf(row), new Date());

  router.service(ScheduleService, {
    async createSchedule(request: CreateScheduleRequest) {
      const namespace = parseRequest(namespaceSchema, request.namespace, "namespace");
      const fields = toScheduleFields(request.schedule, config.maxPayloadBytes, context.webhookGuard);
      const createdAt = new Date();
      const nextRunAt = nextFireAfter(
        ruleOf({ cron: fields.cron, interval_ms: fields.intervalMs === null ? null : String(fields.intervalMs), timezone: fields.timezone, start_at: fields.startAt, end_at: fields.endAt, created_at: createdAt }),
        createdAt,
      );
      const row = await insertSchedule(db, { id: uuidv7(), namespace, fields, paused: request.schedule!.paused, nextRunAt, createdAt });
      hooks.kickScheduler();
      context.logger.info({ scheduleId: row.id, name: row.name, nextRunAt }, "schedule created");
      return { schedule: toProtoSchedule(row) };
    },

    async updateSchedule(request: UpdateScheduleRequest) {
      const { namespace, id } = parseRequest(scheduleRefSchema, request);
      const fields = toScheduleFields(request.schedule, config.maxPayloadBytes, context.webhookGuard);
      const row = await db.withTransaction((tx) => updateScheduleFields(tx, namespace, id, fields, nextFromNow));
      if (!row) return notFound(namespace, id);
      hooks.kickScheduler();
      return { schedule: toProtoSchedule(row) };
    },

    async getSchedule(request: GetScheduleRequest) {
      const { namespace, id } = parseRequest(scheduleRefSchema, request);
      const row = (await findSchedule(db, namespace, id)) ?? notFound(namespace, id);
      return { schedule: toProtoSchedule(row) };
    },

    async listSchedules(request: ListSchedulesRequest) {
      const params = parseRequest(listSchedulesSchema, request);
      const limit = params.pageSize || 100;
      const rows = await listSchedules(db, params.namespace, params.pageToken, limit + 1);
      const { page, nextPageToken } = pageOf(rows, limit, (row) => row.name);
      return { schedules: page.map(toProtoSchedule), nextPageToken };
    },

    async pauseSchedule(request: PauseScheduleRequest) {
      const { namespace, id } = parseRequest(scheduleRefSchema, request);
      const row = (await pauseSchedule(db, namespace, id)) ?? notFound(namespace, id);
      context.logger.info({ scheduleId: id }, "schedule paused");
      return { schedule: toProtoSchedule(row) };
    },

    async resumeSchedule(request: ResumeScheduleRequest) {
      const { namespace, id } = parseRequest(scheduleRefSchema, request);
      const row = (await db.withTransaction((tx) => resumeSchedule(tx, namespace, id, nextFromNow))) ?? notFound(namespace, id);
      hooks.kickScheduler();
      context.logger.info({ scheduleId: id }, "schedule resumed");
      return { schedule: toProtoSchedule(row) };
    },

    async deleteSchedule(request: DeleteScheduleRequest) {
      const { namespace, id } = parseRequest(scheduleRefSchema, request);
      if (!(await deleteSchedule(db, namespace, id))) notFound(namespace, id);
      context.logger.info({ scheduleId: id }, "schedule deleted");
      return {};
    },

    async triggerSchedule(request: TriggerScheduleRequest) {
      const { namespace, id } = parseRequest(scheduleRefSchema, request);
      const inserted = await db.withTransaction(async (tx) => {
        const { rows: [row] } = await tx.query<ScheduleRow & { db_now: Date }>(
          "select *, now() as db_now from schedules where namespace = $1 and id = $2 for update",
          [namespace, id],
        );
        if (!row) return notFound(namespace, id);
        // The fire time is now; jitter is not applied to a manual run.
        const job = { ...scheduledJob({ ...row, jitter_ms: 0 }, row.db_now, config.maxPayloadBytes, config.queueDefaults) };
        const [result] = await insertJobs(tx, namespace, [job], config, activeTraceCarrier());
        await recordFires(tx, row.id, { nextRunAt: row.next_run_at, queuedFireAt: row.queued_fire_at, lastFiredAt: row.db_now, lastJobId: result!.id });
        return result!;
      });
      context.kickOutbox();
      const job = inserted.row ?? (await findJob(db, namespace, inserted.id));
      if (!job) throw new NotFoundError(`job ${inserted.id} vanished right after it was fired`);
      context.logger.info({ scheduleId: id, jobId: job.id }, "schedule triggered");
      return { job: toProtoJob(job) };
    },
  });
}
