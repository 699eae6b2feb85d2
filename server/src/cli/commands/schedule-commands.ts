import type { Command } from "commander";
import { apiCommand, clientAction, collect } from "../client-action.ts";

const actions = () => import("../actions/schedule-actions.ts");

/** Flags for the common fields of a ScheduleSpec; a file (-f) holds any field. */
function addScheduleSpecOptions(command: Command): Command {
  return command
    .option("-f, --file <path>", "a ScheduleSpec as JSON or YAML (flags override its fields); - for stdin")
    .option("--name <name>", "the schedule's name, unique in its namespace")
    .option("--cron <expression>", 'cron, 5 fields or 6 with seconds first, e.g. "30 2 * * *"')
    .option("--interval <duration>", "a fixed interval instead of cron: 90s, 30m, 2h")
    .option("--timezone <zone>", "IANA timezone for cron, e.g. Europe/Paris (default UTC)")
    .option("-q, --queue <queue>", "the queue of the jobs it submits")
    .option("-t, --type <type>", "the type of the jobs it submits")
    .option("-p, --payload <json>", "their payload, a JSON object")
    .option("--jitter <duration>", "delay each fire by up to this long, at random")
    .option("-l, --label <key=value>", "a label on each submitted job (repeatable)", collect);
}

export function registerScheduleCommands(program: Command): void {
  const schedule = program.command("schedule").description("recurring jobs");

  addScheduleSpecOptions(apiCommand(schedule, "create").description("create a schedule"))
    .option("--paused", "created paused")
    .action(clientAction(async (context, _args, options) => (await actions()).createSchedule(context, options as never)));

  addScheduleSpecOptions(apiCommand(schedule, "update <id>").description("change a schedule: the given fields over its current spec"))
    .action(clientAction(async (context, args, options) => (await actions()).updateSchedule(context, args, options as never)));

  apiCommand(schedule, "get <id>")
    .description("show a schedule and its next fire time")
    .action(clientAction(async (context, args) => (await actions()).getSchedule(context, args)));

  apiCommand(schedule, "list")
    .description("list schedules")
    .option("--limit <n>", "at most this many (one page)", "50")
    .option("--page-token <token>", "the next page, from a previous list")
    .action(clientAction(async (context, _args, options) => (await actions()).listSchedules(context, options as never)));

  for (const [name, description] of [
    ["pause", "stop firing until resumed"],
    ["resume", "fire again (missed fires follow its misfire policy)"],
    ["trigger", "submit its job now, once, whatever its timing"],
    ["delete", "delete a schedule (jobs it submitted stay)"],
  ] as const) {
    apiCommand(schedule, `${name} <id>`)
      .description(description)
      .action(clientAction(async (context, args) => (await actions()).steerSchedule(context, name, args)));
  }
}
