import { z } from "zod";
import { InvalidArgumentError } from "../errors/conveyor-error.ts";

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

/** A cursor from a previous page: the last id it held, base64url-encoded. Empty means the first page. */
export function pageTokenSchema(rpc: string) {
  return z.string().transform((token, ctx) => {
    if (!token) return undefined;
    const id = Buffer.from(token, "base64url").toString("utf8");
    if (!uuidSchema.safeParse(id).success) {
      ctx.addIssue({ code: "custom", message: `is not a token from a previous ${rpc} response` });
      return z.NEVER;
    }
    return id;
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
