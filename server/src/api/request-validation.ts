import { ScalarType, type DescMessage, type DescMethod } from "@bufbuild/protobuf";
import { WorkerService, type LeaseRequest } from "@conveyor/client/gen/conveyor/v1/worker_service_pb.js";
import type { Interceptor } from "@connectrpc/connect";
import { z } from "zod";
import { InvalidArgumentError } from "../errors/conveyor-error.ts";
import { checkedRequest } from "./checked-request.ts";

/**
 * Request checks as zod schemas over the decoded protobuf messages. A failed check becomes an
 * InvalidArgumentError whose message starts with the offending field's path, as the client sent
 * it (`jobs[3].queue: ...`).
 */
export function parseRequest<S extends z.ZodType>(schema: S, value: unknown, prefix = ""): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  throw new InvalidArgumentError(fieldPath(prefix, issue.path), issue.message);
}

function fieldPath(prefix: string, path: readonly PropertyKey[]): string {
  let out = prefix;
  for (const key of path) {
    if (typeof key === "number") out += `[${key}]`;
    else out += (out ? "." : "") + toSnakeCase(String(key));
  }
  return out || "request";
}

/** Proto field names, as clients of every language know them. */
function toSnakeCase(name: string): string {
  return name.replace(/[A-Z]/g, (c) => "_" + c.toLowerCase());
}

/** Namespaces have no dots: "<namespace>.<queue>" must name one queue only, as a broker routing key. */
export const namespaceSchema = z
  .string()
  .transform((value) => value || "default")
  .pipe(z.string().regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, "must be 1 to 63 lowercase letters, digits, '_' or '-', starting with a letter or digit"));

export const queueNameSchema = z
  .string()
  .min(1, "is required")
  .max(128, "must be at most 128 characters")
  .regex(/^[A-Za-z0-9_.-]+$/, "may contain only letters, digits, '_', '.' and '-'");

/** A job's or a workflow's idempotency key; empty means none. */
export const idempotencyKeySchema = z.string().max(256, "must be at most 256 characters");

/** Why something was cancelled, as given by the caller (recorded in the job's history). */
export const cancelReasonSchema = z.string().max(1000, "must be at most 1000 characters");

export const jobTypeSchema = z
  .string()
  .min(1, "is required")
  .max(128, "must be at most 128 characters")
  .regex(/^[A-Za-z0-9_.:-]+$/, "may contain only letters, digits, '_', '.', ':' and '-'");

/** Where a webhook POSTs: an absolute http(s) URL. */
export const webhookUrlSchema = z
  .string()
  .max(2048, "must be at most 2048 characters")
  .refine((value) => {
    // canParse first: a thrown TypeError per job cost more than the rest of validation.
    if (!URL.canParse(value)) return false;
    const url = new URL(value);
    return (url.protocol === "http:" || url.protocol === "https:") && url.hostname !== "";
  }, "must be an http:// or https:// URL");

export const uuidSchema = z
  .string()
  .min(1, "is required")
  .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, "must be a job id (a UUID)")
  .transform((id) => id.toLowerCase());

export const scheduleNameSchema = z
  .string()
  .min(1, "is required")
  .max(128, "must be at most 128 characters")
  .regex(/^[A-Za-z0-9_.:-]+$/, "may contain only letters, digits, '_', '.', ':' and '-'");

/**
 * A cursor from a previous page: the last id (or, for `cursor` other than ids, key) it held,
 * base64url-encoded. Empty means the first page. Anything else a token decodes to is refused
 * before it reaches a query.
 */
export function pageTokenSchema(rpc: string, cursor: z.ZodType<string, string> = uuidSchema) {
  return z.string().transform((token, ctx) => {
    if (!token) return undefined;
    const decoded = cursor.safeParse(Buffer.from(token, "base64url").toString("utf8"));
    if (!decoded.success) {
      ctx.addIssue({ code: "custom", message: `is not a token from a previous ${rpc} response` });
      return z.NEVER;
    }
    return decoded.data;
  });
}

function toPageToken(lastId: string): string {
  return Buffer.from(lastId).toString("base64url");
}

/**
 * A page of a listing that read one row more than `limit`: that row's presence means there is a
 * next page, which starts after the page's last row (named by `cursorOf`).
 */
export function pageOf<R>(rows: readonly R[], limit: number, cursorOf: (row: R) => string): { page: R[]; nextPageToken: string } {
  const page = rows.slice(0, limit);
  return { page, nextPageToken: rows.length > limit ? toPageToken(cursorOf(page.at(-1)!)) : "" };
}

/** What google.protobuf.Timestamp allows: 0001-01-01T00:00:00Z to 9999-12-31T23:59:59.999999999Z. */
const MIN_TIMESTAMP_SECONDS = -62_135_596_800n;
const MAX_TIMESTAMP_SECONDS = 253_402_300_799n;
/** What google.protobuf.Duration allows: about ±10,000 years. */
const MAX_DURATION_SECONDS = 315_576_000_000n;
/** Deeper JSON payloads are refused: walking (and storing) them costs stack, and no job needs them. */
export const MAX_JSON_DEPTH = 100;

/**
 * ┃ Every string, number and time of every request, checked once, before any handler. ┃
 * Rules that hold for every field whatever it means, found by walking the message's descriptor:
 * - strings (map keys and JSON payload keys and values too) hold no NUL and no lone surrogate:
 *   PostgreSQL stores neither, and one such value would fail the whole statement it shares;
 * - float and double fields, and JSON payload numbers, are finite (JSON has no NaN; it would be
 *   stored as null);
 * - Timestamps and Durations are ones their types allow (seconds and nanos in range).
 * Field-specific rules (lengths, ranges, formats) stay in each request's schema.
 */
export function checkRequestMessage(desc: DescMessage, message: unknown, path = ""): void {
  walkMessage(desc, message as Record<string, unknown>, path);
}

function walkMessage(desc: DescMessage, message: Record<string, unknown>, path: string): void {
  switch (desc.typeName) {
    case "google.protobuf.Timestamp":
      return checkTimestamp(message as { seconds: bigint; nanos: number }, path);
    case "google.protobuf.Duration":
      return checkDuration(message as { seconds: bigint; nanos: number }, path);
    case "google.protobuf.Struct":
      return walkJson(message, path, 0);
    case "google.protobuf.Value":
    case "google.protobuf.ListValue":
      return walkJson(message, path, 0);
  }
  for (const field of desc.fields) {
    let value: unknown;
    if (field.oneof) {
      const selected = message[field.oneof.localName] as { case?: string; value?: unknown } | undefined;
      if (selected?.case !== field.localName) continue;
      value = selected.value;
    } else {
      value = message[field.localName];
    }
    if (value === undefined) continue;
    const fieldPath = path ? `${path}.${field.name}` : field.name;
    switch (field.fieldKind) {
      case "scalar":
        checkScalar(field.scalar, value, fieldPath);
        break;
      case "enum":
        break;
      case "message":
        walkMessage(field.message, value as Record<string, unknown>, fieldPath);
        break;
      case "list":
        (value as unknown[]).forEach((item, i) => checkElement(field.listKind === "scalar" ? field.scalar : undefined, field.listKind === "message" ? field.message : undefined, item, `${fieldPath}[${i}]`));
        break;
      case "map":
        for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
          const itemPath = `${fieldPath}[${JSON.stringify(key)}]`;
          checkString(key, `${itemPath} (key)`);
          checkElement(field.mapKind === "scalar" ? field.scalar : undefined, field.mapKind === "message" ? field.message : undefined, item, itemPath);
        }
        break;
    }
  }
}

function checkElement(scalar: ScalarType | undefined, message: DescMessage | undefined, value: unknown, path: string): void {
  if (message) walkMessage(message, value as Record<string, unknown>, path);
  else if (scalar !== undefined) checkScalar(scalar, value, path);
}

function checkScalar(type: ScalarType, value: unknown, path: string): void {
  if (type === ScalarType.STRING) checkString(value as string, path);
  else if ((type === ScalarType.DOUBLE || type === ScalarType.FLOAT) && !Number.isFinite(value)) {
    throw new InvalidArgumentError(path, "must be a finite number (not NaN or Infinity)");
  }
}

function checkString(value: string, path: string): void {
  if (value.includes("\u0000")) throw new InvalidArgumentError(path, "must not contain a NUL character (U+0000)");
  if (!value.isWellFormed()) throw new InvalidArgumentError(path, "must not contain a lone surrogate (invalid UTF-16)");
}

/** A google.protobuf.Struct, Value or ListValue, as protobuf-es holds them: plain JSON values. */
function walkJson(value: unknown, path: string, depth: number): void {
  if (depth > MAX_JSON_DEPTH) throw new InvalidArgumentError(path, `JSON nested deeper than ${MAX_JSON_DEPTH} levels`);
  if (typeof value === "string") return checkString(value, path);
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new InvalidArgumentError(path, "must be a finite number (JSON has no NaN or Infinity)");
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((item, i) => walkJson(item, `${path}[${i}]`, depth + 1));
    return;
  }
  if (value !== null && typeof value === "object") {
    for (const [key, item] of Object.entries(value)) {
      const keyPath = /^[A-Za-z_][A-Za-z0-9_]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
      checkString(key, `${keyPath} (key)`);
      walkJson(item, keyPath, depth + 1);
    }
  }
}

function checkTimestamp({ seconds, nanos }: { seconds: bigint; nanos: number }, path: string): void {
  if (seconds < MIN_TIMESTAMP_SECONDS || seconds > MAX_TIMESTAMP_SECONDS || !Number.isInteger(nanos) || nanos < 0 || nanos > 999_999_999) {
    throw new InvalidArgumentError(path, "must be a time from 0001-01-01T00:00:00Z to 9999-12-31T23:59:59.999999999Z");
  }
}

function checkDuration({ seconds, nanos }: { seconds: bigint; nanos: number }, path: string): void {
  const sameSign = seconds === 0n || nanos === 0 || seconds > 0n === nanos > 0;
  if (seconds < -MAX_DURATION_SECONDS || seconds > MAX_DURATION_SECONDS || !Number.isInteger(nanos) || Math.abs(nanos) > 999_999_999 || !sameSign) {
    throw new InvalidArgumentError(path, "must be a duration of at most ±315576000000 seconds, its seconds and nanos of one sign");
  }
}

/**
 * Applies checkRequestMessage to every request message of every RPC, streamed ones message by
 * message before the handler sees them. Innermost: callers are authenticated first.
 */
export function requestValidationInterceptor(): Interceptor {
  return (next) => async (request) =>
    ITEM_JUDGED.has(request.method)
      ? next(request)
      : next(
          checkedRequest(request, (message) => {
            // Handlers' log lines and progress are user text: the intake makes them storable
            // (job-reports/report-limits.ts). Refusing one here would end the worker's whole stream.
            if (request.method === WorkerService.method.lease && (message as LeaseRequest).message.case === "reports") return;
            checkRequestMessage(request.method.input, message);
          }),
        );
}

/**
 * Batches whose handlers apply checkRequestMessage to each item on their own (worker-service.ts):
 * one tenant's bad item is refused alone, never failing the neighbours it shares a batch with.
 */
const ITEM_JUDGED = new Set<DescMethod>([WorkerService.method.heartbeat, WorkerService.method.complete, WorkerService.method.fail]);
