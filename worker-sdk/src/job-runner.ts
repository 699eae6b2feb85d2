import type { Payload } from "@conveyor/client/gen/conveyor/v1/job_pb.js";
import { coerceError, WorkerShutdownError, type FailureReport } from "./errors.ts";
import type { HeldJob } from "./held-job.ts";
import type { Job, JobContext } from "./job-context.ts";
import { encodeResult } from "./payload.ts";
import type { JobLogLevel, JobReporter } from "./job-reporter.ts";

const LOG_LEVELS: readonly JobLogLevel[] = ["debug", "info", "warn", "error"];

/** What a handler run comes to: a result to Complete with, or a failure to Fail with. */
export type HandlerOutcome = { ok: true; result: Payload | undefined } | { ok: false; failure: FailureReport };

/** Handlers as the registry stores them: the payload's static type is the caller's business. */
export type AnyJobHandler = (job: Job<never>, ctx: JobContext) => unknown;

/** The `ctx` a handler gets; leaseExpiresAt follows the accepted heartbeats. */
export function createJobContext(job: HeldJob, heartbeat: (job: HeldJob) => Promise<void>, reporter: JobReporter): JobContext {
  return {
    signal: job.signal,
    heartbeat: () => heartbeat(job),
    log: (message, fields, level = "info") => {
      // Plain JavaScript callers can pass anything: an unknown level is info.
      const known = LOG_LEVELS.includes(level) ? level : "info";
      job.logger[known]((fields ?? {}) as object, String(message));
      reporter.log(job, known, message, fields);
    },
    progress: (value, details) => {
      job.logger.debug({ progress: value, details }, "progress");
      reporter.progress(job, value, details);
    },
    attempt: job.job.attempt,
    get leaseExpiresAt() {
      return job.leaseExpiresAt;
    },
    logger: job.logger,
    parentResults: job.parentResults,
  };
}

/**
 * Waits until the job's run_at, or until its signal aborts. The server may lease a delayed job a
 * few milliseconds before run_at, so that the lease round trip is done by the time it is due.
 */
export function waitForRunAt(job: HeldJob): Promise<void> {
  const runAt = job.job.raw.runAt;
  if (!runAt) return Promise.resolve();
  // run_at has microseconds; the handler must not start in the millisecond before it.
  const runAtMs = Math.ceil(Number(runAt.seconds) * 1000 + runAt.nanos / 1e6);
  if (Date.now() >= runAtMs || job.signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      job.signal.removeEventListener("abort", done);
      resolve();
    };
    // A timer may fire a millisecond early by Date.now(): check again rather than trust it.
    const check = () => {
      const waitMs = runAtMs - Date.now();
      if (waitMs > 0) timer = setTimeout(check, waitMs);
      else done();
    };
    let timer = setTimeout(check, runAtMs - Date.now());
    job.signal.addEventListener("abort", done, { once: true });
  });
}

/**
 * Runs user code and turns whatever it does (returns, throws, returns something unusable) into
 * an outcome. Never rejects.
 */
export async function runHandler(handler: AnyJobHandler | undefined, job: HeldJob, ctx: JobContext): Promise<HandlerOutcome> {
  if (!handler) {
    return { ok: false, failure: { message: `no handler for type ${job.job.type}`, nonRetryable: true, retryAfterMs: undefined } };
  }
  await waitForRunAt(job);
  // Cancelled, timed out or shut down before it was due: the handler never starts.
  if (job.signal.aborted) return { ok: false, failure: failureOf(job, job.signal.reason) };
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
