import type { Payload } from "@conveyor/client/gen/conveyor/v1/job_pb.js";
import { coerceError, WorkerShutdownError, type FailureReport } from "./errors.ts";
import type { HeldJob } from "./held-job.ts";
import type { Job, JobContext } from "./job-context.ts";
import { encodeResult } from "./payload.ts";

/** What a handler run comes to: a result to Complete with, or a failure to Fail with. */
export type HandlerOutcome = { ok: true; result: Payload | undefined } | { ok: false; failure: FailureReport };

/** Handlers as the registry stores them: the payload's static type is the caller's business. */
export type AnyJobHandler = (job: Job<never>, ctx: JobContext) => unknown;

/** The `ctx` a handler gets; leaseExpiresAt follows the accepted heartbeats. */
export function createJobContext(job: HeldJob, heartbeat: (job: HeldJob) => Promise<void>): JobContext {
  return {
    signal: job.signal,
    heartbeat: () => heartbeat(job),
    log: (message, fields) => job.logger.info(fields ?? {}, message),
    progress: (value) => job.logger.info({ progress: value }, "progress"),
    attempt: job.job.attempt,
    get leaseExpiresAt() {
      return job.leaseExpiresAt;
    },
    logger: job.logger,
    parentResults: job.parentResults,
  };
}

/**
 * Runs user code and turns whatever it does (returns, throws, returns something unusable) into
 * an outcome. Never rejects.
 */
export async function runHandler(handler: AnyJobHandler | undefined, job: HeldJob, ctx: JobContext): Promise<HandlerOutcome> {
  if (!handler) {
    return { ok: false, failure: { message: `no handler for type ${job.job.type}`, nonRetryable: true, retryAfterMs: undefined } };
  }
  try {
    const value = await handler(job.job as Job<never>, ctx);
    return { ok: true, result: encodeResult(value) };
  } catch (error) {
    return { ok: false, failure: failureOf(job, error) };
  }
}

function failureOf(job: HeldJob, error: unknown): FailureReport {
  const failure = coerceError(error);
  const reason: unknown = job.signal.reason;
  if (job.signal.aborted && reason instanceof WorkerShutdownError && error !== reason) {
    failure.message = `${reason.message}; the handler ended with: ${failure.message}`;
  }
  return failure;
}
