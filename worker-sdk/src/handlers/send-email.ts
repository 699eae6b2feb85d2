import { readFileSync } from "node:fs";
import { createTransport, type Transporter } from "nodemailer";
import { z } from "zod";
import { NonRetryableError } from "../errors.ts";
import type { Job, JobContext } from "../job-context.ts";
import { parsePayload } from "./payload-validation.ts";
import { renderTemplate } from "./template.ts";

export interface SendEmailOptions {
  /**
   * The SMTP server: `smtp://[user@]host[:port]` (STARTTLS when the server offers it) or
   * `smtps://[user@]host[:port]` (TLS from the start). A password in the URL works, but belongs in
   * `passwordFile`.
   */
  smtpUrl: string;
  /** A file holding the SMTP password (a mounted secret); trailing whitespace is ignored. */
  passwordFile?: string;
  /** The sender when the payload names none, e.g. `"Conveyor <noreply@example.com>"`. */
  from: string;
  /** Per connection and per command, in ms. Defaults to 30,000. */
  timeoutMs?: number;
}

const address = z.string().max(320, "must be at most 320 characters").regex(/^[^@\s<>]+@[^@\s<>]+$/, "must be an email address");
const addresses = z.union([address, z.array(address).min(1, "needs at least one address").max(50, "at most 50 addresses")]);
const template = z.string().max(100_000, "must be at most 100000 characters");

export const sendEmailPayloadSchema = z
  .object({
    to: addresses,
    cc: addresses.optional(),
    bcc: addresses.optional(),
    /** Overrides the worker's default sender. */
    from: z.string().max(320, "must be at most 320 characters").optional(),
    replyTo: address.optional(),
    /** A template: `{{name}}` takes vars.name. */
    subject: z.string().min(1, "is required").max(998, "must be at most 998 characters"),
    /** The plain-text body, a template. At least one of text and html. */
    text: template.optional(),
    /** The HTML body, a template whose values are HTML-escaped. */
    html: template.optional(),
    vars: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).default({}),
  })
  .refine((payload) => payload.text !== undefined || payload.html !== undefined, { message: "needs text or html", path: ["text"] });
export type SendEmailPayload = z.input<typeof sendEmailPayloadSchema>;

export interface SendEmailResult {
  messageId: string;
  accepted: string[];
  rejected: string[];
}

export type SendEmailHandler = ((job: Job, ctx: JobContext) => Promise<SendEmailResult>) & {
  /** Closes the SMTP connections. */
  close(): void;
};

/** nodemailer's errors carry the SMTP reply code of the command that failed. */
interface SmtpError extends Error {
  code?: string;
  responseCode?: number;
}

/**
 * Sends an email through SMTP. Subject and bodies are templates rendered with the payload's vars.
 * A permanent SMTP refusal (a 5xx reply to the message or its recipients) fails the job for good;
 * connection problems, 4xx replies and authentication failures (the job is not at fault) fail
 * the attempt, and the job retries with its own backoff.
 */
export function sendEmail(options: SendEmailOptions): SendEmailHandler {
  const transport = createSmtpTransport(options);
  const handler = async (job: Job, ctx: JobContext): Promise<SendEmailResult> => {
    const payload = parsePayload(sendEmailPayloadSchema, job.payload, job.type);
    const message = {
      from: payload.from ?? options.from,
      to: payload.to,
      cc: payload.cc,
      bcc: payload.bcc,
      replyTo: payload.replyTo,
      subject: renderTemplate(payload.subject, payload.vars, "subject"),
      text: payload.text === undefined ? undefined : renderTemplate(payload.text, payload.vars, "text"),
      html: payload.html === undefined ? undefined : renderTemplate(payload.html, payload.vars, "html", { html: true }),
      headers: { "X-Conveyor-Job-Id": job.id },
    };
    ctx.signal.throwIfAborted();
    let info: { messageId: string; accepted?: unknown[]; rejected?: unknown[] };
    try {
      info = await transport.sendMail(message);
    } catch (caught) {
      const error = caught as SmtpError;
      const text = `SMTP delivery failed: ${error.message}`;
      const permanent = error.responseCode !== undefined && error.responseCode >= 500 && error.code !== "EAUTH";
      throw permanent ? new NonRetryableError(text, { cause: error }) : new Error(text, { cause: error });
    }
    const result = { messageId: info.messageId, accepted: (info.accepted ?? []).map(String), rejected: (info.rejected ?? []).map(String) };
    ctx.log("email sent", { messageId: result.messageId, accepted: result.accepted.length, rejected: result.rejected.length });
    return result;
  };
  return Object.assign(handler, { close: () => transport.close() });
}

function createSmtpTransport(options: SendEmailOptions): Transporter {
  let url: URL;
  try {
    url = new URL(options.smtpUrl);
  } catch {
    throw new TypeError(`sendEmail: smtpUrl is not a URL: ${JSON.stringify(options.smtpUrl)}`);
  }
  if (url.protocol !== "smtp:" && url.protocol !== "smtps:") throw new TypeError(`sendEmail: smtpUrl must be smtp:// or smtps://, got ${url.protocol}//`);
  if (typeof options.from !== "string" || options.from.length === 0) throw new TypeError("sendEmail: from is required");
  let pass = url.password ? decodeURIComponent(url.password) : undefined;
  if (options.passwordFile !== undefined) {
    try {
      pass = readFileSync(options.passwordFile, "utf8").trimEnd();
    } catch (error) {
      throw new TypeError(`sendEmail: cannot read passwordFile ${options.passwordFile}: ${(error as Error).message}`);
    }
  }
  const timeoutMs = options.timeoutMs ?? 30_000;
  const secure = url.protocol === "smtps:";
  return createTransport({
    host: url.hostname,
    port: url.port ? Number(url.port) : secure ? 465 : 587,
    secure,
    auth: url.username ? { user: decodeURIComponent(url.username), pass } : undefined,
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
  });
}
