// Safe retries for submits. A submit answered UNAVAILABLE, DEADLINE_EXCEEDED, INTERNAL, UNKNOWN
// (or ABORTED, see AMBIGUOUS_CODES) is ambiguous: the server may have stored the jobs before the answer was lost (a connection cut,
// a server killed after its commit). Sent again as it was, it would store them twice. So every
// job (and workflow) of a submit gets an idempotency key before its first try, unless the caller
// gave one, and a retry sends the very same keys: the server then answers with the jobs its first
// try stored (created = false) instead of storing new ones.
import { clone } from "@bufbuild/protobuf";
import { Code, ConnectError, type Interceptor } from "@connectrpc/connect";
import { JobService } from "./gen/conveyor/v1/job_service_pb.js";
import { WorkflowService } from "./gen/conveyor/v1/workflow_service_pb.js";

/**
 * Answers after which a submit may or may not have been stored, and a retry with the same keys is
 * right. ABORTED is among them because connect-node reports a connection reset mid-call with it;
 * the server itself answers ABORTED only for a transaction that a concurrent one rolled back
 * (nothing was stored, and it says "try again").
 */
export const AMBIGUOUS_CODES: ReadonlySet<Code> = new Set([Code.Unavailable, Code.DeadlineExceeded, Code.Internal, Code.Unknown, Code.Aborted]);

export interface SubmitRetryOptions {
  /** Tries in all, the first included. Defaults to 4; 1 sends once (keys are still added). */
  maxAttempts?: number;
  /** Delay before the first retry, doubling for each next one (with jitter). Defaults to 200. */
  initialDelayMs?: number;
  /** The longest delay between tries. Defaults to 5,000. */
  maxDelayMs?: number;
}

const SUBMITS = new Set<string>([JobService.method.submitJob.name, JobService.method.submitJobs.name, WorkflowService.method.submitWorkflow.name]);

/** 128 random bits as hex. getRandomValues, unlike randomUUID, works on plain-http pages too. */
function randomKey(): string {
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");
}

/**
 * Gives SubmitJob, SubmitJobs and SubmitWorkflow an idempotency key per job (or workflow) that has
 * none, and retries them after an ambiguous answer with the same keys, until `maxAttempts` or the
 * call's deadline or signal. Other methods pass through untouched. The caller's request object is
 * not modified.
 */
export function submitRetries(options: SubmitRetryOptions = {}): Interceptor {
  const maxAttempts = Math.max(1, Math.floor(options.maxAttempts ?? 4));
  const initialDelayMs = options.initialDelayMs ?? 200;
  const maxDelayMs = options.maxDelayMs ?? 5_000;
  return (next) => async (request) => {
    if (request.stream || !SUBMITS.has(request.method.name)) return next(request);
    const message = clone(request.method.input, request.message) as typeof request.message;
    withKeys(message);
    for (let attempt = 1; ; attempt++) {
      try {
        return await next({ ...request, message });
      } catch (error) {
        const code = ConnectError.from(error).code;
        if (attempt >= maxAttempts || !AMBIGUOUS_CODES.has(code) || request.signal.aborted) throw error;
        const ceiling = Math.min(maxDelayMs, initialDelayMs * 2 ** (attempt - 1));
        await sleep(ceiling / 2 + Math.random() * (ceiling / 2), request.signal);
      }
    }
  };
}

/** Fills in the idempotency keys a submit request lacks, in place (on the interceptor's copy). */
function withKeys(message: unknown): void {
  const request = message as {
    job?: { idempotencyKey: string };
    jobs?: { idempotencyKey: string }[];
    workflow?: { idempotencyKey: string };
  };
  for (const spec of [request.job, ...(request.jobs ?? []), request.workflow]) {
    if (spec && !spec.idempotencyKey) spec.idempotencyKey = randomKey();
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    signal.addEventListener("abort", done, { once: true });
    function done() {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    }
  });
}
