import type { Worker } from "../worker.ts";
import type { WorkerLogger } from "../logger.ts";
import { delayedMessage } from "./delayed-message.ts";
import { failSometimes, type FailSometimesOptions } from "./fail-sometimes.ts";
import { sendEmail, type SendEmailOptions } from "./send-email.ts";
import { webhookCall } from "./webhook-call.ts";

/**
 * The job types of the ready-made handlers. Each is registered under its name and under the
 * upper-case alias the platform's original specification used (SEND_EMAIL, ...).
 */
export const STANDARD_JOB_TYPES = {
  sendEmail: ["send_email", "SEND_EMAIL"],
  webhookCall: ["webhook_call", "WEBHOOK_CALL"],
  delayedMessage: ["delayed_message", "DELAYED_MESSAGE"],
  failSometimes: ["fail_sometimes", "FAIL_SOMETIMES"],
} as const;

export interface StandardHandlersOptions {
  /** SMTP settings for send_email. Without them send_email is not registered (its jobs wait for a worker that has them). */
  email?: SendEmailOptions;
  failSometimes?: FailSometimesOptions;
  logger?: WorkerLogger;
}

/**
 * Registers the ready-made handlers on a worker, before run(). Returns a function that releases
 * what they hold (the SMTP connections); the standard worker calls it once stopped.
 */
export function registerStandardHandlers(worker: Worker<never>, options: StandardHandlersOptions = {}): () => void {
  const handlers: [readonly string[], (...args: never[]) => unknown][] = [
    [STANDARD_JOB_TYPES.webhookCall, webhookCall()],
    [STANDARD_JOB_TYPES.delayedMessage, delayedMessage()],
    [STANDARD_JOB_TYPES.failSometimes, failSometimes(options.failSometimes)],
  ];
  const mail = options.email ? sendEmail(options.email) : undefined;
  if (mail) handlers.unshift([STANDARD_JOB_TYPES.sendEmail, mail]);
  else options.logger?.warn("no SMTP settings: send_email is not handled by this worker");
  for (const [types, handler] of handlers) for (const type of types) worker.handle(type, handler as never);
  return () => mail?.close();
}
