// The registry of `conveyor` command groups. A group is a module under commands/ exporting one
// `register…(program)` function that adds its commands; adding a group is one line here.
//
// Group modules must stay cheap to import: they import commander and types only, and load what
// their actions need (the server, the API client, output libraries) with `await import()` inside
// the action, so that `conveyor serve` starts without loading the client and `conveyor job get`
// without loading the server.
import type { Command } from "commander";
import { registerConfigCommands } from "./commands/config-commands.ts";
import { registerDlqCommands } from "./commands/dlq-commands.ts";
import { registerHealthCommand } from "./commands/health-command.ts";
import { registerJobCommands } from "./commands/job-commands.ts";
import { registerQueueCommands } from "./commands/queue-commands.ts";
import { registerScheduleCommands } from "./commands/schedule-commands.ts";
import { registerServerCommands } from "./commands/server-commands.ts";
import { registerWorkflowCommands } from "./commands/workflow-commands.ts";
import { registerCompletionCommand } from "./commands/completion-command.ts";
import { registerWorkerCommands } from "./commands/worker-commands.ts";
import { registerAccountCommands } from "../accounts/account-commands.ts";

export const commandGroups: ReadonlyArray<(program: Command) => void> = [
  registerServerCommands, // serve, migrate, token
  registerJobCommands, // job submit|get|list|watch|cancel|retry
  registerDlqCommands, // dlq list|redrive
  registerWorkflowCommands, // workflow submit|get|list|watch|cancel
  registerScheduleCommands, // schedule create|update|get|list|pause|resume|trigger|delete
  registerQueueCommands, // queue list|get|pause|resume|set-limits
  registerWorkerCommands, // worker list|run
  registerHealthCommand, // health
  registerConfigCommands, // config show|set-profile|use-profile
  registerAccountCommands, // account|role|key (docs/accounts.md)
  registerCompletionCommand, // completion bash|zsh|fish (last: it lists the commands above)
];
