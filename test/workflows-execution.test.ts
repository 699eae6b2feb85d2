// Workflows run their tasks in dependency order: a task starts only once the tasks it depends on
// have finished as its failure policy requires, sees their results, and is skipped, run anyway,
// resumed or cancelled along the graph.
import type { JsonObject } from "@bufbuild/protobuf";
import { durationFromMs } from "@bufbuild/protobuf/wkt";
import type { Client } from "@connectrpc/connect";
import { AttemptOutcome, JobState } from "@conveyor/client/gen/conveyor/v1/job_pb.js";
import type { JobService } from "@conveyor/client/gen/conveyor/v1/job_service_pb.js";
import type { WorkflowService } from "@conveyor/client/gen/conveyor/v1/workflow_service_pb.js";
import { JobCancelledError, NonRetryableError } from "@conveyor/worker-sdk";
import { beforeAll, describe, expect, it } from "vitest";
import { grpcClients, workflowClient } from "./support/clients.ts";
import { useConveyor } from "./support/conveyor-harness.ts";
import { deferred, jobHistory, msBetween, pollUntil, useWorkers } from "./support/execution.ts";
import { jsonPayload } from "./support/jobs.ts";
import { within } from "./support/rpc.ts";
import { FailurePolicy, WorkflowState, task, taskStates, waitForWorkflowEnd, watchToEnd } from "./support/workflows.ts";

const { installation, server } = useConveyor({ amqpQueueType: "classic" });
const workers = useWorkers(() => server().url);
let jobs: Client<typeof JobService>;
let workflows: Client<typeof WorkflowService>;

beforeAll(() => {
  jobs = grpcClients(server().url).jobs;
  workflows = workflowClient(server().url);
});

describe("dependency order", () => {
  it("runs a chain one task after the other, each only once its parent has succeeded", async () => {
    const ran: string[] = [];
    await workers.start({ queues: ["wf-chain"], concurrency: 5 }, (w) =>
      w.handle("step", async (job) => {
        ran.push(job.taskName);
        await new Promise((resolve) => setTimeout(resolve, 20));
        return { step: job.taskName };
      }),
    );
    const { workflow: submitted, taskJobIds } = await workflows.submitWorkflow({
      workflow: { name: "chain", tasks: [task("c", ["b"], "wf-chain"), task("b", ["a"], "wf-chain"), task("a", [], "wf-chain")] },
    });
    expect(submitted!.state).toBe(WorkflowState.RUNNING);
    expect(Object.keys(taskJobIds).sort()).toEqual(["a", "b", "c"]);

    const workflow = await waitForWorkflowEnd(workflows, submitted!.id);
    expect(workflow.state).toBe(WorkflowState.SUCCEEDED);
    expect(ran).toEqual(["a", "b", "c"]);
    // Listed parents first, whatever the submission order.
    expect(workflow.tasks.map((t) => [t.name, t.dependsOn])).toEqual([["a", []], ["b", ["a"]], ["c", ["b"]]]);
    const [a, b, c] = workflow.tasks.map((t) => t.job!);
    expect(msBetween(a!.finishedAt, b!.attempts[0]!.startedAt)).toBeGreaterThanOrEqual(0);
    expect(msBetween(b!.finishedAt, c!.attempts[0]!.startedAt)).toBeGreaterThanOrEqual(0);
    expect(c!.workflowId).toBe(submitted!.id);
    expect(c!.taskName).toBe("c");
    expect(await jobHistory(installation, c!.id)).toEqual(["->BLOCKED", "BLOCKED->READY", "READY->RUNNING", "RUNNING->SUCCEEDED"]);
  });

  it("fans out, and fans in only when every parent has succeeded, handing the join all their results", async () => {
    const slow = deferred();
    const seen = new Map<string, Record<string, unknown>>();
    await workers.start({ queues: ["wf-fan"], concurrency: 10 }, (w) =>
      w.handle("step", async (job, ctx): Promise<JsonObject> => {
        seen.set(job.taskName, { ...ctx.parentResults });
        if (job.taskName === "part-3") await slow.promise;
        if (job.taskName === "root") return { rows: 10 };
        if (job.taskName === "join") return {};
        return { part: job.taskName, rows: (ctx.parentResults["root"] as { rows: number }).rows };
      }),
    );
    const parts = ["part-1", "part-2", "part-3", "part-4"];
    const { workflow } = await workflows.submitWorkflow({
      workflow: { tasks: [task("root", [], "wf-fan"), ...parts.map((p) => task(p, ["root"], "wf-fan")), task("join", parts, "wf-fan")] },
    });
    const id = workflow!.id;

    await pollUntil("three parts done", () => taskStates(workflows, id), (s) => parts.filter((p) => s[p] === "SUCCEEDED").length === 3);
    // One parent is still running: the join waits.
    expect((await taskStates(workflows, id))["join"]).toBe("BLOCKED");
    slow.resolve();

    expect((await waitForWorkflowEnd(workflows, id)).state).toBe(WorkflowState.SUCCEEDED);
    expect(seen.get("root")).toEqual({});
    expect(seen.get("part-2")).toEqual({ root: { rows: 10 } });
    expect(seen.get("join")).toEqual(Object.fromEntries(parts.map((p) => [p, { part: p, rows: 10 }])));
  });

  it("mixes queues and job types, and keeps each task's own retries", async () => {
    let flakyAttempts = 0;
    await workers.start({ queues: ["wf-mix-a"] }, (w) =>
      w.handle("flaky", () => {
        flakyAttempts++;
        if (flakyAttempts === 1) throw new Error("transient");
        return { fixed: true };
      }),
    );
    await workers.start({ queues: ["wf-mix-b"] }, (w) => w.handle("report", (_job, ctx) => ({ saw: (ctx.parentResults["fetch"] as JsonObject | undefined) ?? null })));
    const { workflow } = await workflows.submitWorkflow({
      workflow: {
        tasks: [
          task("fetch", [], "wf-mix-a", { type: "flaky", maxAttempts: 3, backoff: { initial: durationFromMs(50), jitter: 1e-9 } }),
          task("report", ["fetch"], "wf-mix-b", { type: "report" }),
        ],
      },
    });
    const done = await waitForWorkflowEnd(workflows, workflow!.id);
    expect(done.state).toBe(WorkflowState.SUCCEEDED);
    const [fetch, report] = done.tasks.map((t) => t.job!);
    expect(fetch!.attempts.map((a) => a.outcome)).toEqual([AttemptOutcome.FAILED, AttemptOutcome.SUCCEEDED]);
    expect(report!.queue).toBe("wf-mix-b");
    expect(report!.result?.kind.value).toEqual({ saw: { fixed: true } });
  });
});

describe("failure policies", () => {
  it("skips the descendants of a dead task by default, runs CONTINUE tasks anyway, and leaves unrelated branches alone", async () => {
    const ran: string[] = [];
    await workers.start({ queues: ["wf-fail"], concurrency: 5 }, (w) =>
      w.handle("step", (job, ctx) => {
        ran.push(job.taskName);
        if (job.taskName === "extract") throw new NonRetryableError("source is gone");
        return { parents: Object.keys(ctx.parentResults) };
      }),
    );
    const { workflow } = await workflows.submitWorkflow({
      workflow: {
        tasks: [
          task("extract", [], "wf-fail"),
          task("transform", ["extract"], "wf-fail"),
          task("load", ["transform"], "wf-fail"),
          task("cleanup", ["extract"], "wf-fail", {}, FailurePolicy.CONTINUE),
          task("unrelated", [], "wf-fail"),
        ],
      },
    });
    const done = await waitForWorkflowEnd(workflows, workflow!.id);
    expect(done.state).toBe(WorkflowState.FAILED);
    expect(await taskStates(workflows, workflow!.id)).toEqual({
      extract: "DEAD",
      transform: "SKIPPED",
      load: "SKIPPED",
      cleanup: "SUCCEEDED",
      unrelated: "SUCCEEDED",
    });
    expect(ran.sort()).toEqual(["cleanup", "extract", "unrelated"]);
    // A failed parent hands over no result.
    expect(done.tasks.find((t) => t.name === "cleanup")!.job!.result?.kind.value).toEqual({ parents: [] });
    expect(done.tasks.find((t) => t.name === "load")!.job!.lastError).toBe("skipped: a task it depends on did not succeed");
    expect(done.taskCounts).toEqual({ DEAD: 1, SKIPPED: 2, SUCCEEDED: 2 });
  });

  it("with the workflow's CONTINUE policy, runs every task once its parents have finished, failed or not", async () => {
    await workers.start({ queues: ["wf-continue"] }, (w) =>
      w.handle("step", (job) => {
        if (job.taskName === "first") throw new NonRetryableError("nope");
        return {};
      }),
    );
    const { workflow } = await workflows.submitWorkflow({
      workflow: { failurePolicy: FailurePolicy.CONTINUE, tasks: [task("first", [], "wf-continue"), task("second", ["first"], "wf-continue")] },
    });
    await waitForWorkflowEnd(workflows, workflow!.id);
    expect(await taskStates(workflows, workflow!.id)).toEqual({ first: "DEAD", second: "SUCCEEDED" });
  });

  it("resumes the graph when RetryJob revives the dead task: its skipped descendants wait, then run", async () => {
    let broken = true;
    await workers.start({ queues: ["wf-retry"], concurrency: 5 }, (w) =>
      w.handle("step", (job) => {
        if (job.taskName === "flaky" && broken) throw new NonRetryableError("broken for now");
        return { ok: job.taskName };
      }),
    );
    const { workflow, taskJobIds } = await workflows.submitWorkflow({
      workflow: { tasks: [task("flaky", [], "wf-retry"), task("next", ["flaky"], "wf-retry"), task("last", ["next"], "wf-retry")] },
    });
    const id = workflow!.id;
    expect((await waitForWorkflowEnd(workflows, id)).state).toBe(WorkflowState.FAILED);
    expect(await taskStates(workflows, id)).toEqual({ flaky: "DEAD", next: "SKIPPED", last: "SKIPPED" });

    broken = false;
    await jobs.retryJob({ id: taskJobIds["flaky"]! });
    const done = await waitForWorkflowEnd(workflows, id);
    expect(done.state).toBe(WorkflowState.SUCCEEDED);
    expect(await taskStates(workflows, id)).toEqual({ flaky: "SUCCEEDED", next: "SUCCEEDED", last: "SUCCEEDED" });
    expect(await jobHistory(installation, taskJobIds["last"]!)).toEqual([
      "->BLOCKED",
      "BLOCKED->SKIPPED",
      "SKIPPED->BLOCKED",
      "BLOCKED->READY",
      "READY->RUNNING",
      "RUNNING->SUCCEEDED",
    ]);
  });
});

describe("cancelling a workflow", () => {
  it("cancels every unfinished task, aborts the running one's handler, and keeps finished tasks as they are", async () => {
    const running = deferred();
    const sawAbort = deferred<unknown>();
    await workers.start({ queues: ["wf-cancel"], concurrency: 5 }, (w) =>
      w.handle("step", async (job, ctx) => {
        if (job.taskName !== "long") return {};
        running.resolve();
        await new Promise<void>((resolve) => ctx.signal.addEventListener("abort", () => resolve(), { once: true }));
        sawAbort.resolve(ctx.signal.reason);
        throw ctx.signal.reason;
      }),
    );
    const { workflow } = await workflows.submitWorkflow({
      workflow: { tasks: [task("quick", [], "wf-cancel"), task("long", ["quick"], "wf-cancel"), task("after", ["long"], "wf-cancel")] },
    });
    const id = workflow!.id;
    await within(running.promise, 10_000, "the long task starting");

    const { workflow: cancelled, cancelledTasks } = await workflows.cancelWorkflow({ id, reason: "changed my mind" });
    expect(cancelledTasks).toBe(2);
    expect(cancelled!.state).toBe(WorkflowState.CANCELLED);
    expect(cancelled!.cancelledAt).toBeDefined();
    const reason = await within(sawAbort.promise, 5_000, "the handler's signal aborting");
    expect(reason).toBeInstanceOf(JobCancelledError);
    expect(await taskStates(workflows, id)).toEqual({ quick: "SUCCEEDED", long: "CANCELLED", after: "CANCELLED" });
    const long = (await workflows.getWorkflow({ id })).workflow!.tasks[1]!.job!;
    expect(long.attempts.map((a) => [a.outcome, a.error])).toEqual([[AttemptOutcome.CANCELLED, "changed my mind"]]);

    // Nothing is left to cancel the second time.
    expect((await workflows.cancelWorkflow({ id })).cancelledTasks).toBe(0);
  });
});

describe("WatchWorkflow", () => {
  it("streams the workflow, then every task transition in order, and ends with the finished workflow", async () => {
    const go = deferred();
    await workers.start({ queues: ["wf-watch"] }, (w) =>
      w.handle("step", async () => {
        await go.promise;
        return {};
      }),
    );
    const { workflow } = await workflows.submitWorkflow({ workflow: { tasks: [task("a", [], "wf-watch"), task("b", ["a"], "wf-watch")] } });
    const watching = watchToEnd(workflows, workflow!.id);
    go.resolve();
    const messages = await watching;

    expect(messages[0]!.workflow!.tasks.map((t) => t.name)).toEqual(["a", "b"]);
    const transitions = messages.slice(1).map((m) => `${m.taskName}:${JobState[m.event!.fromState]}->${JobState[m.event!.toState]}`);
    // The first message may already show a's first move: only what followed it is streamed.
    const expected = ["a:READY->RUNNING", "a:RUNNING->SUCCEEDED", "b:BLOCKED->READY", "b:READY->RUNNING", "b:RUNNING->SUCCEEDED"];
    expect(expected.slice(expected.length - transitions.length)).toEqual(transitions);
    expect(transitions.slice(-3)).toEqual(expected.slice(-3));
    expect(messages.at(-1)!.workflow!.state).toBe(WorkflowState.SUCCEEDED);
  });

  it("streams the tasks' progress and log lines with their transitions, each task's in order", async () => {
    const go = deferred();
    await workers.start({ queues: ["wf-watch-logs"] }, (w) =>
      w.handle("step", async (job, ctx) => {
        await go.promise;
        ctx.log(`${job.taskName} starts`);
        ctx.progress(50, { task: job.taskName });
        ctx.log(`${job.taskName} ends`, { ok: true }, "warn");
        return {};
      }),
    );
    const { workflow } = await workflows.submitWorkflow({ workflow: { tasks: [task("a", [], "wf-watch-logs"), task("b", ["a"], "wf-watch-logs")] } });
    const watching = watchToEnd(workflows, workflow!.id);
    go.resolve();
    const messages = await watching;

    const shown = messages.slice(1).map((m) =>
      m.log ? `${m.taskName}:log ${m.log.message}` : m.progress ? `${m.taskName}:progress ${m.progress.percent}` : `${m.taskName}:${JobState[m.event!.toState]}`,
    );
    for (const name of ["a", "b"]) {
      const own = shown.filter((line) => line.startsWith(`${name}:`) && !line.endsWith("READY"));
      expect(own.filter((line) => !line.includes("progress"))).toEqual([
        ...(own[0] === `${name}:RUNNING` ? [`${name}:RUNNING`] : []),
        `${name}:log ${name} starts`,
        `${name}:log ${name} ends`,
        `${name}:SUCCEEDED`,
      ]);
    }
    // b's lines all come after a finished: b ran after it.
    expect(shown.indexOf("b:log b starts")).toBeGreaterThan(shown.indexOf("a:SUCCEEDED"));
    const aEnds = messages.find((m) => m.log?.message === "a ends")!.log!;
    expect(aEnds).toMatchObject({ fields: { ok: true }, attempt: 1 });
    expect(messages.some((m) => m.progress?.details?.["task"] === "b")).toBe(true);
    expect(messages.at(-1)!.workflow!.state).toBe(WorkflowState.SUCCEEDED);
  });

  it("answers a finished workflow with one message and ends", async () => {
    await workers.start({ queues: ["wf-watch-done"] }, (w) => w.handle("step", () => ({})));
    const { workflow } = await workflows.submitWorkflow({ workflow: { tasks: [task("only", [], "wf-watch-done", { payload: jsonPayload({ n: 1 }) })] } });
    await waitForWorkflowEnd(workflows, workflow!.id);
    const messages = await watchToEnd(workflows, workflow!.id, 5_000);
    expect(messages).toHaveLength(1);
    expect(messages[0]!.workflow!.state).toBe(WorkflowState.SUCCEEDED);
  });
});

describe("GetWorkflow and ListWorkflows", () => {
  it("lists workflows newest first with their state and task counts, page by page", async () => {
    const a = (await workflows.submitWorkflow({ namespace: "wf-list", workflow: { name: "first", tasks: [task("x", [], "wf-list-q")] } })).workflow!;
    const b = (await workflows.submitWorkflow({ namespace: "wf-list", workflow: { name: "second", tasks: [task("x", [], "wf-list-q"), task("y", ["x"], "wf-list-q")] } })).workflow!;
    const page1 = await workflows.listWorkflows({ namespace: "wf-list", pageSize: 1 });
    expect(page1.workflows.map((w) => [w.id, w.name, w.state, w.taskCounts])).toEqual([[b.id, "second", WorkflowState.RUNNING, { READY: 1, BLOCKED: 1 }]]);
    const page2 = await workflows.listWorkflows({ namespace: "wf-list", pageSize: 1, pageToken: page1.nextPageToken });
    expect(page2.workflows.map((w) => w.id)).toEqual([a.id]);
    expect(page2.nextPageToken).toBe("");
    // Namespaces do not see each other's workflows.
    expect((await workflows.listWorkflows({})).workflows.map((w) => w.id)).not.toContain(a.id);
  });
});
