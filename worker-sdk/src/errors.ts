// Errors a handler throws to steer what happens next, the reasons a handler's signal aborts, and
// the one place (coerceError) that turns anything user code throws into a Fail report.

/** Throw from a handler to fail the job for good: no further attempts, it goes straight to DEAD. */
export class NonRetryableError extends Error {
  override name = "NonRetryableError";

  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
  }
}

/**
 * Throw from a handler to fail this attempt and have the next one run after `retryAfterMs`
 * instead of the job's backoff. The attempt counts against max_attempts.
 */
export class RetryAfterError extends Error {
  override name = "RetryAfterError";
  readonly retryAfterMs: number;

  constructor(retryAfterMs: number, message = `retry after ${retryAfterMs}ms`, options?: ErrorOptions) {
    super(message, options);
    if (!Number.isFinite(retryAfterMs) || retryAfterMs < 0) {
      throw new RangeError(`retryAfterMs must be a finite number >= 0, got ${retryAfterMs}`);
    }
    this.retryAfterMs = Math.round(retryAfterMs);
  }
}

/** "Not now": the same as RetryAfterError, for a job that is not ready to run yet. */
export class SnoozeError extends RetryAfterError {
  override name = "SnoozeError";

  constructor(delayMs: number, message = `snoozed for ${delayMs}ms`) {
    super(delayMs, message);
  }
}

// --- Why a handler's signal aborted (signal.reason) ----------------------------------------------

/** The server cancelled the job (or timed the attempt out) while this worker ran it. */
export class JobCancelledError extends Error {
  override name = "JobCancelledError";
  readonly reason: string;

  constructor(reason: string) {
    super(`job ${reason || "cancelled"}`);
    this.reason = reason;
  }
}

/** The lease is gone: a heartbeat was refused, or none was accepted before it expired. */
export class LeaseLostError extends Error {
  override name = "LeaseLostError";
  /** A gRPC code name from the server, such as FAILED_PRECONDITION; "EXPIRED" when it ran out locally. */
  readonly code: string;

  constructor(code: string, message: string) {
    super(`lease lost (${code}): ${message}`);
    this.code = code;
  }
}

/** The attempt ran longer than the job's timeout; the server ends it as TIMED_OUT. */
export class JobTimeoutError extends Error {
  override name = "JobTimeoutError";

  constructor(timeoutMs: number) {
    super(`attempt timed out after ${timeoutMs}ms`);
  }
}

/** The worker is shutting down and its drain timeout ran out before the handler finished. */
export class WorkerShutdownError extends Error {
  override name = "WorkerShutdownError";

  constructor(message = "worker shutting down: drain timeout exceeded") {
    super(message);
  }
}

// --- Misuse of the SDK -----------------------------------------------------------------------------

/** createWorker() was given options it cannot use; the message names each bad option. */
export class WorkerOptionsError extends Error {
  override name = "WorkerOptionsError";
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super(`invalid worker options:\n${problems.map((p) => `  ${p}`).join("\n")}`);
    this.problems = problems;
  }
}

/** A lifecycle method was called in a state that does not allow it (run() twice, handle() after run()). */
export class IllegalStateTransitionError extends Error {
  override name = "IllegalStateTransitionError";
  readonly from: string;
  readonly to: string;

  constructor(from: string, to: string, hint?: string) {
    super(`worker cannot go from "${from}" to "${to}"${hint ? `: ${hint}` : ""}`);
    this.from = from;
    this.to = to;
  }
}

// --- Errors -> Fail ------------------------------------------------------------------------------

/** What a Fail carries. */
export interface FailureReport {
  message: string;
  nonRetryable: boolean;
  /** Overrides the job's backoff when set. */
  retryAfterMs: number | undefined;
}

/** The server keeps the error text in the attempt history; keep it readable. */
const MAX_ERROR_LENGTH = 4_000;

/**
 * The only place where whatever user code threw (an Error, a string, an object, undefined)
 * becomes a Fail report.
 */
export function coerceError(error: unknown): FailureReport {
  const message = truncate(describe(error));
  if (error instanceof RetryAfterError) return { message, nonRetryable: false, retryAfterMs: error.retryAfterMs };
  if (error instanceof NonRetryableError) return { message, nonRetryable: true, retryAfterMs: undefined };
  return { message, nonRetryable: false, retryAfterMs: undefined };
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    // Our own classes only steer the outcome; their name adds nothing to the message.
    const ours = error instanceof NonRetryableError || error instanceof RetryAfterError;
    let text = error.message || error.name || "Error";
    if (!ours && error.name && error.name !== "Error" && error.message) text = `${error.name}: ${error.message}`;
    if (error.cause !== undefined) text += ` (caused by ${describe(error.cause)})`;
    return text;
  }
  if (typeof error === "string") return error || "error";
  if (error === undefined || error === null) return `handler threw ${String(error)}`;
  try {
    return JSON.stringify(error) ?? String(error);
  } catch {
    return String(error);
  }
}

function truncate(text: string): string {
  return text.length <= MAX_ERROR_LENGTH ? text : `${text.slice(0, MAX_ERROR_LENGTH - 1)}…`;
}
