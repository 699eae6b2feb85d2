import type { Command } from "commander";
import { apiCommand, clientAction, collect } from "../client-action.ts";

const actions = () => import("../actions/job-actions.ts");

/** Options that filter jobs, shared by `job list` and the `dlq` commands. */
export function addJobFilters(command: Command, { states = true } = {}): Command {
  command.option("-q, --queue <queue>", "only this queue").option("-t, --type <type>", "only this job type");
  if (states) command.option("-s, --state <state>", "only these states, e.g. DEAD or RUNNING,READY (repeatable)", collect);
  return command
    .option("--created-after <time>", "only jobs created after this time (RFC 3339)")
    .option("--created-before <time>", "only jobs created before this time (RFC 3339)");
}

export function registerJobCommands(program: Command): void {
  const job = program.command("job").description("submit, inspect and steer jobs");

  apiCommand(job, "submit")
    .description("submit a job (flags, or a JobSpec file in JSON or YAML, flags over it)")
    .option("-f, --file <path>", "a JobSpec as JSON or YAML (its JSON mapping: queue, type, payload, maxAttempts, backoff, ...)")
    .option("-q, --queue <queue>", "the queue")
    .option("-t, --type <type>", "the job type, which selects the handler")
    .option("-p, --payload <json>", "the payload, a JSON object")
    .option("--priority <n>", "priority (stored and returned; see docs/concepts.md for what it does today)")
    .option("--delay <duration>", "run after this long: 250ms, 90s, 30m, 2h, 7d")
    .option("--run-at <time>", "run at this time (RFC 3339)")
    .option("--max-attempts <n>", "attempts before the job is DEAD (server default if unset)")
    .option("--timeout <duration>", "per-attempt timeout: 90s, 30m, ...")
    .option("--idempotency-key <key>", "a second submit with this key returns the first job")
    .option("-l, --label <key=value>", "a label (repeatable)", collect)
    .option("--webhook-url <url>", "POSTed to when the job ends")
    .option("-w, --wait", "then watch the job until it ends; the exit status says how it ended")
    .option("--quiet", "print only the job id")
    .action(clientAction(async (context, _args, options) => (await actions()).submitJob(context, options as never)));

  apiCommand(job, "get <id>")
    .description("show a job: state, attempts, payload, result, last error")
    .action(clientAction(async (context, args) => (await actions()).getJob(context, args)));

  addJobFilters(apiCommand(job, "list").description("list jobs, newest first"))
    .option("--limit <n>", "at most this many (one page)", "20")
    .option("--page-token <token>", "the next page, from a previous list")
    .action(clientAction(async (context, _args, options) => (await actions()).listJobs(context, options as never)));

  apiCommand(job, "watch <id>")
    .description("follow a job's transitions until it ends; exit status 0 SUCCEEDED, 3 DEAD, 4 CANCELLED, 5 SKIPPED")
    .action(clientAction(async (context, args) => (await actions()).watchJob(context, args)));

  apiCommand(job, "cancel <id>")
    .description("cancel a job (a running handler is told through its abort signal)")
    .option("--reason <text>", "why, recorded in the job's history")
    .action(clientAction(async (context, args, options) => (await actions()).cancelJob(context, args, options as never)));

  apiCommand(job, "retry <id>")
    .description("run a DEAD or CANCELLED job again, from attempt 1")
    .action(clientAction(async (context, args) => (await actions()).retryJob(context, args)));

  apiCommand(job, "logs <id>")
    .description("the log lines the job's handlers wrote (ctx.log), oldest first")
    .option("--limit <n>", "at most this many lines (default: all)")
    .action(clientAction(async (context, args, options) => (await actions()).jobLogs(context, args, options as never)));

}
