import { fromJson, type JsonObject } from "@bufbuild/protobuf";
import { JobState, ListWorkflowsResponseSchema, SubmitWorkflowResponseSchema, WatchWorkflowResponseSchema, WorkflowSchema, WorkflowSpecSchema, WorkflowState, stateName, type Workflow } from "@conveyor/client";
import kleur from "kleur";
import ora from "ora";
import type { ActionContext } from "../client-runtime.ts";
import { CliError, EXIT } from "../exit-codes.ts";
import { colourState, details, table } from "../output.ts";
import { integer, readSpecFile, when } from "./values.ts";

export async function submitWorkflow(context: ActionContext, options: { file: string; wait?: boolean; quiet?: boolean }): Promise<number> {
  let workflow;
  try {
    workflow = fromJson(WorkflowSpecSchema, readSpecFile(options.file) as JsonObject);
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw new CliError(`${options.file}: ${(error as Error).message}`, EXIT.usage);
  }
  const response = await context.client.workflows.submitWorkflow({ namespace: context.namespace, workflow });
  const submitted = response.workflow!;
  if (options.quiet) process.stdout.write(submitted.id + "\n");
  else context.print.message(SubmitWorkflowResponseSchema, response, () => `${response.created ? "submitted" : "already submitted (idempotency key)"} workflow ${kleur.bold(submitted.id)}\n${taskTree(submitted)}`);
  if (options.wait) return watchWorkflow(context, [submitted.id], { quiet: options.quiet });
  return EXIT.ok;
}

export async function getWorkflow(context: ActionContext, [id]: string[]): Promise<void> {
  const { workflow } = await context.client.workflows.getWorkflow({ namespace: context.namespace, id: id! });
  context.print.message(WorkflowSchema, workflow!, () => `${summary(workflow!)}\n\n${taskTree(workflow!)}`);
}

export async function listWorkflows(context: ActionContext, options: { limit: string; pageToken?: string }): Promise<void> {
  const response = await context.client.workflows.listWorkflows({ namespace: context.namespace, pageSize: integer(options.limit, "--limit", 1), pageToken: options.pageToken ?? "" });
  context.print.message(ListWorkflowsResponseSchema, response, () => {
    const rows = response.workflows.map((w) => [w.id, w.name, colourState(workflowStateName(w.state)), counts(w), when(w.createdAt)]);
    const more = response.nextPageToken ? `\n${kleur.dim(`more: --page-token ${response.nextPageToken}`)}` : "";
    return table(["ID", "NAME", "STATE", "TASKS", "CREATED"], rows) + more;
  });
}

export async function cancelWorkflow(context: ActionContext, [id]: string[], options: { reason?: string }): Promise<void> {
  const response = await context.client.workflows.cancelWorkflow({ namespace: context.namespace, id: id!, reason: options.reason ?? "" });
  context.print.message(WorkflowSchema, response.workflow!, () => `workflow ${kleur.bold(id!)} ${colourState(workflowStateName(response.workflow!.state))} (${response.cancelledTasks} task${response.cancelledTasks === 1 ? "" : "s"} cancelled)`);
}

/** Redraws the task tree on each update; the exit status says how the workflow ended. */
export async function watchWorkflow(context: ActionContext, [id]: string[], options: { quiet?: boolean } = {}): Promise<number> {
  const spinner = context.print.interactive && !options.quiet ? ora({ text: `workflow ${id}`, stream: process.stderr }).start() : undefined;
  let last: Workflow | undefined;
  // The stream's updates carry the workflow's state and each task's transition, not the task list:
  // the tree drawn under the spinner starts from GetWorkflow and applies the transitions.
  const tree = spinner ? (await context.client.workflows.getWorkflow({ namespace: context.namespace, id: id! })).workflow : undefined;
  try {
    for await (const update of context.client.workflows.watchWorkflow({ namespace: context.namespace, id: id! }, { timeoutMs: 0 })) {
      last = update.workflow ?? last;
      if (options.quiet) continue;
      if (spinner && tree) {
        const task = tree.tasks.find((t) => t.name === update.taskName);
        if (task?.job && update.event) task.job.state = update.event.toState;
        if (last) tree.state = last.state;
        spinner.text = `${summaryLine(tree)}\n${taskTree(tree)}`;
      } else {
        context.print.streamed(WatchWorkflowResponseSchema, update, () => {
          const event = update.event;
          if (!event) return `${summaryLine(last!)}`;
          return `${kleur.dim(when(event.at))} task ${kleur.bold(update.taskName)}: ${event.fromState ? `${colourState(stateName(event.fromState))} → ` : ""}${colourState(stateName(event.toState))}`;
        });
      }
    }
  } finally {
    spinner?.stop();
  }
  if (!last) return EXIT.failure;
  if (!options.quiet && context.print.format === "table") {
    // The stream's updates carry the workflow's state; its tasks come with GetWorkflow.
    const { workflow } = await context.client.workflows.getWorkflow({ namespace: context.namespace, id: id! });
    context.print.note(`${summaryLine(workflow!)}\n${taskTree(workflow!)}`);
  }
  if (last.state === WorkflowState.SUCCEEDED) return EXIT.ok;
  if (last.state === WorkflowState.FAILED) return EXIT.jobDead;
  if (last.state === WorkflowState.CANCELLED) return EXIT.jobCancelled;
  return EXIT.failure;
}

export function workflowStateName(state: WorkflowState): string {
  return WorkflowState[state] ?? `WorkflowState(${state})`;
}

function counts(workflow: Workflow): string {
  return Object.entries(workflow.taskCounts).map(([state, count]) => `${count} ${state.replace(/^JOB_STATE_/, "")}`).join(", ");
}

function summaryLine(workflow: Workflow): string {
  return `workflow ${kleur.bold(workflow.id)} ${workflow.name ? `(${workflow.name}) ` : ""}${colourState(workflowStateName(workflow.state))}`;
}

function summary(workflow: Workflow): string {
  return details([
    ["id", workflow.id],
    ["name", workflow.name],
    ["state", colourState(workflowStateName(workflow.state))],
    ["created", when(workflow.createdAt)],
    ["cancelled", when(workflow.cancelledAt)],
    ["tasks", counts(workflow)],
    ["labels", Object.entries(workflow.labels).map(([k, v]) => `${k}=${v}`).join(", ")],
  ]);
}

/**
 * The tasks as a tree: roots (no dependencies) first, each task under the tasks it depends on.
 * A task with several dependencies is drawn in full under the first and named under the others.
 */
export function taskTree(workflow: Workflow): string {
  const byName = new Map(workflow.tasks.map((task) => [task.name, task]));
  const children = new Map<string, string[]>();
  for (const task of workflow.tasks) for (const parent of task.dependsOn) children.set(parent, [...(children.get(parent) ?? []), task.name]);
  const drawn = new Set<string>();
  const lines: string[] = [];
  const label = (name: string) => {
    const job = byName.get(name)?.job;
    const state = job ? stateName(job.state) : stateName(JobState.UNSPECIFIED);
    return `${kleur.bold(name)} ${colourState(state)}${job?.attempt && job.attempt > 1 ? kleur.dim(` attempt ${job.attempt}`) : ""}${job ? kleur.dim(` ${job.id}`) : ""}`;
  };
  const draw = (name: string, prefix: string, last: boolean, root: boolean) => {
    const branch = root ? "" : last ? "└─ " : "├─ ";
    if (drawn.has(name)) {
      lines.push(`${prefix}${branch}${kleur.dim(`${name} (above)`)}`);
      return;
    }
    drawn.add(name);
    lines.push(`${prefix}${branch}${label(name)}`);
    const next = children.get(name) ?? [];
    const childPrefix = root ? prefix : prefix + (last ? "   " : "│  ");
    next.forEach((child, index) => draw(child, childPrefix, index === next.length - 1, false));
  };
  for (const task of workflow.tasks) if (task.dependsOn.length === 0) draw(task.name, "", true, true);
  return lines.join("\n");
}
