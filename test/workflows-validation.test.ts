// SubmitWorkflow refuses graphs that cannot run (duplicate names, unknown references,
// self-dependencies, cycles, too many tasks) with INVALID_ARGUMENT and a message naming the field,
// and stores nothing when it refuses.
import type { Client } from "@connectrpc/connect";
import { Code } from "@connectrpc/connect";
import { durationFromMs } from "@bufbuild/protobuf/wkt";
import type { WorkflowService } from "@conveyor/client/gen/conveyor/v1/workflow_service_pb.js";
import { beforeAll, describe, expect, it } from "vitest";
import { orderTasks } from "../server/src/workflows/workflow-graph.ts";
import { workflowClient } from "./support/clients.ts";
import { useConveyor } from "./support/conveyor-harness.ts";
import { rpcError } from "./support/rpc.ts";
import { FailurePolicy, task, type TaskSpecInit } from "./support/workflows.ts";

const MAX_TASKS = 50;
const { installation, server } = useConveyor({ amqpQueueType: "classic", workflowMaxTasks: MAX_TASKS });
let workflows: Client<typeof WorkflowService>;

beforeAll(() => {
  workflows = workflowClient(server().url);
});

async function refusal(tasks: TaskSpecInit[]): Promise<{ code: Code; message: string }> {
  const error = await rpcError(workflows.submitWorkflow({ workflow: { tasks } }));
  return { code: error.code, message: error.rawMessage };
}

describe("SubmitWorkflow validation", () => {
  it.each([
    ["a duplicate task name", [task("a", [], "q"), task("b", [], "q"), task("a", [], "q")], 'workflow.tasks[2].name: duplicate task name "a" (also workflow.tasks[0])'],
    ["an unknown dependency", [task("a", [], "q"), task("b", ["a", "ghost"], "q")], 'workflow.tasks[1].depends_on[1]: unknown task "ghost"'],
    ["a self-dependency", [task("a", ["a"], "q")], 'workflow.tasks[0].depends_on[0]: task "a" cannot depend on itself'],
    ["a dependency listed twice", [task("a", [], "q"), task("b", ["a", "a"], "q")], 'workflow.tasks[1].depends_on[1]: "a" is listed twice'],
    [
      "a cycle, spelled out along depends_on",
      [task("start", [], "q"), task("a", ["b", "start"], "q"), task("b", ["c"], "q"), task("c", ["a"], "q")],
      "workflow.tasks[1].depends_on: cycle a -> b -> c -> a",
    ],
    ["a two-task cycle", [task("x", ["y"], "q"), task("y", ["x"], "q")], "workflow.tasks[0].depends_on: cycle x -> y -> x"],
    ["an invalid task name", [task("has space", [], "q")], "workflow.tasks[0].name: may contain only letters, digits, '_', '.', ':' and '-'"],
    ["no tasks", [], "workflow.tasks: needs at least one task"],
    [
      "a task with a delay",
      [task("a", [], "q", { delay: durationFromMs(1000) })],
      "workflow.tasks[0].job.delay: is not supported for workflow tasks: a task starts when its dependencies allow",
    ],
    ["a task with an idempotency key", [task("a", [], "q", { idempotencyKey: "k" })], "workflow.tasks[0].job.idempotency_key: is not supported for workflow tasks"],
    ["a task whose job is invalid", [task("a", [], "bad queue")], "workflow.tasks[0].job.queue: may contain only letters, digits, '_', '.' and '-'"],
  ])("refuses %s with INVALID_ARGUMENT", async (_what, tasks, message) => {
    expect(await refusal(tasks)).toEqual({ code: Code.InvalidArgument, message });
  });

  it(`refuses more than CONVEYOR_WORKFLOW_MAX_TASKS (${MAX_TASKS}) tasks`, async () => {
    const tasks = Array.from({ length: MAX_TASKS + 1 }, (_, i) => task(`t${i}`, [], "q"));
    expect(await refusal(tasks)).toEqual({
      code: Code.InvalidArgument,
      message: `workflow.tasks: at most ${MAX_TASKS} tasks per workflow (CONVEYOR_WORKFLOW_MAX_TASKS)`,
    });
  });

  it("refuses a missing workflow, an unknown failure policy and a bad namespace", async () => {
    expect((await rpcError(workflows.submitWorkflow({}))).rawMessage).toBe("workflow: is required");
    const policy = await rpcError(workflows.submitWorkflow({ workflow: { failurePolicy: 7 as FailurePolicy, tasks: [task("a", [], "q")] } }));
    expect([policy.code, policy.rawMessage]).toEqual([Code.InvalidArgument, "workflow.failure_policy: must name a failure policy"]);
    const namespace = await rpcError(workflows.submitWorkflow({ namespace: "Not.Valid", workflow: { tasks: [task("a", [], "q")] } }));
    expect(namespace.rawMessage).toMatch(/^namespace: /);
  });

  it("stores nothing for a refused workflow", async () => {
    await refusal([task("a", [], "q"), task("b", ["a", "ghost"], "q")]);
    expect(await installation.sql("select id from workflows")).toEqual([]);
    expect(await installation.sql("select id from jobs")).toEqual([]);
  });

  it("accepts a workflow of exactly the limit", async () => {
    const tasks = Array.from({ length: MAX_TASKS }, (_, i) => task(`t${i}`, i === 0 ? [] : [`t${i - 1}`], "q"));
    const { workflow, taskJobIds } = await workflows.submitWorkflow({ workflow: { tasks } });
    expect(workflow!.taskCounts).toEqual({ READY: 1, BLOCKED: MAX_TASKS - 1 });
    expect(Object.keys(taskJobIds)).toHaveLength(MAX_TASKS);
  });
});

describe("the other RPCs' validation", () => {
  it("answers NOT_FOUND for an unknown workflow, and INVALID_ARGUMENT for a malformed id or page token", async () => {
    const id = "01890a5d-ac96-774b-bcce-b302099a8057";
    for (const call of [workflows.getWorkflow({ id }), workflows.cancelWorkflow({ id })]) {
      const error = await rpcError(call);
      expect([error.code, error.rawMessage]).toEqual([Code.NotFound, `workflow ${id} not found in namespace default`]);
    }
    const watch = await rpcError((async () => {
      for await (const _ of workflows.watchWorkflow({ id })) break;
    })());
    expect(watch.code).toBe(Code.NotFound);
    expect((await rpcError(workflows.getWorkflow({ id: "nope" }))).rawMessage).toBe("id: must be a job id (a UUID)");
    expect((await rpcError(workflows.listWorkflows({ pageToken: "garbage" }))).rawMessage).toBe(
      "page_token: is not a token from a previous ListWorkflows response",
    );
  });
});

describe("graph ordering", () => {
  it("puts every task after the tasks it depends on, keeping submission order otherwise", () => {
    const order = orderTasks([
      { name: "report", dependsOn: ["join"] },
      { name: "a", dependsOn: [] },
      { name: "join", dependsOn: ["a", "b"] },
      { name: "b", dependsOn: [] },
    ]);
    expect(order).toEqual([1, 3, 2, 0]);
  });

  it("handles a 10,000-deep chain without overflowing the stack", () => {
    const tasks = Array.from({ length: 10_000 }, (_, i) => ({ name: `t${i}`, dependsOn: i === 0 ? [] : [`t${i - 1}`] })).reverse();
    const order = orderTasks(tasks);
    expect(order[0]).toBe(9_999);
    expect(order.at(-1)).toBe(0);
  });
});
