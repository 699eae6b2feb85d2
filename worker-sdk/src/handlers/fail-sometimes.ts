import { z } from "zod";
import { NonRetryableError } from "../errors.ts";
import type { Job, JobContext } from "../job-context.ts";
import { parsePayload } from "./payload-validation.ts";

export const failSometimesPayloadSchema = z.object({
  /** The chance that an attempt fails, from 0 (never) to 1 (always). */
  failureRate: z.number().min(0, "must be from 0 to 1").max(1, "must be from 0 to 1"),
  /** Fail for good (straight to DEAD) rather than let the job retry. Defaults to false. */
  nonRetryable: z.boolean().default(false),
  /** The error message of a failed attempt. */
  message: z.string().max(1_000, "must be at most 1000 characters").default("simulated failure"),
});
export type FailSometimesPayload = z.input<typeof failSometimesPayloadSchema>;

export interface FailSometimesOptions {
  /** A number in [0, 1); Math.random by default. Tests pass their own. */
  random?: () => number;
}

/** Fails a configurable share of attempts: for demos of retries and dead jobs, and chaos tests. */
export function failSometimes(options: FailSometimesOptions = {}) {
  const random = options.random ?? Math.random;
  return (job: Job, ctx: JobContext): { attempt: number } => {
    const { failureRate, nonRetryable, message } = parsePayload(failSometimesPayloadSchema, job.payload, job.type);
    // random() < 0 never holds and random() < 1 always does: rates 0 and 1 are exact.
    if (random() < failureRate) {
      const text = `${message} (failure rate ${failureRate}, attempt ${ctx.attempt})`;
      throw nonRetryable ? new NonRetryableError(text) : new Error(text);
    }
    return { attempt: ctx.attempt };
  };
}
