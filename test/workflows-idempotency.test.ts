// SubmitWorkflow's idempotency key: a client that retries after a timeout gets the workflow it
// started, never a second run of the graph. The database's unique index on (namespace, key)
// decides, so racing submits of one key, even through different servers, make one workflow.
import { Code, type Client } from "@connectrpc/connect";
import type { WorkflowService } from "@conveyor/client/gen/conveyor/v1/workflow_service_pb.js";
import { beforeAll, describe, expect, it } from "vitest";
import { workflowClient } from "./support/clients.ts";
import { useConveyor } from "./support/conveyor-harness.ts";
import { rpcError } from "./support/rpc.ts";
import { task } from "./support/workflows.ts";

const { installation, server } = useConveyor({ amqpQueueType: "classic" });
let workflows: Client<typeof WorkflowService>;

beforeAll(() => {
  workflows = workflowClient(server().url);
});

/** extract -> (clean-eu, clean-us) -> report, on queue `queue`. */
function etlTasks(queue: string) {
  return [task("extract", [], queue), task("clean-eu", ["extract"], queue), task("clean-us", ["extract"], queue), task("report", ["clean-eu", "clean-us"], queue)];
}

async function storedWorkflows(key: string): Promise<{ id: string; namespace: string }[]> {
  return installation.sql("select id, namespace from workflows where idempotency_key = $1 order by namespace", [key]);
}

async function taskJobCount(workflowId: string): Promise<number> {
  const [row] = await installation.sql<{ n: number }>("select count(*)::int as n from jobs where workflow_id = $1", [workflowId]);
  return row!.n;
}

describe("SubmitWorkflow with an idempotency key", () => {
  it("returns the original workflow to a retry, created=false, with the same task jobs and no new ones", async () => {
    const first = await workflows.submitWorkflow({ workflow: { name: "nightly", idempotencyKey: "nightly-2024-06-01", tasks: etlTasks("wf-retry") } });
    expect(first.created).toBe(true);
    expect(first.workflow!.idempotencyKey).toBe("nightly-2024-06-01");

    const retry = await workflows.submitWorkflow({ workflow: { name: "nightly", idempotencyKey: "nightly-2024-06-01", tasks: etlTasks("wf-retry") } });
    expect(retry.created).toBe(false);
    expect(retry.workflow!.id).toBe(first.workflow!.id);
    expect(retry.taskJobIds).toEqual(first.taskJobIds);
    expect(await storedWorkflows("nightly-2024-06-01")).toHaveLength(1);
    expect(await taskJobCount(first.workflow!.id)).toBe(4);
    const [jobs] = await installation.sql<{ n: number }>("select count(*)::int as n from jobs where queue = 'wf-retry'");
    expect(jobs!.n).toBe(4);
  });

  it("returns the original workflow whatever the retry's spec says", async () => {
    const first = await workflows.submitWorkflow({ workflow: { name: "original", idempotencyKey: "changed-spec", tasks: [task("only", [], "wf-spec")] } });
    const other = await workflows.submitWorkflow({ workflow: { name: "other", idempotencyKey: "changed-spec", tasks: etlTasks("wf-spec") } });
    expect(other).toMatchObject({ created: false, workflow: { id: first.workflow!.id, name: "original" }, taskJobIds: first.taskJobIds });
    expect(await taskJobCount(first.workflow!.id)).toBe(1);
  });

  it("returns the original workflow even after it was cancelled", async () => {
    const first = await workflows.submitWorkflow({ workflow: { idempotencyKey: "cancelled", tasks: etlTasks("wf-cancelled") } });
    await workflows.cancelWorkflow({ id: first.workflow!.id });
    const retry = await workflows.submitWorkflow({ workflow: { idempotencyKey: "cancelled", tasks: etlTasks("wf-cancelled") } });
    expect(retry).toMatchObject({ created: false, workflow: { id: first.workflow!.id, cancelledAt: expect.anything() } });
  });

  it("gives 20 racing submits of one key, through two servers, one workflow and one set of task jobs", async () => {
    const otherServer = workflowClient((await installation.startServer()).url);
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        (i % 2 ? otherServer : workflows).submitWorkflow({ workflow: { name: `caller-${i}`, idempotencyKey: "race", tasks: etlTasks("wf-race") } }),
      ),
    );
    const ids = new Set(results.map((r) => r.workflow!.id));
    expect(ids.size).toBe(1);
    expect(results.filter((r) => r.created)).toHaveLength(1);
    const winner = results.find((r) => r.created)!;
    for (const result of results) {
      expect(result.taskJobIds).toEqual(winner.taskJobIds);
      // Everyone sees the workflow as stored: the winner's name, not their own.
      expect(result.workflow!.name).toBe(winner.workflow!.name);
    }
    expect(await storedWorkflows("race")).toEqual([{ id: winner.workflow!.id, namespace: "default" }]);
    const [jobs] = await installation.sql<{ n: number }>("select count(*)::int as n from jobs where queue = 'wf-race'");
    expect(jobs!.n).toBe(4);
  });

  it("lets different namespaces use the same key for different workflows", async () => {
    const a = await workflows.submitWorkflow({ namespace: "team-a", workflow: { idempotencyKey: "shared", tasks: etlTasks("wf-shared") } });
    const b = await workflows.submitWorkflow({ namespace: "team-b", workflow: { idempotencyKey: "shared", tasks: etlTasks("wf-shared") } });
    expect([a.created, b.created]).toEqual([true, true]);
    expect(b.workflow!.id).not.toBe(a.workflow!.id);
    expect(Object.values(b.taskJobIds)).not.toContain(a.taskJobIds["extract"]);
    expect((await storedWorkflows("shared")).map((row) => row.namespace)).toEqual(["team-a", "team-b"]);
  });

  it("makes a new workflow on every submit without a key", async () => {
    const first = await workflows.submitWorkflow({ workflow: { tasks: [task("a", [], "wf-no-key")] } });
    const second = await workflows.submitWorkflow({ workflow: { tasks: [task("a", [], "wf-no-key")] } });
    expect([first.created, second.created]).toEqual([true, true]);
    expect(second.workflow!.id).not.toBe(first.workflow!.id);
    expect(first.workflow!.idempotencyKey).toBe("");
  });

  it("shows the key in GetWorkflow and ListWorkflows", async () => {
    const { workflow } = await workflows.submitWorkflow({ namespace: "shown", workflow: { idempotencyKey: "shown-key", tasks: [task("a", [], "wf-shown")] } });
    expect((await workflows.getWorkflow({ namespace: "shown", id: workflow!.id })).workflow!.idempotencyKey).toBe("shown-key");
    expect((await workflows.listWorkflows({ namespace: "shown" })).workflows.map((w) => w.idempotencyKey)).toEqual(["shown-key"]);
  });

  it("refuses a key longer than a job's (256 characters) with INVALID_ARGUMENT naming the field, storing nothing", async () => {
    const key = "k".repeat(257);
    const error = await rpcError(workflows.submitWorkflow({ namespace: "refused", workflow: { idempotencyKey: key, tasks: [task("a", [], "wf-refused")] } }));
    expect([error.code, error.rawMessage]).toEqual([Code.InvalidArgument, "workflow.idempotency_key: must be at most 256 characters"]);
    expect(await installation.sql("select id from workflows where namespace = 'refused'")).toEqual([]);
    // 256 is allowed.
    const accepted = await workflows.submitWorkflow({ namespace: "refused", workflow: { idempotencyKey: "k".repeat(256), tasks: [task("a", [], "wf-refused")] } });
    expect(accepted.created).toBe(true);
  });
});
