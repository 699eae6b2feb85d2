import { z } from "zod";
import { NonRetryableError } from "../errors.ts";

/**
 * Checks a job's payload against its handler's schema. A payload that does not fit will not fit
 * on the next attempt either, so the job fails for good, with a message naming each bad field.
 */
export function parsePayload<S extends z.ZodType>(schema: S, payload: unknown, type: string): z.infer<S> {
  if (payload instanceof Uint8Array) throw new NonRetryableError(`${type}: the payload must be a JSON object, not bytes`);
  const parsed = schema.safeParse(payload);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => `${issue.path.length > 0 ? issue.path.join(".") : "payload"}: ${issue.message}`);
  throw new NonRetryableError(`${type}: invalid payload: ${problems.join("; ")}`);
}
