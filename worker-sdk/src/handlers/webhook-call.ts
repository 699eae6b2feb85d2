import { z } from "zod";
import { NonRetryableError, RetryAfterError } from "../errors.ts";
import type { Job, JobContext } from "../job-context.ts";
import { parsePayload } from "./payload-validation.ts";

const MAX_TIMEOUT_MS = 300_000;
/** The response body kept in the job's result. */
const RESULT_BODY_CHARS = 1_000;

export const webhookCallPayloadSchema = z.object({
  /** An http or https URL. */
  url: z
    .string()
    .max(2_048, "must be at most 2048 characters")
    .refine((value) => URL.canParse(value) && /^https?:$/.test(new URL(value).protocol), "must be an http:// or https:// URL"),
  /** Defaults to POST. */
  method: z.enum(["GET", "POST", "PUT", "PATCH", "DELETE"]).default("POST"),
  headers: z.record(z.string(), z.string()).default({}),
  /** Sent as JSON (content-type: application/json); none for GET. */
  body: z.unknown().optional(),
  /** Per attempt, 1 to 300,000 ms. Defaults to 10,000. */
  timeoutMs: z.number().int().min(1, "must be from 1 to 300000").max(MAX_TIMEOUT_MS, "must be from 1 to 300000").default(10_000),
});
export type WebhookCallPayload = z.input<typeof webhookCallPayloadSchema>;

export interface WebhookCallResult {
  status: number;
  /** The first 1,000 characters of the response body. */
  body: string;
}

/**
 * Whether an HTTP status is worth another attempt: 5xx, 408 (timeout) and 429 (too many requests).
 * Every other 4xx says the request itself is wrong, and the same request would fail again.
 */
export function isRetryableStatus(status: number): boolean {
  return status >= 500 || status === 408 || status === 429;
}

/**
 * Calls an HTTP endpoint. A 2xx (or 3xx, redirects followed) succeeds with the status and body.
 * Network errors, timeouts, 5xx, 408 and 429 fail the attempt, so the job retries with its own
 * backoff and max_attempts (a 429 with Retry-After in seconds retries after that long); any
 * other 4xx fails the job for good.
 */
export function webhookCall(options: { fetch?: typeof fetch } = {}) {
  const doFetch = options.fetch ?? fetch;
  return async (job: Job, ctx: JobContext): Promise<WebhookCallResult> => {
    const { url, method, headers, body, timeoutMs } = parsePayload(webhookCallPayloadSchema, job.payload, job.type);
    const sendsBody = method !== "GET" && body !== undefined;
    let response: Response;
    try {
      response = await doFetch(url, {
        method,
        headers: { ...(sendsBody ? { "content-type": "application/json" } : {}), "x-conveyor-job-id": job.id, ...headers },
        body: sendsBody ? JSON.stringify(body) : undefined,
        signal: AbortSignal.any([ctx.signal, AbortSignal.timeout(timeoutMs)]),
      });
    } catch (error) {
      if (ctx.signal.aborted) throw ctx.signal.reason;
      if (error instanceof DOMException && error.name === "TimeoutError") throw new Error(`${method} ${url} timed out after ${timeoutMs}ms`);
      const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : "";
      throw new Error(`${method} ${url} failed: ${error instanceof Error ? error.message : String(error)}${cause}`, { cause: error });
    }
    const text = await response.text().catch(() => "");
    if (response.ok || (response.status >= 300 && response.status < 400)) {
      ctx.log(`${method} ${url} answered ${response.status}`);
      return { status: response.status, body: text.slice(0, RESULT_BODY_CHARS) };
    }
    const message = `${method} ${url} answered HTTP ${response.status}: ${text.slice(0, 200)}`;
    if (!isRetryableStatus(response.status)) throw new NonRetryableError(message);
    const retryAfterSeconds = response.status === 429 ? Number(response.headers.get("retry-after")) : NaN;
    if (Number.isFinite(retryAfterSeconds) && retryAfterSeconds > 0) throw new RetryAfterError(retryAfterSeconds * 1_000, message);
    throw new Error(message);
  };
}
