import type { ConnectRouter, HandlerContext } from "@connectrpc/connect";
import {
  JobService,
  type CancelJobRequest,
  type GetJobRequest,
  type ListJobsRequest,
  type RetryJobRequest,
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
import { cancelJob, retryJob } from "../jobs/job-commands.ts";
import { findAttempts, findEventsAfter, findJob, findJobWithLatestEvent, insertJobs, listJobs } from "../store/job-store.ts";
import { timestampSchema, toNewJob } from "./job-spec.ts";
import { fromProtoState, toProtoEvent, toProtoJob, toProtoState } from "./job-mapper.ts";
import { cancelReasonSchema, namespaceSchema, pageTokenSchema, parseRequest, queueNameSchema, jobTypeSchema, uuidSchema, pageOf } from "./request-validation.ts";
import { fromTimestamp } from "./time-conversions.ts";
import { activeTraceCarrier } from "../observability/tracing.ts";

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
});

export function registerJobService(router: ConnectRouter, context: ServerContext): void {
  const { db, config } = context;

  router.service(JobService, {
    async submitJob(request: SubmitJobRequest) {
      const namespace = parseRequest(namespaceSchema, request.namespace, "namespace");
      const job = toNewJob(request.job, "job", config.maxPayloadBytes, config.queueDefaults, context.webhookGuard);
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
      return { job: toProtoJob(row, await findAttempts(db, id)) };
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
        beforeId: params.pageToken,
        limit: limit + 1,
      });
      const { page, nextPageToken } = pageOf(rows, limit, (row) => row.id);
      return { jobs: page.map((row) => toProtoJob(row)), nextPageToken };
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
  });
}

/**
 * Streams the job as it stands, then each of its events until one reaches a terminal state. Woken
 * by the shared LISTEN connection, then reads the events it has not sent yet, so nothing is
 * skipped however the notifications are batched or delayed.
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
    const found = await findJobWithLatestEvent(context.db, namespace, id);
    if (!found) throw new NotFoundError(`job ${id} not found in namespace ${namespace}`);
    let lastSequence = found.latestEvent;
    yield { job: toProtoJob(found.job, await findAttempts(context.db, id)) } satisfies Partial<WatchJobResponse>;
    if (isTerminal(found.job.state)) return;
    for (;;) {
      await waitOrShutdown(wakeup, signal, context.shutdownSignal);
      for (const event of await findEventsAfter(context.db, id, lastSequence)) {
        lastSequence = event.id;
        if (!isTerminal(event.to_state)) {
          yield { event: toProtoEvent(event) };
          continue;
        }
        const job = await findJob(context.db, namespace, id);
        yield { event: toProtoEvent(event), job: job ? toProtoJob(job, await findAttempts(context.db, id)) : undefined };
        return;
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
