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
import type { MessageInitShape } from "@bufbuild/protobuf";
import { LeaseOutcomeSchema, LeasedJobsSchema, type LeaseResponseSchema } from "@conveyor/client/gen/conveyor/v1/worker_service_pb.js";
import { z } from "zod";
import { identityKey, requireNamespace } from "../auth/index.ts";
import { InvalidArgumentError, ResourceExhaustedError, UnavailableError } from "../errors/conveyor-error.ts";
import { WorkerSession } from "../dispatch/worker-session.ts";
import type { Payload } from "@conveyor/client/gen/conveyor/v1/job_pb.js";
import { extendLeases, leaseKey, type LeasedRow, type LeaseRef } from "../store/lease-store.ts";
import type { ExecutionContext } from "../server-context.ts";
import { toPayload, toProtoJob } from "./job-mapper.ts";
import { withJobSpans } from "../observability/tracing.ts";
import { toStoredPayload } from "./job-spec.ts";
import { jobTypeSchema, namespaceSchema, parseRequest, queueNameSchema, uuidSchema } from "./request-validation.ts";
import { durationToMs, msToDuration, toTimestamp } from "./time-conversions.ts";

const MAX_BATCH = 1000;

const leaseOpenSchema = z.object({
  namespace: namespaceSchema,
  workerId: z.string().min(1, "is required").max(200, "must be at most 200 characters"),
  queues: z.array(queueNameSchema).min(1, "needs at least one queue").max(100, "at most 100 queues"),
  jobTypes: z.array(jobTypeSchema).max(1000, "at most 1000 job types"),
  capacity: z.number().int().min(1, "must be from 1 to 10000").max(10_000, "must be from 1 to 10000"),
});

const leaseRefSchema = z.object({ jobId: uuidSchema, leaseId: uuidSchema });
const batchOf = (what: string) => z.array(z.unknown()).min(1, `needs at least one ${what}`).max(MAX_BATCH, `at most ${MAX_BATCH} per call`);

function refOf(lease: { jobId: string; leaseId: string } | undefined, field: string, namespace: string): LeaseRef {
  if (!lease) throw new InvalidArgumentError(field, "is required");
  return { ...parseRequest(leaseRefSchema, lease, field), namespace };
}

const REFUSED = {
  code: "FAILED_PRECONDITION",
  message: "the lease is not held: it expired, the job was cancelled or timed out, or it was already reported",
};

function outcome(jobId: string, accepted: boolean, extra: Pick<LeaseOutcome, "leaseExpiresAt"> | {} = {}): LeaseOutcome {
  return create(LeaseOutcomeSchema, accepted ? { jobId, accepted, ...extra } : { jobId, accepted, ...REFUSED });
}

export function registerWorkerService(router: ConnectRouter, context: ExecutionContext): void {
  const { config, reporter } = context;

  router.service(WorkerService, {
    lease: (requests: AsyncIterable<LeaseRequest>, handlerContext: HandlerContext) => lease(context, requests, handlerContext),

    async heartbeat(request: HeartbeatRequest) {
      const namespace = parseRequest(namespaceSchema, request.namespace, "namespace");
      parseRequest(batchOf("lease"), request.leases, "leases");
      const refs = request.leases.map((lease, i) => refOf(lease, `leases[${i}]`, namespace));
      const extended = await extendLeases(context.db, namespace, refs, config.leaseTtlMs);
      return {
        leases: refs.map((ref) => {
          const expiresAt = extended.get(leaseKey(ref));
          return outcome(ref.jobId, expiresAt !== undefined, { leaseExpiresAt: toTimestamp(expiresAt) });
        }),
      };
    },

    async complete(request: CompleteRequest) {
      const namespace = parseRequest(namespaceSchema, request.namespace, "namespace");
      parseRequest(batchOf("completion"), request.completions, "completions");
      const refused = new Map<number, LeaseOutcome>();
      const items = request.completions.flatMap((completion, i) => {
        const ref = refOf(completion.lease, `completions[${i}].lease`, namespace);
        try {
          const { payload, payloadBytes } = toStoredPayload(completion.result, `completions[${i}].result`, config.maxPayloadBytes);
          return [{ ...ref, index: i, result: payload, resultBytes: payloadBytes, traceContext: completion.traceContext }];
        } catch (error) {
          // One oversized result refuses that item only; the rest of the batch goes through.
          if (!(error instanceof ResourceExhaustedError)) throw error;
          refused.set(i, create(LeaseOutcomeSchema, { jobId: ref.jobId, accepted: false, code: "RESOURCE_EXHAUSTED", message: error.message }));
          return [];
        }
      });
      const accepted = items.length > 0 ? await withJobSpans("conveyor.job.complete", items, () => reporter.complete(items)) : [];
      const results = new Array<LeaseOutcome>(request.completions.length);
      items.forEach((item, k) => (results[item.index] = outcome(item.jobId, accepted[k]!)));
      for (const [i, result] of refused) results[i] = result;
      return { results };
    },

    async fail(request: FailRequest) {
      const namespace = parseRequest(namespaceSchema, request.namespace, "namespace");
      parseRequest(batchOf("failure"), request.failures, "failures");
      const items = request.failures.map((failure, i) => {
        const ref = refOf(failure.lease, `failures[${i}].lease`, namespace);
        const error = parseRequest(z.string().max(10_000, "must be at most 10000 characters"), failure.error, `failures[${i}].error`);
        return {
          ...ref,
          error: error || "failed without a message",
          nonRetryable: failure.nonRetryable,
          retryAfterMs: failure.retryAfter ? Math.max(0, durationToMs(failure.retryAfter)) : null,
          outcome: "FAILED" as const,
          traceContext: failure.traceContext,
        };
      });
      const accepted = await withJobSpans("conveyor.job.fail", items, () => reporter.fail(items));
      return { results: items.map((item, i) => outcome(item.jobId, accepted[i]!)) };
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
  requireNamespace(identity, first.value.message.value.namespace, "open.namespace");
  const open = parseRequest(leaseOpenSchema, first.value.message.value, "open");
  const session = new WorkerSession(open);
  const log = context.logger.child({ workerId: open.workerId, namespace: open.namespace, subject: identity.subject });
  const signal = AbortSignal.any([handlerContext.signal, context.shutdownSignal]);
  const onAbort = () => session.close();
  signal.addEventListener("abort", onAbort, { once: true });

  // The rest of the client's stream: a drain request, then its end.
  void (async () => {
    try {
      for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
        if (next.value.message.case === "drain") {
          session.drain();
          log.info("worker draining");
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
    // An empty first message: the worker learns at once that its LeaseOpen was accepted.
    yield { message: { case: "jobs", value: create(LeasedJobsSchema, { jobs: [] }) } };
    for await (const message of session.outbox) {
      if (message.kind === "jobs") yield { message: { case: "jobs", value: create(LeasedJobsSchema, { jobs: message.jobs.map(toLeasedJob) }) } } satisfies Partial<LeaseResponse>;
      else {
        const { jobId, leaseId, reason, code } = message;
        yield { message: { case: "cancellation", value: { jobId, leaseId, reason, reasonCode: CancellationReason[code] } } };
      }
    }
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
