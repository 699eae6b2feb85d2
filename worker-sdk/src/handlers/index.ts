// @conveyor/worker-sdk/handlers: ready-made handlers and a worker that runs them.
export { sendEmail, sendEmailPayloadSchema } from "./send-email.ts";
export type { SendEmailHandler, SendEmailOptions, SendEmailPayload, SendEmailResult } from "./send-email.ts";
export { isRetryableStatus, webhookCall, webhookCallPayloadSchema } from "./webhook-call.ts";
export type { WebhookCallPayload, WebhookCallResult } from "./webhook-call.ts";
export { delayedMessage, delayedMessagePayloadSchema } from "./delayed-message.ts";
export type { DelayedMessagePayload, DelayedMessageResult } from "./delayed-message.ts";
export { failSometimes, failSometimesPayloadSchema } from "./fail-sometimes.ts";
export type { FailSometimesOptions, FailSometimesPayload } from "./fail-sometimes.ts";
export { renderTemplate, type TemplateVars } from "./template.ts";
export { registerStandardHandlers, STANDARD_JOB_TYPES, type StandardHandlersOptions } from "./standard-handlers.ts";
export { createStandardWorker, runStandardWorker, standardWorkerOptionsFromEnv, type StandardWorkerOptions } from "./standard-worker.ts";

import type { DelayedMessagePayload } from "./delayed-message.ts";
import type { FailSometimesPayload } from "./fail-sometimes.ts";
import type { SendEmailPayload } from "./send-email.ts";
import type { WebhookCallPayload } from "./webhook-call.ts";

/** Payload types by job type, for createWorker<StandardJobs>() or a typed client. */
export type StandardJobs = {
  send_email: SendEmailPayload;
  SEND_EMAIL: SendEmailPayload;
  webhook_call: WebhookCallPayload;
  WEBHOOK_CALL: WebhookCallPayload;
  delayed_message: DelayedMessagePayload;
  DELAYED_MESSAGE: DelayedMessagePayload;
  fail_sometimes: FailSometimesPayload;
  FAIL_SOMETIMES: FailSometimesPayload;
};
