import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { hostname } from "node:os";
import type { BackoffOptions } from "./backoff.ts";
import { WorkerOptionsError } from "./errors.ts";
import { createDefaultLogger, LOG_LEVELS, type WorkerLogger } from "./logger.ts";

/** What createWorker() accepts. Every field but `queues` has a default. */
export interface WorkerOptions {
  /** The Conveyor server. Defaults to $CONVEYOR_URL, else http://127.0.0.1:50051. */
  url?: string;
  /**
   * Sent as `authorization: Bearer <token>` on every call. Defaults to $CONVEYOR_TOKEN, else the
   * contents of the file $CONVEYOR_TOKEN_FILE names (a mounted secret; surrounding whitespace is
   * dropped), else none.
   */
  token?: string;
  /** Defaults to "default". */
  namespace?: string;
  /** Queues to take jobs from: 1 to 100. Required. */
  queues: readonly string[];
  /** Handlers running at once: 1 to 10,000. Defaults to 10. */
  concurrency?: number;
  /** Shows in attempts and events. Defaults to `${hostname}:${pid}:${random}`. */
  workerId?: string;
  /** pino-compatible. Defaults to a pino logger at $CONVEYOR_LOG_LEVEL, else "info". */
  logger?: WorkerLogger;
  /** How long stop() waits for running handlers before it aborts them. Defaults to 30,000. */
  drainTimeoutMs?: number;
  /** After the drain timeout, how long aborted handlers get to return and be reported. Defaults to 5,000. */
  abortGraceMs?: number;
  /** Delay between reconnection attempts: doubles from initialDelayMs (100) up to maxDelayMs (5,000), with jitter. */
  reconnect?: Partial<BackoffOptions>;
  /**
   * How long a report (Complete or Fail) may wait for others to share its RPC when none is in
   * flight. Defaults to 0: sent at once. While an RPC is in flight the next batch accumulates
   * anyway (group commit), so this only matters at low load.
   */
  reportBatchMaxDelayMs?: number;
  /** Extra labels for operators, sent in LeaseOpen next to the SDK's own (sdk, host, pid, ...). */
  labels?: Readonly<Record<string, string>>;
}

/** WorkerOptions with every default applied and every value checked. */
export interface ResolvedWorkerOptions {
  url: string;
  token: string | undefined;
  namespace: string;
  queues: string[];
  concurrency: number;
  workerId: string;
  logger: WorkerLogger;
  drainTimeoutMs: number;
  abortGraceMs: number;
  reconnect: BackoffOptions;
  reportBatchMaxDelayMs: number;
  labels: Record<string, string>;
}

// The server's rules (server/src/api/request-validation.ts), checked here so that a typo fails at
// start with the option's name rather than as an INVALID_ARGUMENT from the stream.
const NAMESPACE = /^[a-z0-9][a-z0-9_-]{0,62}$/;
const QUEUE = /^[A-Za-z0-9_.-]{1,128}$/;
export const JOB_TYPE = /^[A-Za-z0-9_.:-]{1,128}$/;

/**
 * Raw options -> defaults -> validated options. Throws one WorkerOptionsError naming every bad
 * option. `env` is read for the documented environment defaults only.
 */
export function resolveWorkerOptions(raw: WorkerOptions, env: NodeJS.ProcessEnv = process.env): ResolvedWorkerOptions {
  const problems: string[] = [];
  const problem = (option: string, message: string) => problems.push(`${option}: ${message}`);
  if (raw === null || typeof raw !== "object") throw new WorkerOptionsError(["options: must be an object"]);

  const url = raw.url ?? nonEmpty(env["CONVEYOR_URL"]) ?? "http://127.0.0.1:50051";
  const urlSource = raw.url !== undefined ? "url" : "url (from CONVEYOR_URL)";
  if (!isHttpUrl(url)) problem(urlSource, `must be an http:// or https:// URL, got ${JSON.stringify(url)}`);

  const { token, source: tokenSource } = tokenFrom(raw.token, env, problem);
  if (token !== undefined && (typeof token !== "string" || token.length === 0 || /[\r\n]/.test(token))) {
    problem(tokenSource, "must be a non-empty string without line breaks");
  }

  const namespace = raw.namespace ?? "default";
  if (typeof namespace !== "string" || !NAMESPACE.test(namespace)) {
    problem("namespace", `must be 1 to 63 lowercase letters, digits, '_' or '-', starting with a letter or digit; got ${JSON.stringify(namespace)}`);
  }

  let queues: string[] = [];
  if (!Array.isArray(raw.queues) || raw.queues.length === 0) {
    problem("queues", "is required: a non-empty array of queue names");
  } else {
    queues = [...new Set(raw.queues)];
    if (queues.length > 100) problem("queues", `at most 100 queues, got ${queues.length}`);
    for (const queue of queues) {
      if (typeof queue !== "string" || !QUEUE.test(queue)) {
        problem("queues", `${JSON.stringify(queue)} is not a queue name (1 to 128 letters, digits, '_', '.', '-')`);
      }
    }
  }

  const concurrency = integer(raw.concurrency, 10, 1, 10_000, "concurrency", problem);

  const workerId = raw.workerId ?? `${hostname()}:${process.pid}:${randomBytes(3).toString("hex")}`;
  if (typeof workerId !== "string" || workerId.length === 0 || workerId.length > 200) {
    problem("workerId", "must be a string of 1 to 200 characters");
  }

  let logger = raw.logger;
  if (logger !== undefined) {
    const methods = ["child", "debug", "info", "warn", "error"] as const;
    if (typeof logger !== "object" || logger === null || methods.some((m) => typeof logger![m] !== "function")) {
      problem("logger", `must be pino-compatible (${methods.join(", ")})`);
    }
  } else {
    const level = nonEmpty(env["CONVEYOR_LOG_LEVEL"]) ?? "info";
    if ((LOG_LEVELS as readonly string[]).includes(level)) logger = createDefaultLogger(level);
    else problem("logger (level from CONVEYOR_LOG_LEVEL)", `unknown level ${JSON.stringify(level)}; one of ${LOG_LEVELS.join(", ")}`);
  }

  const drainTimeoutMs = integer(raw.drainTimeoutMs, 30_000, 0, 24 * 3_600_000, "drainTimeoutMs", problem);
  const abortGraceMs = integer(raw.abortGraceMs, 5_000, 0, 3_600_000, "abortGraceMs", problem);
  const reportBatchMaxDelayMs = integer(raw.reportBatchMaxDelayMs, 0, 0, 60_000, "reportBatchMaxDelayMs", problem);

  if (raw.reconnect !== undefined && (typeof raw.reconnect !== "object" || raw.reconnect === null)) {
    problem("reconnect", "must be an object { initialDelayMs, maxDelayMs }");
  }
  const initialDelayMs = integer(raw.reconnect?.initialDelayMs, 100, 1, 600_000, "reconnect.initialDelayMs", problem);
  const maxDelayMs = integer(raw.reconnect?.maxDelayMs, 5_000, 1, 3_600_000, "reconnect.maxDelayMs", problem);
  if (maxDelayMs < initialDelayMs) problem("reconnect.maxDelayMs", `must be >= reconnect.initialDelayMs (${initialDelayMs})`);

  const labels: Record<string, string> = {};
  if (raw.labels !== undefined) {
    if (typeof raw.labels !== "object" || raw.labels === null) problem("labels", "must be an object of strings");
    else {
      for (const [key, value] of Object.entries(raw.labels)) {
        if (typeof value !== "string") problem(`labels.${key}`, "must be a string");
        else labels[key] = value;
      }
    }
  }

  if (problems.length > 0) throw new WorkerOptionsError(problems);
  return {
    url: url.replace(/\/+$/, ""),
    token,
    namespace,
    queues,
    concurrency,
    workerId,
    logger: logger!,
    drainTimeoutMs,
    abortGraceMs,
    reconnect: { initialDelayMs, maxDelayMs },
    reportBatchMaxDelayMs,
    labels,
  };
}

function integer(
  value: number | undefined,
  fallback: number,
  min: number,
  max: number,
  option: string,
  problem: (option: string, message: string) => void,
): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
    problem(option, `must be an integer from ${min} to ${max}, got ${JSON.stringify(value)}`);
    return fallback;
  }
  return value;
}

/** The token option, else CONVEYOR_TOKEN, else the file CONVEYOR_TOKEN_FILE names. */
function tokenFrom(option: string | undefined, env: NodeJS.ProcessEnv, problem: (option: string, message: string) => void): { token: string | undefined; source: string } {
  if (option !== undefined) return { token: option, source: "token" };
  const fromEnv = nonEmpty(env["CONVEYOR_TOKEN"]);
  if (fromEnv !== undefined) return { token: fromEnv.trim(), source: "token (from CONVEYOR_TOKEN)" };
  const file = nonEmpty(env["CONVEYOR_TOKEN_FILE"]);
  if (file === undefined) return { token: undefined, source: "token" };
  const source = `token (from the file CONVEYOR_TOKEN_FILE names, ${file})`;
  try {
    return { token: readFileSync(file, "utf8").trim(), source };
  } catch (error) {
    problem(source, `cannot be read: ${(error as Error).message}`);
    return { token: undefined, source };
  }
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === "" ? undefined : value;
}

function isHttpUrl(value: unknown): value is string {
  if (typeof value !== "string") return false;
  try {
    const parsed = new URL(value);
    return parsed.protocol === "http:" || parsed.protocol === "https:";
  } catch {
    return false;
  }
}
