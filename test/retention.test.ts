// Retention: finished jobs older than CONVEYOR_RETENTION_MS are deleted with their history, in
// small batches shared by several servers; unfinished and recent jobs stay.
import type { Client } from "@connectrpc/connect";
import { JobState } from "@conveyor/client/gen/conveyor/v1/job_pb.js";
import type { JobService } from "@conveyor/client/gen/conveyor/v1/job_service_pb.js";
import { NonRetryableError } from "@conveyor/worker-sdk";
import { beforeAll, describe, expect, it } from "vitest";
import { grpcClients, workflowClient } from "./support/clients.ts";
import { useConveyor } from "./support/conveyor-harness.ts";
import { pollUntil, useWorkers, waitForState } from "./support/execution.ts";
import { jobSpec, jobSpecs } from "./support/jobs.ts";
import { task, waitForWorkflowEnd } from "./support/workflows.ts";

const HOUR_MS = 3_600_000;
const { installation, server } = useConveyor({ amqpQueueType: "classic", retentionMs: HOUR_MS, retentionIntervalMs: 100, retentionBatchSize: 100 });
const workers = useWorkers(() => server().url);
let jobs: Client<typeof JobService>;

beforeAll(() => {
  jobs = grpcClients(server().url).jobs;
});

/** Pretends the jobs finished `hours` ago, as if the server had run that long. */
async function finishedHoursAgo(ids: string[], hours: number): Promise<void> {
  await installation.sql(`update jobs set finished_at = now() - $2 * interval '1 hour' where id = any($1::uuid[])`, [ids, hours]);
}

async function countWhere(table: "jobs" | "job_events" | "job_attempts" | "webhook_deliveries" | "workflow_edges" | "workflows", column: string, ids: string[]): Promise<number> {
  const [row] = await installation.sql<{ n: number }>(`select count(*)::int as n from ${table} where ${column} = any($1::uuid[])`, [ids]);
  return row!.n;
}

describe("retention", () => {
  it("deletes finished jobs past the retention age with their events, attempts and deliveries, and nothing else", async () => {
    await workers.start({ queues: ["kept"] }, (w) =>
      w.handle("test.job", () => ({ ok: true })).handle("broken", () => {
        throw new NonRetryableError("broken for good");
      }),
    );
    const { job: succeeded } = await jobs.submitJob({ job: jobSpec("kept") });
    const { job: dead } = await jobs.submitJob({ job: jobSpec("kept", { type: "broken" }) });
    const { job: cancelled } = await jobs.submitJob({ job: jobSpec("idle") });
    await waitForState(jobs, succeeded!.id, JobState.SUCCEEDED);
    await waitForState(jobs, dead!.id, JobState.DEAD);
    await jobs.cancelJob({ id: cancelled!.id, reason: "not needed" });
    const { job: recent } = await jobs.submitJob({ job: jobSpec("kept") });
    await waitForState(jobs, recent!.id, JobState.SUCCEEDED);
    // Unfinished jobs, however old: READY (no worker on "idle") and SCHEDULED.
    const { job: ready } = await jobs.submitJob({ job: jobSpec("idle") });
    const { job: waiting } = await jobs.submitJob({ job: jobSpec("idle", { delay: { seconds: 7200n } }) });
    await installation.sql(`update jobs set created_at = now() - interval '3 hours', run_at = now() - interval '3 hours' where id = $1`, [ready!.id]);
    // An unfinished job cannot carry finished_at, but even if it did it would stay: only terminal states go.
    await installation.sql(`update jobs set created_at = now() - interval '3 hours', finished_at = now() - interval '3 hours' where id = $1`, [waiting!.id]);

    const old = [succeeded!.id, dead!.id, cancelled!.id];
    await installation.sql(
      `insert into webhook_deliveries (job_id, url, body, state) select id, 'http://127.0.0.1:9/', '{}', 'DELIVERED' from jobs where id = any($1::uuid[])`,
      [old],
    );
    expect(await countWhere("job_events", "job_id", old)).toBeGreaterThan(0);
    expect(await countWhere("job_attempts", "job_id", old)).toBe(2);
    await finishedHoursAgo(old, 2);

    await pollUntil("old finished jobs deleted", () => countWhere("jobs", "id", old), (n) => n === 0, 5_000);
    expect(await countWhere("job_events", "job_id", old)).toBe(0);
    expect(await countWhere("job_attempts", "job_id", old)).toBe(0);
    expect(await countWhere("webhook_deliveries", "job_id", old)).toBe(0);

    const kept = [recent!.id, ready!.id, waiting!.id];
    expect(await countWhere("jobs", "id", kept)).toBe(3);
    expect(await countWhere("job_events", "job_id", kept)).toBeGreaterThanOrEqual(5);
    expect((await jobs.getJob({ id: recent!.id })).job?.state).toBe(JobState.SUCCEEDED);
    expect((await jobs.getJob({ id: ready!.id })).job?.state).toBe(JobState.READY);
    expect((await jobs.getJob({ id: waiting!.id })).job?.state).toBe(JobState.SCHEDULED);
  });

  it("deletes a backlog larger than a batch while two servers run the purger side by side", async () => {
    await installation.startServer();
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const { jobs: batch } = await jobs.submitJobs({ jobs: jobSpecs("bulk", 400) });
      ids.push(...batch.map((job) => job.id));
    }
    // 1,200 jobs that finished long ago, made in one statement here rather than run one by one.
    await installation.sql(`update jobs set state = 'SUCCEEDED', finished_at = now() - interval '30 days' where id = any($1::uuid[])`, [ids]);

    await pollUntil("backlog deleted", () => countWhere("jobs", "id", ids), (n) => n === 0, 10_000);
    expect(await countWhere("job_events", "job_id", ids)).toBe(0);
  });

  it("keeps a workflow's tasks until every task is past retention, then deletes the workflow whole", async () => {
    const workflows = workflowClient(server().url);
    await workers.start({ queues: ["wf-kept"] }, (w) => w.handle("step", () => ({ ok: true })));
    // "late" waits on "gate", a task no worker takes: the workflow is unfinished.
    const { workflow, taskJobIds } = await workflows.submitWorkflow({
      workflow: { name: "retained", tasks: [task("first", [], "wf-kept"), task("gate", [], "wf-idle"), task("late", ["first", "gate"], "wf-kept")] },
    });
    const ids = Object.values(taskJobIds);
    await pollUntil("first task done", async () => (await jobs.getJob({ id: taskJobIds["first"]! })).job?.state, (s) => s === JobState.SUCCEEDED);
    await finishedHoursAgo([taskJobIds["first"]!], 2);
    await installation.sql(`update workflows set created_at = now() - interval '3 hours' where id = $1`, [workflow!.id]);
    // A few purger rounds: the finished task of an unfinished workflow stays, results and all.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await countWhere("jobs", "id", ids)).toBe(3);

    await workers.start({ queues: ["wf-idle"] }, (w) => w.handle("step", () => ({ ok: true })));
    await waitForWorkflowEnd(workflows, workflow!.id);
    await finishedHoursAgo(ids, 2);
    await pollUntil("workflow deleted", () => countWhere("workflows", "id", [workflow!.id]), (n) => n === 0, 5_000);
    expect(await countWhere("jobs", "id", ids)).toBe(0);
    expect(await countWhere("job_events", "job_id", ids)).toBe(0);
    expect(await countWhere("workflow_edges", "child_id", ids)).toBe(0);
  });
});

