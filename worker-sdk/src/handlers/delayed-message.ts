import { z } from "zod";
import type { Job, JobContext } from "../job-context.ts";
import { parsePayload } from "./payload-validation.ts";

export const delayedMessagePayloadSchema = z.object({
  /** What to deliver: 1 to 10,000 characters. */
  message: z.string().min(1, "is required").max(10_000, "must be at most 10000 characters"),
});
export type DelayedMessagePayload = z.infer<typeof delayedMessagePayloadSchema>;

export interface DelayedMessageResult {
  message: string;
  deliveredAt: string;
  /** How long after the job's run_at the handler ran. */
  lateByMs: number;
}

/**
 * Delivers a message at its time: submit it with `run_at` or `delay`, and the worker logs the
 * message (through ctx.log, so watchers see it) and returns it when the job falls due.
 */
export function delayedMessage() {
  return (job: Job, ctx: JobContext): DelayedMessageResult => {
    const { message } = parsePayload(delayedMessagePayloadSchema, job.payload, job.type);
    const now = Date.now();
    const runAt = job.raw.runAt ? Number(job.raw.runAt.seconds) * 1000 + job.raw.runAt.nanos / 1e6 : now;
    const lateByMs = Math.max(0, Math.round(now - runAt));
    ctx.log(message, { lateByMs });
    return { message, deliveredAt: new Date(now).toISOString(), lateByMs };
  };
}
