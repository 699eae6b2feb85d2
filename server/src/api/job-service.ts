import type { ConnectRouter, HandlerContext } from "@connectrpc/connect";
import {
  JobService,
  type CancelJobRequest,
  type GetJobRequest,
  type ListJobEventsRequest,
  type ListJobLogsRequest,
  type ListJobsRequest,
  type RetryJobRequest,
  type RetryJobsRequest,
  type SubmitJobRequest,
  type SubmitJobsRequest,
  type WatchJobRequest,
  type WatchJobResponse,
} from "@conveyor/client/gen/conveyor/v1/job_service_pb.js";
import type { MessageInitShape } from "@bufbuild/protobuf";
import type { WatchJobResponseSchema } from "@conveyor/client/gen/conveyor/v1/job_service_pb.js";
import { z } from "zod";
import { NotFoundError, UnavailableError } from "../errors/conveyor-error.ts";
import { Wakeup } from "../events/wakeup.ts";
import { isTerminal } from "../jobs/job-state-machine.ts";
import type { ServerContext } from "../server-context.ts";
import { cancelJob, retryJob, retryJobs } from "../jobs/job-commands.ts";
import { findAttempts, findEventsAfter, findJob, findJobWithLatestEvent, findRetryCandidates, insertJobs, listJobEvents, listJobs } from "../store/job-store.ts";
import { labelsSchema, requireEmailDelivery, timestampSchema, toNewJob } from "./job-spec.ts";
import { fromProtoState, toProtoEvent, toProtoJob, toProtoState } from "./job-mapper.ts";
import { renderRows } from "./render-rows.ts";
import { cancelReasonSchema, namespaceSchema, pageTokenSchema, parseRequest, queueNameSchema, jobTypeSchema, uuidSchema, pageOf } from "./request-validation.ts";
import { fromTimestamp } from "./time-conversions.ts";
import { activeTraceCarrier } from "../observability/tracing.ts";
import { findJobReport, findReportsOfJobsAfter, latestReportSequence, listJobLogs } from "../store/job-report-store.ts";
import { mergeBySequence, toProtoLogLine, toProtoProgress } from "../job-reports/report-mapper.ts";

const MAX_BATCH = 1000;

const jobRefSchema = z.object({ namespace: namespaceSchema, id: uuidSchema });

const listJobsSchema = z.object({
  namespace: namespaceSchema,
  queue: z.literal("").or(queueNameSchema),
  type: z.literal("").or(jobTypeSchema),
  states: z.array(z.number().int().refine((s) => fromProtoState(s) !== undefined, "must name a job state")),
  createdAfter: timestampSchema.optional(),
  createdBefore: timestampSchema.optional(),
  pageSize: z.number().int().min(0, "must be from 1 to 1000 (0 means 100)").max(MAX_BATCH, "must be from 1 to 1000 (0 means 100)"),
  pageToken: pageTokenSchema("ListJobs"),
  labels: labelsSchema.pipe(
    z.record(z.string(), z.string().refine(isStorableText, "label values must not contain NUL characters or unpaired surrogates")).refine(
      (labels) => Object.keys(labels).length <= 20,
      "at most 20 labels to filter by",
    ),
  ),
});

/** Text PostgreSQL can hold: no NUL character, no unpaired UTF-16 surrogate. */
function isStorableText(text: string): boolean {
  return text.isWellFormed() && !text.includes("\0");
}

/** The most jobs one RetryJobs transaction moves. */
const RETRY_BATCH = 500;
const MAX_RETRY_LIMIT = 100_000;
const RETRYABLE_STATES = new Set(["DEAD", "CANCELLED"]);

const retryJobsSchema = z
  .object({
    namespace: namespaceSchema,
    ids: z
      .array(uuidSchema)
      .max(MAX_BATCH, `at most ${MAX_BATCH} ids per call`)
      .transform((ids) => [...new Set(ids)]),
    filter: z
      .object({
        queue: z.literal("").or(queueNameSchema),
        type: z.literal("").or(jobTypeSchema),
        states: z.array(
          z
            .number()
            .int()
            .transform((s) => fromProtoState(s))
            .refine((s) => s !== undefined && RETRYABLE_STATES.has(s), "must be JOB_STATE_DEAD or JOB_STATE_CANCELLED (the states RetryJob revives)"),
        ),
        lastError: z.string().max(10_000, "must be at most 10000 characters").refine(isStorableText, "must not contain NUL characters or unpaired surrogates"),
      })
      .optional(),
    limit: z.number().int().min(0, `must be from 1 to ${MAX_RETRY_LIMIT} (0 means 1000)`).max(MAX_RETRY_LIMIT, `must be from 1 to ${MAX_RETRY_LIMIT} (0 means 1000)`),
  })
  .superRefine((request, ctx) => {
    if ((request.ids.length > 0) === (request.filter !== undefined)) {
      ctx.addIssue({ code: "custom", path: ["ids"], message: "exactly one of ids and filter must be set" });
    }
  });

/** A ListJobEvents cursor: the last event's sequence number, base64url-encoded. */
const eventPageTokenSchema = z.string().transform((token, ctx) => {
  if (!token) return "0";
  const sequence = Buffer.from(token, "base64url").toString("utf8");
  if (!/^[1-9][0-9]{0,18}$/.test(sequence)) {
    ctx.addIssue({ code: "custom", message: "is not a token from a previous ListJobEvents response" });
    return z.NEVER;
  }
  return sequence;
});

const listJobEventsSchema = jobRefSchema.extend({
  pageSize: z.number().int().min(0, "must be from 1 to 1000 (0 means 1000)").max(MAX_BATCH, "must be from 1 to 1000 (0 means 1000)"),
  pageToken: eventPageTokenSchema,
});

const listJobLogsSchema = z.object({
  namespace: namespaceSchema,
  jobId: uuidSchema,
  pageSize: z.number().int().min(0, "must be from 1 to 1000 (0 means 100)").max(MAX_BATCH, "must be from 1 to 1000 (0 means 100)"),
  // The last line's sequence, base64url-encoded.
  pageToken: z.string().transform((token, ctx) => {
    if (!token) return "0";
    const sequence = Buffer.from(token, "base64url").toString("utf8");
    if (!/^[1-9][0-9]{0,18}$/.test(sequence)) {
      ctx.addIssue({ code: "custom", message: "is not a token from a previous ListJobLogs response" });
      return z.NEVER;
    }
    return sequence;
  }),
});

export function registerJobService(router: ConnectRouter, context: ServerContext): void {
  const { db, config } = context;

  router.service(JobService, {
    async submitJob(request: SubmitJobRequest) {
      const namespace = parseRequest(namespaceSchema, request.namespace, "namespace");
      const job = toNewJob(request.job, "job", config.maxPayloadBytes, config.queueDefaults, context.webhookGuard);
      requireEmailDelivery(job.notifications, "job", config.smtpUrl !== undefined);
      const [inserted] = await insertJobs(db, namespace, [job], config, activeTraceCarrier());
      context.jobsCommitted(namespace, [inserted!]);
      if (inserted!.created) context.metrics.countJobs(context.metrics.jobsSubmitted, [{ namespace, queue: job.queue, type: job.type }]);
      const row = inserted!.row ?? (await findJob(db, namespace, inserted!.id));
      if (!row) throw new NotFoundError(`job ${inserted!.id} vanished right after it was submitted`);
      context.logger.debug({ jobId: row.id, queue: row.queue, type: row.type, created: inserted!.created }, "job submitted");
      return { job: toProtoJob(row), created: inserted!.created };
    },

    async submitJobs(request: SubmitJobsRequest) {
      const namespace = parseRequest(namespaceSchema, request.namespace, "namespace");
      parseRequest(z.array(z.unknown()).min(1, "needs at least one job").max(MAX_BATCH, `at most ${MAX_BATCH} jobs per call`), request.jobs, "jobs");
      const jobs = request.jobs.map((spec, i) => toNewJob(spec, `jobs[${i}]`, config.maxPayloadBytes, config.queueDefaults, context.webhookGuard));
      jobs.forEach((job, i) => requireEmailDelivery(job.notifications, `jobs[${i}]`, config.smtpUrl !== undefined));
      const inserted = await insertJobs(db, namespace, jobs, config, activeTraceCarrier());
      context.jobsCommitted(namespace, inserted);
      context.metrics.countJobs(
        context.metrics.jobsSubmitted,
        jobs.filter((_, i) => inserted[i]!.created).map((job) => ({ namespace, queue: job.queue, type: job.type })),
      );
      return { jobs: inserted.map((job) => ({ id: job.id, state: toProtoState(job.state), created: job.created })) };
    },

    async getJob(request: GetJobRequest) {
      const { namespace, id } = parseRequest(jobRefSchema, request);
      const row = await findJob(db, namespace, id);
      if (!row) throw new NotFoundError(`job ${id} not found in namespace ${namespace}`);
      const [attempts, report] = await Promise.all([findAttempts(db, id), findJobReport(db, id)]);
      return { job: toProtoJob(row, attempts, report) };
    },

    async listJobLogs(request: ListJobLogsRequest) {
      const { namespace, jobId, pageSize, pageToken } = parseRequest(listJobLogsSchema, request);
      if (!(await findJob(db, namespace, jobId))) throw new NotFoundError(`job ${jobId} not found in namespace ${namespace}`);
      const limit = pageSize || 100;
      const [rows, report] = await Promise.all([listJobLogs(db, jobId, pageToken, limit + 1), findJobReport(db, jobId)]);
      const { page, nextPageToken } = pageOf(rows, limit, (row) => row.id);
      return { lines: page.map(toProtoLogLine), nextPageToken, dropped: report ? BigInt(report.log_lines_dropped) : 0n };
    },

    async listJobs(request: ListJobsRequest) {
      const params = parseRequest(listJobsSchema, request);
      const limit = params.pageSize || 100;
      const rows = await listJobs(db, {
        namespace: params.namespace,
        queue: params.queue || undefined,
        type: params.type || undefined,
        states: params.states.map((s) => fromProtoState(s)!),
        createdAfter: request.createdAfter ? fromTimestamp(request.createdAfter) : undefined,
        createdBefore: request.createdBefore ? fromTimestamp(request.createdBefore) : undefined,
        labels: params.labels,
        beforeId: params.pageToken,
        limit: limit + 1,
      });
      const { page, nextPageToken } = pageOf(rows, limit, (row) => row.id);
      return { jobs: renderRows(page, (row) => toProtoJob(row), context.logger, "job"), nextPageToken };
    },

    async cancelJob(request: CancelJobRequest) {
      const { namespace, id } = parseRequest(jobRefSchema, request);
      const reason = parseRequest(cancelReasonSchema, request.reason, "reason");
      const row = await cancelJob(db, namespace, id, reason || "cancelled by request");
      // A cancelled workflow task may release tasks that depend on it: their announcements wait in the outbox.
      context.kickOutbox();
      context.logger.info({ jobId: id, reason }, "job cancelled");
      return { job: toProtoJob(row) };
    },

    async retryJob(request: RetryJobRequest) {
      const { namespace, id } = parseRequest(jobRefSchema, request);
      const row = await retryJob(db, namespace, id);
      context.kickOutbox();
      context.logger.info({ jobId: id }, "job revived by RetryJob");
      return { job: toProtoJob(row) };
    },

    watchJob: (request: WatchJobRequest, handlerContext: HandlerContext) => watchJob(context, request, handlerContext),

    async retryJobs(request: RetryJobsRequest) {
      const params = parseRequest(retryJobsSchema, request);
      const retriedIds: string[] = [];
      let more = false;
      if (params.filter === undefined) {
        for (let i = 0; i < params.ids.length; i += RETRY_BATCH) {
          const rows = await retryJobs(db, params.namespace, params.ids.slice(i, i + RETRY_BATCH));
          retriedIds.push(...rows.map((row) => row.id));
        }
      } else {
        const limit = params.limit || 1000;
        const filter = {
          namespace: params.namespace,
          queue: params.filter.queue || undefined,
          type: params.filter.type || undefined,
          states: params.filter.states.length > 0 ? params.filter.states.map((s) => s!) : ["DEAD" as const],
          lastError: params.filter.lastError || undefined,
        };
        let afterId: string | undefined;
        // Candidates are walked once, in id order: a job that changed state meanwhile is passed over.
        while (retriedIds.length < limit) {
          const ids = await findRetryCandidates(db, { ...filter, afterId, limit: Math.min(RETRY_BATCH, limit - retriedIds.length) });
          if (ids.length === 0) break;
          afterId = ids.at(-1);
          const rows = await retryJobs(db, params.namespace, ids);
          retriedIds.push(...rows.map((row) => row.id));
        }
        if (retriedIds.length >= limit) more = (await findRetryCandidates(db, { ...filter, afterId, limit: 1 })).length > 0;
      }
      if (retriedIds.length > 0) context.kickOutbox();
      context.logger.info({ namespace: params.namespace, retried: retriedIds.length, byFilter: params.filter !== undefined }, "jobs revived by RetryJobs");
      return { retried: retriedIds.length, retriedIds, more };
    },

    async listJobEvents(request: ListJobEventsRequest) {
      const params = parseRequest(listJobEventsSchema, request);
      if (!(await findJob(db, params.namespace, params.id))) throw new NotFoundError(`job ${params.id} not found in namespace ${params.namespace}`);
      const limit = params.pageSize || MAX_BATCH;
      const rows = await listJobEvents(db, params.id, params.pageToken, limit + 1);
      const page = rows.slice(0, limit);
      const nextPageToken = rows.length > limit ? Buffer.from(page.at(-1)!.id).toString("base64url") : "";
      return { events: page.map(toProtoEvent), nextPageToken };
    },
  });
}

/**
 * Streams the job as it stands, then each of its events, progress reports and log lines until an
 * event reaches a terminal state. Woken by the shared LISTEN connection, then reads what it has
 * not sent yet after one cursor (events and reports share one sequence), so nothing is skipped
 * however the notifications are batched or delayed.
 */
async function* watchJob(
  context: ServerContext,
  request: WatchJobRequest,
  handlerContext: HandlerContext,
): AsyncGenerator<MessageInitShape<typeof WatchJobResponseSchema>> {
  const { namespace, id } = parseRequest(jobRefSchema, request);
  const signal = AbortSignal.any([handlerContext.signal, context.shutdownSignal]);
  const wakeup = new Wakeup();
  // Subscribe before reading, so that a change between the read and the subscription still wakes us.
  const unsubscribe = context.jobChanges.subscribe(id, () => wakeup.notify());
  try {
    // Reports before events, here and below: a transition committed after a report has a higher
    // sequence than it, so the cursor never passes an event not yet read (see 0013-job-reports.ts).
    const latestReport = (await latestReportSequence(context.db, [id])).get(id) ?? "0";
    const found = await findJobWithLatestEvent(context.db, namespace, id);
    if (!found) throw new NotFoundError(`job ${id} not found in namespace ${namespace}`);
    let cursor = BigInt(found.latestEvent) > BigInt(latestReport) ? found.latestEvent : latestReport;
    const [attempts, report] = await Promise.all([findAttempts(context.db, id), findJobReport(context.db, id)]);
    yield { job: toProtoJob(found.job, attempts, report) } satisfies Partial<WatchJobResponse>;
    if (isTerminal(found.job.state)) return;
    for (;;) {
      await waitOrShutdown(wakeup, signal, context.shutdownSignal);
      const reports = await findReportsOfJobsAfter(context.db, new Map([[id, cursor]]));
      const events = await findEventsAfter(context.db, id, cursor);
      for (const item of mergeBySequence(events, reports)) {
        cursor = item.sequence.toString();
        if (item.kind === "log") yield { log: item.log };
        else if (item.kind === "progress") yield { progress: item.progress };
        else if (!isTerminal(item.event.to_state)) yield { event: toProtoEvent(item.event) };
        else {
          const job = await findJob(context.db, namespace, id);
          const [finalAttempts, finalReport] = await Promise.all([findAttempts(context.db, id), findJobReport(context.db, id)]);
          yield { event: toProtoEvent(item.event), job: job ? toProtoJob(job, finalAttempts, finalReport) : undefined };
          return;
        }
      }
    }
  } finally {
    unsubscribe();
  }
}

export async function waitOrShutdown(wakeup: Wakeup, signal: AbortSignal, shutdownSignal: AbortSignal): Promise<void> {
  try {
    await wakeup.wait(signal);
  } catch (error) {
    // Clients reconnect to another server on UNAVAILABLE; CANCELLED would tell them to give up.
    if (shutdownSignal.aborted) throw new UnavailableError("the server is shutting down; watch again to continue");
    throw error;
  }
}
