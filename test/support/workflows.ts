import type { MessageInitShape } from "@bufbuild/protobuf";
import type { Client } from "@connectrpc/connect";
import { JobState } from "@conveyor/client/gen/conveyor/v1/job_pb.js";
import {
  FailurePolicy,
  WorkflowState,
  type Workflow,
  type WorkflowService,
  type WorkflowTaskSpecSchema,
  type WatchWorkflowResponse,
} from "@conveyor/client/gen/conveyor/v1/workflow_service_pb.js";
import { within } from "./rpc.ts";
import type { JobSpecInit } from "./jobs.ts";

export type TaskSpecInit = MessageInitShape<typeof WorkflowTaskSpecSchema>;

/** A task of type `type` (default "step") on `queue`, depending on `dependsOn`. */
export function task(name: string, dependsOn: string[], queue: string, job: JobSpecInit = {}, failurePolicy = FailurePolicy.UNSPECIFIED): TaskSpecInit {
  return { name, dependsOn, failurePolicy, job: { queue, type: "step", ...job } };
}

/** The state of each task of a workflow, by name, as GetWorkflow shows it. */
export async function taskStates(workflows: Client<typeof WorkflowService>, id: string): Promise<Record<string, string>> {
  const { workflow } = await workflows.getWorkflow({ id });
  return Object.fromEntries(workflow!.tasks.map((t) => [t.name, JobState[t.job!.state]]));
}

/**
 * Follows WatchWorkflow until the workflow ends; returns the stream's messages. Fails when the
 * stream does not end within `timeoutMs`.
 */
export async function watchToEnd(workflows: Client<typeof WorkflowService>, id: string, timeoutMs = 15_000): Promise<WatchWorkflowResponse[]> {
  const abort = new AbortController();
  const messages: WatchWorkflowResponse[] = [];
  const reading = (async () => {
    for await (const message of workflows.watchWorkflow({ id }, { signal: abort.signal })) messages.push(message);
  })();
  try {
    await within(reading, timeoutMs, `WatchWorkflow ${id} ending`);
  } finally {
    abort.abort();
  }
  return messages;
}

/** Waits (through WatchWorkflow) until the workflow has ended, then returns it as GetWorkflow shows it. */
export async function waitForWorkflowEnd(workflows: Client<typeof WorkflowService>, id: string, timeoutMs = 15_000): Promise<Workflow> {
  await watchToEnd(workflows, id, timeoutMs);
  const { workflow } = await workflows.getWorkflow({ id });
  return workflow!;
}

export { FailurePolicy, WorkflowState };
