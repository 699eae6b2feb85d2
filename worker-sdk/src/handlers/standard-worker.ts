import { readFileSync } from "node:fs";
import { createWorker } from "../create-worker.ts";
import type { Worker } from "../worker.ts";
import type { WorkerOptions } from "../worker-options.ts";
import { registerStandardHandlers, type StandardHandlersOptions } from "./standard-handlers.ts";

export type StandardWorkerOptions = WorkerOptions & Omit<StandardHandlersOptions, "logger">;

/** A worker with the ready-made handlers registered, not yet running. */
export function createStandardWorker(options: StandardWorkerOptions): Worker<never> {
  const { email, failSometimes, ...workerOptions } = options;
  const worker = createWorker(workerOptions) as Worker<never>;
  const release = registerStandardHandlers(worker, { email, failSometimes, logger: workerOptions.logger });
  const off = worker.on("state", (state) => {
    if (state !== "stopped") return;
    off();
    release();
  });
  return worker;
}

/**
 * Runs a worker with the ready-made handlers until it stops: on SIGTERM/SIGINT (a second signal
 * aborts running handlers) unless `installSignalHandlers` is false, or on a fatal error (run()
 * rejects). For `conveyor worker --handlers standard` and examples/standard-worker.ts.
 */
export async function runStandardWorker(options: StandardWorkerOptions & { installSignalHandlers?: boolean }): Promise<void> {
  const { installSignalHandlers = true, ...rest } = options;
  const worker = createStandardWorker(rest);
  if (installSignalHandlers) worker.installSignalHandlers();
  await worker.run();
}

/**
 * The standard worker's options from the environment:
 * CONVEYOR_URL, CONVEYOR_NAMESPACE, CONVEYOR_QUEUES (comma-separated; "default"),
 * CONVEYOR_CONCURRENCY, CONVEYOR_TOKEN or CONVEYOR_TOKEN_FILE, CONVEYOR_SMTP_URL,
 * CONVEYOR_SMTP_PASSWORD_FILE, CONVEYOR_MAIL_FROM ("Conveyor <conveyor@localhost>").
 */
export function standardWorkerOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): StandardWorkerOptions {
  const tokenFile = env["CONVEYOR_TOKEN_FILE"];
  const token = env["CONVEYOR_TOKEN"]?.trim() || (tokenFile ? readFileSync(tokenFile, "utf8").trim() || undefined : undefined);
  const smtpUrl = env["CONVEYOR_SMTP_URL"];
  return {
    url: env["CONVEYOR_URL"] || undefined,
    namespace: env["CONVEYOR_NAMESPACE"] || undefined,
    queues: (env["CONVEYOR_QUEUES"] || "default")
      .split(",")
      .map((queue) => queue.trim())
      .filter(Boolean),
    concurrency: env["CONVEYOR_CONCURRENCY"] ? Number(env["CONVEYOR_CONCURRENCY"]) : undefined,
    token,
    email: smtpUrl
      ? { smtpUrl, passwordFile: env["CONVEYOR_SMTP_PASSWORD_FILE"] || undefined, from: env["CONVEYOR_MAIL_FROM"] || "Conveyor <conveyor@localhost>" }
      : undefined,
  };
}
