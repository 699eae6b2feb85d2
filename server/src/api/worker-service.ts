import { create } from "@bufbuild/protobuf";
import type { ConnectRouter, HandlerContext } from "@connectrpc/connect";
import {
  CancellationReason,
  LeasedJobSchema,
  WorkerService,
  type CompleteRequest,
  type FailRequest,
  type HeartbeatRequest,
  type LeaseRequest,
  type LeaseResponse,
  type LeaseOutcome,
} from "@conveyor/client/gen/conveyor/v1/worker_service_pb.js";
import type { DescMessage, MessageInitShape } from "@bufbuild/protobuf";
import {
  CompletionSchema,
  FailureSchema,
  LeaseOutcomeSchema,
  LeaseRefSchema,
  LeasedJobsSchema,
  type LeaseResponseSchema,
} from "@conveyor/client/gen/conveyor/v1/worker_service_pb.js";
import { z } from "zod";
import { identityKey, requireNamespace } from "../auth/index.ts";
import { ConveyorError, InvalidArgumentError, UnavailableError } from "../errors/conveyor-error.ts";
import { WorkerSession } from "../dispatch/worker-session.ts";
import type { Payload } from "@conveyor/client/gen/conveyor/v1/job_pb.js";
import { extendLeases, leaseKey, type LeasedRow, type LeaseRef } from "../store/lease-store.ts";
import type { ExecutionContext } from "../server-context.ts";
import { toPayload, toProtoJob } from "./job-mapper.ts";
import { withJobSpans } from "../observability/tracing.ts";
import { toStoredPayload } from "./job-spec.ts";
import { checkRequestMessage, jobTypeSchema, namespaceSchema, parseRequest, queueNameSchema, uuidSchema } from "./request-validation.ts";
import { durationToMs, msToDuration, toTimestamp } from "./time-conversions.ts";
import { storeReportBatch } from "../job-reports/report-intake.ts";

const MAX_BATCH = 1000;

const leaseOpenSchema = z.object({
  namespace: namespaceSchema,
  workerId: z.string().min(1, "is required").max(200, "must be at most 200 characters"),
  queues: z.array(queueNameSchema).min(1, "needs at least one queue").max(100, "at most 100 queues"),
  jobTypes: z.array(jobTypeSchema).max(1000, "at most 1000 job types"),
  capacity: z.number().int().min(1, "must be from 1 to 10000").max(10_000, "must be from 1 to 10000"),
  // Free-form for operators, unchecked as before; kept for AdminService.ListWorkers.
  labels: z.record(z.string(), z.string()),
});

const leaseRefSchema = z.object({ jobId: uuidSchema, leaseId: uuidSchema });
const batchOf = (what: string) => z.array(z.unknown()).min(1, `needs at least one ${what}`).max(MAX_BATCH, `at most ${MAX_BATCH} per call`);

/** Failure.error: longer ones are cut to this many characters, the marker included. */
export const MAX_FAILURE_ERROR_CHARS = 10_000;
const TRUNCATED = "… (truncated)";

function refOf(lease: { jobId: string; leaseId: string } | undefined, field: string, namespace: string): LeaseRef {
  if (!lease) throw new InvalidArgumentError(field, "is required");
  return { ...parseRequest(leaseRefSchema, lease, field), namespace };
}

const REFUSED = {
  code: "FAILED_PRECONDITION",
  message: "the lease is not held: it expired, the job was cancelled or timed out, or it was already reported",
};

function outcome(ref: { jobId: string; leaseId: string }, accepted: boolean, extra: Pick<LeaseOutcome, "leaseExpiresAt"> | {} = {}): LeaseOutcome {
  const key = { jobId: ref.jobId, leaseId: ref.leaseId };
  return create(LeaseOutcomeSchema, accepted ? { ...key, accepted, ...extra } : { ...key, accepted, ...REFUSED });
}

/**
 * Judges each item of a batch on its own: an item that breaks a rule of its own (a malformed
 * lease, a result over the size limit) is answered with its code and a message naming the field,
 * and its neighbours go on. Only batch-wide problems (namespace, batch size) fail the call.
 */
function judgeEach<I extends object, T>(
  itemDesc: DescMessage,
  items: readonly I[],
  field: string,
  leaseOf: (item: I) => { jobId: string; leaseId: string } | undefined,
  judge: (item: I, at: string) => T,
): { ready: { index: number; value: T }[]; answers: LeaseOutcome[] } {
  const ready: { index: number; value: T }[] = [];
  const answers = new Array<LeaseOutcome>(items.length);
  items.forEach((item, index) => {
    try {
      // The rules for every field (no NUL or lone surrogate, finite numbers, valid times), per
      // item: the request gate leaves these batches to us (request-validation.ts, ITEM_JUDGED).
      checkRequestMessage(itemDesc, item, `${field}[${index}]`);
      ready.push({ index, value: judge(item, `${field}[${index}]`) });
    } catch (error) {
      if (!(error instanceof ConveyorError) || (error.kind !== "invalid_argument" && error.kind !== "resource_exhausted")) throw error;
      const { jobId = "", leaseId = "" } = leaseOf(item) ?? {};
      answers[index] = create(LeaseOutcomeSchema, { jobId, leaseId, accepted: false, code: error.kind.toUpperCase(), message: error.message });
    }
  });
  return { ready, answers };
}

/** Keeps at most MAX_FAILURE_ERROR_CHARS characters (code points, so a surrogate pair is never split). */
function boundedError(error: string): string {
  if (error.length <= MAX_FAILURE_ERROR_CHARS) return error;
  const chars = [...error.slice(0, 2 * MAX_FAILURE_ERROR_CHARS)];
  if (chars.length <= MAX_FAILURE_ERROR_CHARS) return error;
  return chars.slice(0, MAX_FAILURE_ERROR_CHARS - TRUNCATED.length).join("") + TRUNCATED;
}

export function registerWorkerService(router: ConnectRouter, context: ExecutionContext): void {
  const { config, reporter } = context;

  router.service(WorkerService, {
    lease: (requests: AsyncIterable<LeaseRequest>, handlerContext: HandlerContext) => lease(context, requests, handlerContext),

    async heartbeat(request: HeartbeatRequest) {
      const namespace = parseRequest(namespaceSchema, request.namespace, "namespace");
      parseRequest(batchOf("lease"), request.leases, "leases");
      const { ready, answers } = judgeEach(LeaseRefSchema, request.leases, "leases", (lease) => lease, (lease, at) => refOf(lease, at, namespace));
      const refs = ready.map((r) => r.value);
      const extended = refs.length > 0 ? await extendLeases(context.db, namespace, refs, config.leaseTtlMs) : new Map<string, Date>();
      for (const { index, value: ref } of ready) {
        const expiresAt = extended.get(leaseKey(ref));
        answers[index] = outcome(ref, expiresAt !== undefined, { leaseExpiresAt: toTimestamp(expiresAt) });
      }
      return { leases: answers };
    },

    async complete(request: CompleteRequest) {
      const namespace = parseRequest(namespaceSchema, request.namespace, "namespace");
      parseRequest(batchOf("completion"), request.completions, "completions");
      const { ready, answers } = judgeEach(CompletionSchema, request.completions, "completions", (completion) => completion.lease, (completion, at) => {
        const ref = refOf(completion.lease, `${at}.lease`, namespace);
        const { payload, payloadBytes } = toStoredPayload(completion.result, `${at}.result`, config.maxPayloadBytes);
        return { ...ref, result: payload, resultBytes: payloadBytes, traceContext: completion.traceContext };
      });
      const items = ready.map((r) => r.value);
      const accepted = items.length > 0 ? await withJobSpans("conveyor.job.complete", items, () => reporter.complete(items)) : [];
      ready.forEach(({ index, value }, k) => (answers[index] = outcome(value, accepted[k]!)));
      return { results: answers };
    },

    async fail(request: FailRequest) {
      const namespace = parseRequest(namespaceSchema, request.namespace, "namespace");
      parseRequest(batchOf("failure"), request.failures, "failures");
      const { ready, answers } = judgeEach(FailureSchema, request.failures, "failures", (failure) => failure.lease, (failure, at) => ({
        ...refOf(failure.lease, `${at}.lease`, namespace),
        // A long error is cut, never refused: refusing it would keep the job from failing.
        error: boundedError(failure.error) || "failed without a message",
        nonRetryable: failure.nonRetryable,
        retryAfterMs: failure.retryAfter ? Math.max(0, durationToMs(failure.retryAfter)) : null,
        outcome: "FAILED" as const,
        traceContext: failure.traceContext,
      }));
      const items = ready.map((r) => r.value);
      const accepted = items.length > 0 ? await withJobSpans("conveyor.job.fail", items, () => reporter.fail(items)) : [];
      ready.forEach(({ index, value }, k) => (answers[index] = outcome(value, accepted[k]!)));
      return { results: answers };
    },
  });
}

/**
 * One worker's stream: the first message says what it runs; then jobs flow to it as it has room,
 * until it drains and closes, or disconnects. Jobs it still holds when the stream ends are lost
 * attempts, retried at once: the worker may have died mid-job.
 */
async function* lease(
  context: ExecutionContext,
  requests: AsyncIterable<LeaseRequest>,
  handlerContext: HandlerContext,
): AsyncGenerator<MessageInitShape<typeof LeaseResponseSchema>> {
  const iterator = requests[Symbol.asyncIterator]();
  const first = await iterator.next();
  if (first.done || first.value.message.case !== "open") throw new InvalidArgumentError("open", "the first message must be LeaseOpen");
  // LeaseRequest has no namespace of its own, so the auth interceptor leaves this check to us.
  const identity = handlerContext.values.get(identityKey);
  requireNamespace(identity, first.value.message.value.namespace, "open.namespace", "worker");
  const open = parseRequest(leaseOpenSchema, first.value.message.value, "open");
  const session = new WorkerSession(open);
  const log = context.logger.child({ workerId: open.workerId, namespace: open.namespace, subject: identity.subject });
  const signal = AbortSignal.any([handlerContext.signal, context.shutdownSignal]);
  const onAbort = () => session.close();
  signal.addEventListener("abort", onAbort, { once: true });

  // The rest of the client's stream: a drain request, then its end. A second LeaseOpen is a
  // worker bug (it cannot change what the stream runs): refused, not ignored, so the bug shows.
  let refusal: InvalidArgumentError | undefined;
  void (async () => {
    try {
      for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
        if (next.value.message.case === "drain") {
          session.drain();
          log.info("worker draining");
        } else if (next.value.message.case === "open") {
          refusal = new InvalidArgumentError("open", "LeaseOpen may be sent only once per stream; open a new stream to change what the worker runs");
          log.warn("worker sent a second LeaseOpen; ending its stream");
          break;
        } else if (next.value.message.case === "reports") {
          // Stored one batch at a time, in order: a worker that floods reports waits on its own
          // stream (HTTP/2 flow control), not on anyone else's.
          const batch = next.value.message.value;
          await storeReportBatch(context.db, context.config, open.namespace, batch, log).catch((error) =>
            log.warn({ err: error, batch: batch.batch }, "could not store job reports; they are dropped"),
          );
          session.reportsStored(batch.batch);
        }
      }
    } catch {
      // The stream broke; the abort signal or the end of the outbox handles it.
    }
    session.close();
  })();

  await context.dispatcher.attach(session);
  log.info({ queues: open.queues, capacity: open.capacity }, "worker connected");
  try {
    // An empty first message: the worker learns at once that its LeaseOpen was accepted, and how
    // long its leases last (so how often to heartbeat).
    yield { message: { case: "jobs", value: create(LeasedJobsSchema, { jobs: [], leaseTtl: msToDuration(context.config.leaseTtlMs) }) } };
    for await (const message of session.outbox) {
      if (message.kind === "jobs") yield { message: { case: "jobs", value: create(LeasedJobsSchema, { jobs: message.jobs.map(toLeasedJob) }) } } satisfies Partial<LeaseResponse>;
      else if (message.kind === "reportsStored") yield { message: { case: "reportsStored", value: { batch: message.batch } } };
      else {
        const { jobId, leaseId, reason, code } = message;
        yield { message: { case: "cancellation", value: { jobId, leaseId, reason, reasonCode: CancellationReason[code] } } };
      }
    }
    if (refusal) throw refusal;
  } finally {
    signal.removeEventListener("abort", onAbort);
    const held = [...session.held.entries()];
    await context.dispatcher.detach(session);
    // On this server's own shutdown the leases stay: they live in Postgres, and the worker carries
    // on, reconnects to another server, and heartbeats and reports them there.
    if (held.length > 0 && !context.shutdownSignal.aborted) {
      log.warn({ jobs: held.length }, "worker stream closed while holding jobs; their attempts are lost and retried");
      await context.reporter
        .fail(
          held.map(([jobId, { leaseId }]) => ({
            jobId,
            leaseId,
            error: "the worker's stream closed while it held the job",
            nonRetryable: false,
            retryAfterMs: 0,
            outcome: "LOST" as const,
          })),
        )
        .catch((error) => log.warn({ err: error }, "could not end lost attempts; their leases will expire"));
    }
    log.info("worker disconnected");
  }
  if (context.shutdownSignal.aborted) throw new UnavailableError("the server is shutting down; reconnect");
}

function toLeasedJob(row: LeasedRow) {
  const parentResults: Record<string, Payload> = {};
  for (const [task, result] of row.parent_results ?? []) {
    const payload = toPayload(result.json, result.bytes);
    if (payload) parentResults[task] = payload;
  }
  return create(LeasedJobSchema, {
    job: toProtoJob(row),
    leaseId: row.lease_id!,
    leaseExpiresAt: toTimestamp(row.lease_expires_at),
    timeout: msToDuration(row.timeout_ms),
    traceContext: row.trace_context ?? {},
    parentResults,
  });
}
