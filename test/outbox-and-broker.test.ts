// RabbitMQ only carries hints; Postgres decides. Duplicated announcements run nothing twice, and
// lost ones are made up for by the promoter's safety net.
import { durationFromMs } from "@bufbuild/protobuf/wkt";
import type { Client } from "@connectrpc/connect";
import { AttemptOutcome, JobState } from "@conveyor/client/gen/conveyor/v1/job_pb.js";
import type { JobService } from "@conveyor/client/gen/conveyor/v1/job_service_pb.js";
import { RetryAfterError } from "@conveyor/worker-sdk";
import { beforeAll, describe, expect, it } from "vitest";
import { DELAY_BUCKETS_MS } from "../server/src/broker/topology.ts";
import { useBroker } from "./support/broker.ts";
import { grpcClients } from "./support/clients.ts";
import { useConveyor } from "./support/conveyor-harness.ts";
import { jobEvents, jobHistory, outboxSize, pollUntil, useWorkers, waitForState } from "./support/execution.ts";
import { jobSpec } from "./support/jobs.ts";

const RESCUED = "promoted by the rescuer: its announcement was overdue";
const { installation, server } = useConveyor({
  amqpQueueType: "classic",
  promoterIntervalMs: 100,
  reannounceReadyAfterMs: 500,
  rescueOverdueAfterMs: 200,
});
const workers = useWorkers(() => server().url);
const broker = useBroker(() => installation.amqpPrefix);
let jobs: Client<typeof JobService>;

beforeAll(() => {
  jobs = grpcClients(server().url).jobs;
});

/** Empties every delay queue of the installation; returns how many messages were dropped. */
async function purgeDelayQueues(): Promise<number> {
  let dropped = 0;
  for (const ms of DELAY_BUCKETS_MS) dropped += (await broker().connection.queuePurge({ queue: broker().topology.delayQueue(ms) })).messageCount;
  return dropped;
}

/** A handler that counts its calls per job id. */
function counting() {
  const calls = new Map<string, number>();
  return {
    calls,
    handler: (job: { id: string }) => {
      calls.set(job.id, (calls.get(job.id) ?? 0) + 1);
    },
  };
}

describe("duplicate announcements", () => {
  it("run nothing again when a copy arrives after the job SUCCEEDED", async () => {
    const { calls, handler } = counting();
    await workers.start({ queues: ["dupes-late"] }, (w) => w.handle("once", handler));
    const { job } = await jobs.submitJob({ job: jobSpec("dupes-late", { type: "once" }) });
    const id = job!.id;
    await waitForState(jobs, id, JobState.SUCCEEDED);

    await broker().announce({ namespace: "default", queue: "dupes-late", jobIds: [id], types: ["once"] });
    // A job announced after the copy is leased after it: once it has run, the copy was handled.
    const { job: marker } = await jobs.submitJob({ job: jobSpec("dupes-late", { type: "once" }) });
    await waitForState(jobs, marker!.id, JobState.SUCCEEDED);
    await pollUntil("the ready queue to drain", () => broker().depth(broker().topology.readyQueue("default", "dupes-late")), (n) => n === 0);

    expect(calls.get(id)).toBe(1);
    expect(await jobHistory(installation, id)).toEqual(["->READY", "READY->RUNNING", "RUNNING->SUCCEEDED"]);
    expect((await jobs.getJob({ id })).job?.attempts).toHaveLength(1);
  });

  it("run a fresh job once when three extra copies wait in the queue before any worker connects", async () => {
    const { job } = await jobs.submitJob({ job: jobSpec("dupes-early", { type: "once" }) });
    const id = job!.id;
    // The relay's own announcement is published (and the queue declared) once the outbox is empty.
    await pollUntil("the outbox to empty", () => outboxSize(installation), (n) => n === 0);
    await broker().announce({ namespace: "default", queue: "dupes-early", jobIds: [id], types: ["once"] }, 3);
    const queue = broker().topology.readyQueue("default", "dupes-early");
    expect(await broker().depth(queue)).toBeGreaterThanOrEqual(4);

    const { calls, handler } = counting();
    await workers.start({ queues: ["dupes-early"], concurrency: 4 }, (w) => w.handle("once", handler));
    await waitForState(jobs, id, JobState.SUCCEEDED);
    const { job: marker } = await jobs.submitJob({ job: jobSpec("dupes-early", { type: "once" }) });
    await waitForState(jobs, marker!.id, JobState.SUCCEEDED);
    await pollUntil("the ready queue to drain", () => broker().depth(queue), (n) => n === 0);

    expect(calls.get(id)).toBe(1);
    expect(await jobHistory(installation, id)).toEqual(["->READY", "READY->RUNNING", "RUNNING->SUCCEEDED"]);
  });
});

describe("the safety net under the broker", () => {
  it("announces a READY job again when its announcement was lost (ready queue purged before any worker came)", async () => {
    const { job } = await jobs.submitJob({ job: jobSpec("purged-ready", { type: "once" }) });
    const id = job!.id;
    await pollUntil("the outbox to empty", () => outboxSize(installation), (n) => n === 0);
    const queue = broker().topology.readyQueue("default", "purged-ready");
    const { messageCount: purged } = await broker().connection.queuePurge({ queue });
    expect(purged).toBeGreaterThanOrEqual(1);
    expect(await broker().depth(queue)).toBe(0);

    const { calls, handler } = counting();
    await workers.start({ queues: ["purged-ready"] }, (w) => w.handle("once", handler));
    const done = await waitForState(jobs, id, JobState.SUCCEEDED, 5_000);
    expect(calls.get(id)).toBe(1);
    expect(done.attempts.map((a) => a.outcome)).toEqual([AttemptOutcome.SUCCEEDED]);
    // It took a second announcement, made after the first one had aged past reannounceReadyAfterMs.
    const [row] = await installation.sql<{ late: boolean }>("select announced_at >= created_at + interval '500 milliseconds' as late from jobs where id = $1", [id]);
    expect(row?.late).toBe(true);
  });

  it("promotes a SCHEDULED job whose delayed announcement was lost, once it is overdue", async () => {
    const { calls, handler } = counting();
    await workers.start({ queues: ["purged-delayed"] }, (w) => w.handle("once", handler));
    const { job } = await jobs.submitJob({ job: jobSpec("purged-delayed", { type: "once", delay: durationFromMs(1_200) }) });
    const id = job!.id;
    expect(job?.state).toBe(JobState.SCHEDULED);
    await pollUntil("the outbox to empty", () => outboxSize(installation), (n) => n === 0);
    // 1.2 s: the first hop is the 1 s delay queue. Lose it there.
    expect(await purgeDelayQueues()).toBe(1);

    const done = await waitForState(jobs, id, JobState.SUCCEEDED, 5_000);
    expect(calls.get(id)).toBe(1);
    const promoted = (await jobEvents(installation, id)).find((e) => e.from === "SCHEDULED" && e.to === "READY");
    expect(promoted?.message).toBe(RESCUED);
    // Never early: not before its run_at.
    expect(promoted!.at.getTime()).toBeGreaterThanOrEqual(Number(done.runAt!.seconds) * 1000 + done.runAt!.nanos / 1e6);
  });

  it("promotes a RETRY_SCHEDULED job whose delayed announcement was lost, and the retry runs", async () => {
    const attempts: number[] = [];
    await workers.start({ queues: ["purged-retry"] }, (w) =>
      w.handle("retry", (job) => {
        attempts.push(job.attempt);
        if (job.attempt === 1) throw new RetryAfterError(1_200, "come back in 1.2 s");
      }),
    );
    const { job } = await jobs.submitJob({ job: jobSpec("purged-retry", { type: "retry", maxAttempts: 3 }) });
    const id = job!.id;
    await waitForState(jobs, id, JobState.RETRY_SCHEDULED, 5_000);
    await pollUntil("the outbox to empty", () => outboxSize(installation), (n) => n === 0);
    expect(await purgeDelayQueues()).toBe(1);

    const done = await waitForState(jobs, id, JobState.SUCCEEDED, 5_000);
    expect(attempts).toEqual([1, 2]);
    expect(done.attempts.map((a) => [a.number, a.outcome, a.error])).toEqual([
      [1, AttemptOutcome.FAILED, "come back in 1.2 s"],
      [2, AttemptOutcome.SUCCEEDED, ""],
    ]);
    const promoted = (await jobEvents(installation, id)).find((e) => e.from === "RETRY_SCHEDULED" && e.to === "READY");
    expect(promoted?.message).toBe(RESCUED);
  });
});
