import type { Command } from "commander";
import { apiCommand, clientAction } from "../client-action.ts";
import { addJobFilters } from "./job-commands.ts";

const actions = () => import("../actions/dlq-actions.ts");

/** Dead letters: jobs in state DEAD. */
export function registerDlqCommands(program: Command): void {
  const dlq = program.command("dlq").description("dead letters: list DEAD jobs and run them again");

  addJobFilters(apiCommand(dlq, "list").description("list DEAD jobs, newest first"), { states: false })
    .option("--limit <n>", "at most this many (one page)", "20")
    .option("--page-token <token>", "the next page, from a previous list")
    .action(clientAction(async (context, _args, options) => (await actions()).listDead(context, options as never)));

  addJobFilters(apiCommand(dlq, "redrive").description("retry every DEAD job that matches the filters (RetryJob each, in batches)"), { states: false })
    .option("--dry-run", "only count the jobs that would be retried")
    .option("--max <n>", "retry at most this many", "10000")
    .option("--batch-size <n>", "jobs moved per RetryJobs call (one transaction on the server), at most 1,000", "500")
    .action(clientAction(async (context, _args, options) => (await actions()).redrive(context, options as never)));
}
