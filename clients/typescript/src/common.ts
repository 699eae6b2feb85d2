// What the Node and browser entry points share: the service clients over any Connect transport,
// the bearer-token interceptor, and small helpers for payloads and states. Nothing here imports a
// transport, so bundlers keep Node's http2 out of browser builds.
import type { JsonObject, MessageInitShape } from "@bufbuild/protobuf";
import type { Client, Interceptor, Transport } from "@connectrpc/connect";
import { JobState, type Payload, type PayloadSchema } from "./gen/conveyor/v1/job_pb.js";
import type { AccountService } from "./gen/conveyor/v1/account_service_pb.js";
import type { AuthService } from "./gen/conveyor/v1/auth_service_pb.js";
import type { AdminService } from "./gen/conveyor/v1/admin_service_pb.js";
import type { JobService } from "./gen/conveyor/v1/job_service_pb.js";
import type { ScheduleService } from "./gen/conveyor/v1/schedule_service_pb.js";
import type { WorkerService } from "./gen/conveyor/v1/worker_service_pb.js";
import type { WorkflowService } from "./gen/conveyor/v1/workflow_service_pb.js";
import type { SubmitRetryOptions } from "./submit-retries.ts";

/** A bearer token, or a function that returns the current one (it is called before every request). */
export type TokenSource = string | (() => string | Promise<string>);

/** Options that every transport understands. */
export interface CommonClientOptions {
  /** Sent as `authorization: Bearer <token>` on every call, unless the call sets its own. */
  token?: TokenSource;
  /** Deadline for calls that set none (timeoutMs in the call options), in milliseconds. */
  defaultTimeoutMs?: number;
  /** Run around every call, after the token's. */
  interceptors?: Interceptor[];
  /**
   * Makes SubmitJob, SubmitJobs and SubmitWorkflow safe to retry, and retries them: each job (or
   * workflow) without an idempotency key gets a random one, and an ambiguous answer (UNAVAILABLE,
   * DEADLINE_EXCEEDED, INTERNAL, UNKNOWN, or ABORTED for a connection reset: the submit may have been
   * stored) is retried with the same
   * keys, so a lost answer never makes a second job. A retry that finds its jobs stored answers
   * them with created = false. On by default (4 tries, 200 ms doubling up to 5 s, within the call's
   * deadline); false turns both off.
   */
  submitRetries?: SubmitRetryOptions | false;
}

export interface ConveyorClient {
  /** Submitting, inspecting and steering jobs. */
  readonly jobs: Client<typeof JobService>;
  /** The worker protocol (Lease, Heartbeat, Complete, Fail); worker-sdk/ builds on it for TypeScript workers. */
  readonly workers: Client<typeof WorkerService>;
  /** Graphs of dependent jobs: submit, inspect, cancel and watch workflows. */
  readonly workflows: Client<typeof WorkflowService>;
  /** Tokens for Conveyor's own accounts: Login, ExchangeApiKey, WhoAmI (docs/accounts.md). */
  readonly auth: Client<typeof AuthService>;
  /** Accounts, roles, API keys and the audit log; admins of all namespaces only. */
  readonly accounts: Client<typeof AccountService>;
  /** Recurring jobs: create, update, pause, resume, trigger and delete schedules. */
  readonly schedules: Client<typeof ScheduleService>;
  /** Queue administration (pause, resume, limits, figures); needs the `admin` scope. */
  readonly admin: Client<typeof AdminService>;
  readonly transport: Transport;
  /** Closes the HTTP/2 connection in Node, so that the process can exit; a later call opens a new one. A no-op in browsers. */
  close(): void;
}

/** An interceptor that adds `authorization: Bearer <token>` to calls that do not set one. */
export function bearerToken(token: TokenSource): Interceptor {
  return (next) => async (request) => {
    if (!request.header.has("authorization")) {
      const value = typeof token === "function" ? await token() : token;
      if (value) request.header.set("authorization", `Bearer ${value}`);
    }
    return next(request);
  };
}

/** A Payload holding a JSON object: `{ job: { queue, type, payload: jsonPayload({ to: "ada" }) } }`. */
export function jsonPayload(value: JsonObject): MessageInitShape<typeof PayloadSchema> {
  return { kind: { case: "json", value } };
}

/** The JSON object of a payload (a job's input or result), or undefined when it is unset or binary. */
export function payloadJson(payload: Payload | undefined): JsonObject | undefined {
  return payload?.kind.case === "json" ? payload.kind.value : undefined;
}

const TERMINAL = new Set([JobState.SUCCEEDED, JobState.DEAD, JobState.CANCELLED, JobState.SKIPPED]);

/** SUCCEEDED, DEAD, CANCELLED and SKIPPED (workflow tasks): WatchJob ends after reporting one of them. */
export function isTerminal(state: JobState): boolean {
  return TERMINAL.has(state);
}

/** "SUCCEEDED" for JobState.SUCCEEDED: for logs and UIs. */
export function stateName(state: JobState): string {
  return JobState[state] ?? `JobState(${state})`;
}

export { ConnectError, Code } from "@connectrpc/connect";
export { AMBIGUOUS_CODES, submitRetries, type SubmitRetryOptions } from "./submit-retries.ts";
export * from "./gen/conveyor/v1/job_pb.js";
export * from "./gen/conveyor/v1/job_service_pb.js";
export * from "./gen/conveyor/v1/worker_service_pb.js";
export * from "./gen/conveyor/v1/workflow_service_pb.js";
export * from "./gen/conveyor/v1/schedule_service_pb.js";
export * from "./gen/conveyor/v1/admin_service_pb.js";
