import type { Command } from "commander";
import { apiCommand, clientAction } from "../client-action.ts";

const actions = () => import("../actions/queue-actions.ts");

/** Queue administration (AdminService): needs a token with the `admin` scope. */
export function registerQueueCommands(program: Command): void {
  const queue = program.command("queue").description("queue administration (needs the admin scope)");

  apiCommand(queue, "list")
    .description("queues with jobs or settings: depth, rates, limits")
    .action(clientAction(async (context) => (await actions()).listQueues(context)));

  apiCommand(queue, "get <queue>")
    .description("one queue: depth, oldest ready job, rates, limits")
    .action(clientAction(async (context, args) => (await actions()).getQueue(context, args)));

  apiCommand(queue, "pause <queue>")
    .description("stop handing the queue's jobs to workers (submits still queue up)")
    .action(clientAction(async (context, args) => (await actions()).pauseQueue(context, args, true)));

  apiCommand(queue, "resume <queue>")
    .description("hand the queue's jobs to workers again")
    .action(clientAction(async (context, args) => (await actions()).pauseQueue(context, args, false)));

  apiCommand(queue, "set-limits <queue>")
    .description("set the queue's limits; 0 removes a limit")
    .option("--concurrency <n>", "jobs of the queue running at once, across all workers (0: no limit)")
    .option("--rate <per-second>", "jobs started per second, across all workers (0: no limit)")
    .option("--webhook-url <url>", "POSTed to when one of its jobs ends (empty: none)")
    .action(clientAction(async (context, args, options) => (await actions()).setLimits(context, args, options as never)));
}
