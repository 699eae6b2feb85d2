import type { Command } from "commander";
import { apiCommand, clientAction, collect } from "../client-action.ts";

const actions = () => import("../actions/worker-actions.ts");

/** Workers: who is connected, and a worker process with the ready-made handlers. */
export function registerWorkerCommands(program: Command): void {
  const worker = program.command("worker").description("connected workers, and a worker with the ready-made handlers");

  apiCommand(worker, "list")
    .description("workers connected to the server that answers (each server knows its own Lease streams; needs the admin scope)")
    .action(clientAction(async (context) => (await actions()).listWorkers(context)));

  apiCommand(worker, "run")
    .description("run a worker with the ready-made handlers (docs/ready-made-handlers.md) until SIGTERM or SIGINT; needs the worker scope")
    .requiredOption("--handlers <set>", 'the handlers to register: "standard" (send_email, webhook_call, delayed_message, fail_sometimes and their upper-case aliases)')
    .option("-q, --queue <queue>", 'a queue to take jobs from (repeatable; default "default")', collect)
    .option("-c, --concurrency <n>", "jobs run at once")
    .option("--smtp-url <url>", "SMTP server for send_email (CONVEYOR_SMTP_URL); without it send_email is not registered")
    .action(clientAction(async (context, _args, options) => (await actions()).runWorker(context, options as never)));
}
