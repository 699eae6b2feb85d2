import type { JobSpec, Payload } from "@conveyor/client/gen/conveyor/v1/job_pb.js";
import { refuseInternalWebhook, type AddressGuard } from "../webhooks/address-guard.ts";
import { uuidv7 } from "uuidv7";
import { z } from "zod";
import { ResourceExhaustedError } from "../errors/conveyor-error.ts";
import { defaultsFor, type QueueDefaults } from "../jobs/job-defaults.ts";
import type { NewJob } from "../store/job-row.ts";
import { idempotencyKeySchema, jobTypeSchema, parseRequest, queueNameSchema, webhookUrlSchema } from "./request-validation.ts";
import { durationToMs, fromTimestamp } from "./time-conversions.ts";

const durationSchema = z.object({ seconds: z.bigint(), nanos: z.number() }).transform(durationToMs);
/** What google.protobuf.Timestamp allows: 0001-01-01T00:00:00Z to 9999-12-31T23:59:59.999999999Z. */
export const timestampSchema = z
  .object({ seconds: z.bigint(), nanos: z.number() })
  .refine(
    (t) => t.seconds >= -62_135_596_800n && t.seconds <= 253_402_300_799n && Number.isInteger(t.nanos) && t.nanos >= 0 && t.nanos <= 999_999_999,
    "must be a time from 0001-01-01 to 9999-12-31",
  );

const MAX_BACKOFF_MS = 7 * 24 * 60 * 60 * 1000;

const backoffSchema = z
  .object({
    initial: durationSchema.pipe(z.number().min(0, "must not be negative").max(MAX_BACKOFF_MS, "must be at most 7 days")).optional(),
    multiplier: z.number().refine((m) => m === 0 || (m >= 1 && m <= 100), "must be from 1 to 100 (0 means 2)"),
    max: durationSchema.pipe(z.number().min(0, "must not be negative").max(MAX_BACKOFF_MS, "must be at most 7 days")).optional(),
    jitter: z.number().min(0, "must be from 0 to 1").max(1, "must be from 0 to 1"),
  })
  .optional();

const LABEL_KEY = /^[A-Za-z0-9_./-]{1,63}$/;

// Checked by hand rather than with z.record's key schema: zod reports a bad key as "Invalid key in
// record" under the key itself, which parseRequest would then snake_case into a name the caller
// never sent. Here the message quotes the key as sent.
export const labelsSchema = z.record(z.string(), z.string()).superRefine((labels, ctx) => {
  const entries = Object.entries(labels);
  if (entries.length > 64) ctx.addIssue({ code: "custom", message: "at most 64 labels" });
  for (const [key, value] of entries) {
    if (!LABEL_KEY.test(key)) {
      ctx.addIssue({ code: "custom", message: `key ${JSON.stringify(key)}: label keys are 1 to 63 letters, digits, '_', '.', '/' or '-'` });
    } else if (value.length > 256) {
      ctx.addIssue({ code: "custom", message: `value of ${JSON.stringify(key)}: label values are at most 256 characters` });
    }
  }
});

const jobSpecSchema = z
  .object({
    queue: queueNameSchema,
    type: jobTypeSchema,
    priority: z.number().int().min(-100, "must be from -100 to 100").max(100, "must be from -100 to 100"),
    runAt: timestampSchema.optional(),
    delay: durationSchema.pipe(z.number().min(0, "must not be negative").max(10 * 365 * 86_400_000, "must be at most 10 years")).optional(),
    maxAttempts: z.number().int().min(0, "must be from 1 to 1000 (0 means 5)").max(1000, "must be from 1 to 1000 (0 means 5)"),
    backoff: backoffSchema,
    timeout: durationSchema.pipe(z.number().min(100, "must be at least 100ms").max(86_400_000, "must be at most 24h")).optional(),
    idempotencyKey: idempotencyKeySchema,
    labels: labelsSchema,
    webhookUrl: z.literal("").or(webhookUrlSchema),
  })
  .refine((spec) => !(spec.runAt && spec.delay !== undefined), { message: "set at most one of run_at and delay", path: ["delay"] });

/**
 * Checks one submitted spec and applies the defaults. `field` is where the spec sits in the
 * request ("job", "jobs[3]"), for error messages.
 */
export function toNewJob(
  spec: JobSpec | undefined,
  field: string,
  maxPayloadBytes: number,
  queueDefaults?: QueueDefaults,
  webhookGuard?: AddressGuard,
): NewJob {
  if (!spec) return parseRequest(z.never({ error: "is required" }), undefined, field);
  const checked = parseRequest(jobSpecSchema, spec, field);
  const defaults = defaultsFor(checked.queue, queueDefaults);
  const { payload, payloadBytes } = toStoredPayload(spec.payload, `${field}.payload`, maxPayloadBytes);
  const backoff = checked.backoff;
  const initialMs = backoff?.initial ?? defaults.backoffInitialMs;
  const maxMs = backoff?.max ?? Math.max(defaults.backoffMaxMs, initialMs);
  if (maxMs < initialMs) parseRequest(z.never({ error: "must not be less than backoff.initial" }), undefined, `${field}.backoff.max`);
  refuseInternalWebhook(webhookGuard, checked.webhookUrl, `${field}.webhook_url`);
  return {
    id: uuidv7(),
    queue: checked.queue,
    type: checked.type,
    payload,
    payloadBytes,
    priority: checked.priority,
    // A delay counts from the database's clock, like every other time the server compares.
    runAt: checked.runAt ? fromTimestamp(spec.runAt!) : null,
    delayMs: checked.delay ?? 0,
    maxAttempts: checked.maxAttempts || defaults.maxAttempts,
    backoffInitialMs: initialMs,
    backoffMultiplier: backoff?.multiplier || defaults.backoffMultiplier,
    backoffMaxMs: maxMs,
    backoffJitter: backoff?.jitter || defaults.backoffJitter,
    timeoutMs: checked.timeout ?? defaults.timeoutMs,
    idempotencyKey: checked.idempotencyKey || null,
    labels: checked.labels,
    webhookUrl: checked.webhookUrl || null,
  };
}

/** A payload or result as it is stored: JSON in a jsonb column, or opaque bytes. */
export function toStoredPayload(
  payload: Payload | undefined,
  field: string,
  maxBytes: number,
): { payload: Record<string, unknown> | null; payloadBytes: Buffer | null } {
  const kind = payload?.kind;
  if (!kind || kind.case === undefined) return { payload: null, payloadBytes: null };
  const size = kind.case === "json" ? Buffer.byteLength(JSON.stringify(kind.value)) : kind.value.byteLength;
  if (size > maxBytes) {
    throw new ResourceExhaustedError(`${field}: ${size} bytes is over the limit of ${maxBytes} bytes`);
  }
  if (kind.case === "json") return { payload: kind.value, payloadBytes: null };
  return { payload: null, payloadBytes: Buffer.from(kind.value) };
}
