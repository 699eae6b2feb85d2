// A workflow survives a worker process killed mid-task, and runs correctly when its tasks are
// leased and completed through several servers at once: the dependency counts live in Postgres,
// behind row locks, not in any server's memory.
import type { Client } from "@connectrpc/connect";
import { AttemptOutcome } from "@conveyor/client/gen/conveyor/v1/job_pb.js";
import type { WorkflowService } from "@conveyor/client/gen/conveyor/v1/workflow_service_pb.js";
import { describe, expect, it } from "vitest";
import { startChildWorker, useChildProcesses } from "./support/child-processes.ts";
import { workflowClient } from "./support/clients.ts";
import { useConveyor } from "./support/conveyor-harness.ts";
import { useWorkers } from "./support/execution.ts";
import { WorkflowState, task, taskStates, waitForWorkflowEnd, watchToEnd } from "./support/workflows.ts";

const { installation, server } = useConveyor({ amqpQueueType: "classic", leaseTtlMs: 1_500, reaperIntervalMs: 100 });
const workers = useWorkers(() => server().url);
useChildProcesses();

describe("a worker process killed mid-workflow", () => {
  it("loses only its attempt: the task runs again elsewhere and the graph carries on", async () => {
    // A lease far longer than the test: only the closed stream can end the killed attempt in time.
    const longLeases = await installation.startServer({ leaseTtlMs: 30_000 });
    const workflows = workflowClient(longLeases.url);
    const child = await startChildWorker({ url: longLeases.url, queues: ["wf-killed"], types: ["step"], mode: "block", workerId: "doomed-child" });
    const { workflow, taskJobIds } = await workflows.submitWorkflow({
      workflow: { tasks: [task("extract", [], "wf-killed", { maxAttempts: 3 }), task("load", ["extract"], "wf-killed")] },
    });
    await child.waitForLine<{ event?: string; jobId?: string }>((l) => l.event === "started" && l.jobId === taskJobIds["extract"], 10_000, "extract starting");

    const seen: Record<string, unknown>[] = [];
    const { worker: survivor } = await workers.start({ url: longLeases.url, queues: ["wf-killed"] }, (w) =>
      w.handle("step", (job, ctx) => {
        seen.push({ task: job.taskName, attempt: job.attempt, parents: ctx.parentResults });
        return { by: "survivor", task: job.taskName };
      }),
    );
    child.kill("SIGKILL");
    expect(await child.exited).toBe("SIGKILL");

    const done = await waitForWorkflowEnd(workflows, workflow!.id);
    expect(done.state).toBe(WorkflowState.SUCCEEDED);
    const extract = done.tasks.find((t) => t.name === "extract")!.job!;
    expect(extract.attempts.map((a) => [a.outcome, a.workerId])).toEqual([
      [AttemptOutcome.LOST, "doomed-child"],
      [AttemptOutcome.SUCCEEDED, survivor.workerId],
    ]);
    // load ran once, after extract's successful attempt, and saw its result.
    expect(seen).toEqual([
      { task: "extract", attempt: 2, parents: {} },
      { task: "load", attempt: 1, parents: { extract: { by: "survivor", task: "extract" } } },
    ]);
  });
});

describe("several servers", () => {
  it("resolve one workflow's dependencies together: every task runs once, the join after all its parents", async () => {
    const other = await installation.startServer();
    const ran = new Map<string, number>();
    const record = (taskName: string) => ran.set(taskName, (ran.get(taskName) ?? 0) + 1);
    let joinSaw: string[] = [];
    // Each server leases and completes the tasks of its own queue, so that parents finish on both.
    for (const [url, queue] of [
      [server().url, "wf-ha-a"],
      [other.url, "wf-ha-b"],
    ] as const) {
      await workers.start({ url, queues: [queue], concurrency: 8 }, (w) =>
        w.handle("step", (job, ctx) => {
          record(job.taskName);
          if (job.taskName === "join") joinSaw = Object.keys(ctx.parentResults).sort();
          return { from: job.taskName };
        }),
      );
    }
    const parts = Array.from({ length: 40 }, (_, i) => `part-${String(i).padStart(2, "0")}`);
    const { workflow } = await workflowClient(server().url).submitWorkflow({
      workflow: {
        tasks: [
          task("root", [], "wf-ha-a"),
          ...parts.map((name, i) => task(name, ["root"], i % 2 === 0 ? "wf-ha-a" : "wf-ha-b")),
          task("join", parts, "wf-ha-b"),
        ],
      },
    });
    // Watched through the other server: its own LISTEN connection sees every transition.
    const messages = await watchToEnd(workflowClient(other.url), workflow!.id, 20_000);
    expect(messages.at(-1)!.workflow!.state).toBe(WorkflowState.SUCCEEDED);
    expect([...ran.values()].every((n) => n === 1)).toBe(true);
    expect(ran.size).toBe(parts.length + 2);
    expect(joinSaw).toEqual(parts);
    const states = await taskStates(workflowClient(other.url), workflow!.id);
    expect(new Set(Object.values(states))).toEqual(new Set(["SUCCEEDED"]));
    // The join's counter came down to exactly zero, once.
    const [join] = await installation.sql<{ pending_parents: number; failed_parents: number }>(
      "select pending_parents, failed_parents from jobs where workflow_id = $1 and task_name = 'join'",
      [workflow!.id],
    );
    expect(join).toEqual({ pending_parents: 0, failed_parents: 0 });
  });

  it("rescues a task left BLOCKED after its parents finished (a server died before the follow-up)", async () => {
    await workers.start({ queues: ["wf-rescue"] }, (w) => w.handle("step", () => ({})));
    const workflows = workflowClient(server().url);
    const { workflow, taskJobIds } = await workflows.submitWorkflow({ workflow: { tasks: [task("blocked", ["gate"], "wf-rescue"), task("gate", [], "wf-rescue-parked")] } });
    // What a crash between a parent's completion statement and the settling step leaves behind:
    // the parent finished and the count at zero, but the child still BLOCKED.
    await installation.sql("update jobs set state = 'SUCCEEDED', finished_at = now() where id = $1", [taskJobIds["gate"]]);
    await installation.sql("update jobs set pending_parents = 0, updated_at = now() - interval '1 hour' where id = $1", [taskJobIds["blocked"]]);
    const done = await waitForWorkflowEnd(workflows, workflow!.id, 20_000);
    expect(done.state).toBe(WorkflowState.SUCCEEDED);
    expect((await taskStates(workflows, workflow!.id))["blocked"]).toBe("SUCCEEDED");
  });
});
