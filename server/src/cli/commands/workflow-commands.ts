import type { Command } from "commander";
import { apiCommand, clientAction } from "../client-action.ts";

const actions = () => import("../actions/workflow-actions.ts");

export function registerWorkflowCommands(program: Command): void {
  const workflow = program.command("workflow").description("graphs of dependent jobs");

  apiCommand(workflow, "submit")
    .description("submit a workflow from a WorkflowSpec file (JSON or YAML)")
    .requiredOption("-f, --file <path>", "the WorkflowSpec: name, tasks (name, job, dependsOn), failurePolicy, ...; - for stdin")
    .option("-w, --wait", "then watch it until it ends; the exit status says how it ended")
    .option("--quiet", "print only the workflow id")
    .action(clientAction(async (context, _args, options) => (await actions()).submitWorkflow(context, options as never)));

  apiCommand(workflow, "get <id>")
    .description("show a workflow and its task tree")
    .action(clientAction(async (context, args) => (await actions()).getWorkflow(context, args)));

  apiCommand(workflow, "list")
    .description("list workflows, newest first")
    .option("--limit <n>", "at most this many (one page)", "20")
    .option("--page-token <token>", "the next page, from a previous list")
    .action(clientAction(async (context, _args, options) => (await actions()).listWorkflows(context, options as never)));

  apiCommand(workflow, "watch <id>")
    .description("draw the task tree as it runs, until the workflow ends; exit status 0 SUCCEEDED, 3 FAILED, 4 CANCELLED")
    .action(clientAction(async (context, args) => (await actions()).watchWorkflow(context, args)));

  apiCommand(workflow, "cancel <id>")
    .description("cancel a workflow and its unfinished tasks")
    .option("--reason <text>", "why, recorded in the tasks' history")
    .action(clientAction(async (context, args, options) => (await actions()).cancelWorkflow(context, args, options as never)));
}
