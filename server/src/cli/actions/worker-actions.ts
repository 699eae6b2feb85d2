import { ListWorkersResponseSchema } from "@conveyor/client";
import type { ActionContext } from "../client-runtime.ts";
import { CliError, EXIT } from "../exit-codes.ts";
import { table } from "../output.ts";
import { integer, when } from "./values.ts";

export async function listWorkers(context: ActionContext): Promise<void> {
  const response = await context.client.admin.listWorkers({ namespace: context.namespace });
  context.print.message(ListWorkersResponseSchema, response, () =>
    table(
      ["WORKER", "QUEUES", "TYPES", "HELD/CAPACITY", "CONNECTED", "SERVER", "STATUS"],
      response.workers.map((w) => [
        w.workerId,
        w.queues.join(","),
        w.jobTypes.length > 0 ? w.jobTypes.join(",") : "(all)",
        `${w.heldJobs}/${w.capacity}`,
        when(w.connectedAt),
        w.server,
        w.draining ? "draining" : "active",
      ]),
    ),
  );
}

/** Runs until the worker stops (a signal); the process exits 0 then. */
export async function runWorker(context: ActionContext, options: { handlers: string; queue?: string[]; concurrency?: string; smtpUrl?: string }): Promise<void> {
  if (options.handlers !== "standard") throw new CliError(`--handlers: unknown set "${options.handlers}"; the one set is "standard"`, EXIT.usage);
  const { runStandardWorker, standardWorkerOptionsFromEnv } = await import("@conveyor/worker-sdk/handlers");
  const fromEnv = standardWorkerOptionsFromEnv({ ...process.env, ...(options.smtpUrl ? { CONVEYOR_SMTP_URL: options.smtpUrl } : {}) });
  await runStandardWorker({
    ...fromEnv,
    url: context.connection.url,
    namespace: context.namespace,
    token: context.connection.token,
    queues: options.queue ?? fromEnv.queues,
    concurrency: options.concurrency === undefined ? fromEnv.concurrency : integer(options.concurrency, "--concurrency"),
  });
}
