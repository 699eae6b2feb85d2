// Delayed jobs wait in RabbitMQ's TTL queues (or, beyond the horizon, in Postgres until the
// promoter announces them) and run no earlier than their run_at, and not much later.
import { durationFromMs, timestampDate, timestampFromMs } from "@bufbuild/protobuf/wkt";
import type { Client } from "@connectrpc/connect";
import { AttemptOutcome, JobState, type Job } from "@conveyor/client/gen/conveyor/v1/job_pb.js";
import type { JobService } from "@conveyor/client/gen/conveyor/v1/job_service_pb.js";
import { beforeAll, describe, expect, it } from "vitest";
import { grpcClients } from "./support/clients.ts";
import { useConveyor } from "./support/conveyor-harness.ts";
import { jobEvents, jobHistory, useWorkers, waitForState, type StartedWorker } from "./support/execution.ts";
import { jobSpec } from "./support/jobs.ts";

/** Not a timing benchmark: "on time" means within this much after run_at. */
const LATE_BOUND_MS = 1_500;

/** Runs a worker on `queue` that records when (by this clock) each job's handler started. */
async function recordingWorker(start: ReturnType<typeof useWorkers>["start"], queue: string) {
  const startedAt = new Map<string, number>();
  const started: StartedWorker<Record<never, never>> = await start({ queues: [queue], concurrency: 4 }, (w) =>
    w.handle("tick", (job) => {
      startedAt.set(job.id, Date.now());
    }),
  );
  return { startedAt, worker: started.worker };
}

/** Checks that the job's one attempt started at or after run_at, and within the bound. */
function expectOnTime(job: Job): void {
  expect(job.state).toBe(JobState.SUCCEEDED);
  expect(job.attempts.map((a) => a.outcome)).toEqual([AttemptOutcome.SUCCEEDED]);
  const runAt = timestampDate(job.runAt!).getTime();
  const started = timestampDate(job.attempts[0]!.startedAt!).getTime();
  expect(started).toBeGreaterThanOrEqual(runAt);
  expect(started - runAt).toBeLessThanOrEqual(LATE_BOUND_MS);
}

describe("within the delay horizon", () => {
  const { installation, server } = useConveyor({ amqpQueueType: "classic" });
  const workers = useWorkers(() => server().url);
  let jobs: Client<typeof JobService>;
  beforeAll(() => {
    jobs = grpcClients(server().url).jobs;
  });

  it("keeps a job with a 300 ms delay SCHEDULED, then runs it no earlier than 300 ms after submit", async () => {
    const { startedAt } = await recordingWorker(workers.start, "soon");
    const submittedAt = Date.now();
    const { job: submitted } = await jobs.submitJob({ job: jobSpec("soon", { type: "tick", delay: durationFromMs(300) }) });
    expect(submitted?.state).toBe(JobState.SCHEDULED);
    const id = submitted!.id;
    expect(timestampDate(submitted!.runAt!).getTime() - timestampDate(submitted!.createdAt!).getTime()).toBe(300);

    const job = await waitForState(jobs, id, JobState.SUCCEEDED, 5_000);
    expectOnTime(job);
    // By this process's clock as well (the server's clock decides; allow a millisecond of rounding).
    expect(startedAt.get(id)! - submittedAt).toBeGreaterThanOrEqual(299);
    expect(await jobHistory(installation, id)).toEqual(["->SCHEDULED", "SCHEDULED->READY", "READY->RUNNING", "RUNNING->SUCCEEDED"]);
    // Promoted when its delayed announcement came out of the TTL queues, not by the rescuer.
    const promoted = (await jobEvents(installation, id)).find((e) => e.from === "SCHEDULED");
    expect(promoted?.message).toBeNull();
  });

  it("runs a job whose run_at is 2 s ahead no earlier than run_at (several delay-queue hops)", async () => {
    const { startedAt } = await recordingWorker(workers.start, "later");
    const runAtMs = Date.now() + 2_000;
    const { job: submitted } = await jobs.submitJob({ job: jobSpec("later", { type: "tick", runAt: timestampFromMs(runAtMs) }) });
    expect(submitted?.state).toBe(JobState.SCHEDULED);
    expect(timestampDate(submitted!.runAt!).getTime()).toBe(runAtMs);

    const job = await waitForState(jobs, submitted!.id, JobState.SUCCEEDED, 6_000);
    expectOnTime(job);
    expect(startedAt.get(job.id)!).toBeGreaterThanOrEqual(runAtMs - 1);
    const promoted = (await jobEvents(installation, job.id)).find((e) => e.from === "SCHEDULED");
    expect(promoted?.message).toBeNull();
  });
});

describe("beyond the delay horizon", () => {
  // A 500 ms horizon: a job due in 1.5 s waits in Postgres until the promoter announces it.
  const { installation, server } = useConveyor({ amqpQueueType: "classic", delayHorizonMs: 500, promoterIntervalMs: 100 });
  const workers = useWorkers(() => server().url);
  let jobs: Client<typeof JobService>;
  beforeAll(() => {
    jobs = grpcClients(server().url).jobs;
  });

  it("is not announced at submit; the promoter announces it as it comes within the horizon, and it runs on time", async () => {
    await recordingWorker(workers.start, "far");
    const { job: submitted } = await jobs.submitJob({ job: jobSpec("far", { type: "tick", delay: durationFromMs(1_500) }) });
    expect(submitted?.state).toBe(JobState.SCHEDULED);
    const id = submitted!.id;
    const [atSubmit] = await installation.sql<{ announced_at: Date | null; outbox: number }>(
      "select announced_at, (select count(*)::int from outbox where body->'jobIds' ? $1::text) as outbox from jobs where id = $1::uuid",
      [id],
    );
    expect(atSubmit).toEqual({ announced_at: null, outbox: 0 });

    const job = await waitForState(jobs, id, JobState.SUCCEEDED, 6_000);
    expectOnTime(job);
    const [row] = await installation.sql<{ announced_at: Date; run_at: Date }>("select announced_at, run_at from jobs where id = $1", [id]);
    // Announced by the promoter, no sooner than the horizon before run_at.
    expect(row!.announced_at.getTime()).toBeGreaterThanOrEqual(row!.run_at.getTime() - 500);
    expect(row!.announced_at.getTime()).toBeLessThan(row!.run_at.getTime());
    const promoted = (await jobEvents(installation, id)).find((e) => e.from === "SCHEDULED");
    expect(promoted?.message).toBeNull();
  });
});

describe("leased ahead of run_at", () => {
  // A wide lease-ahead makes the effect visible: the lease is taken well before run_at, and the
  // worker SDK still starts the handler no earlier than run_at.
  const { installation, server } = useConveyor({ amqpQueueType: "classic", leaseAheadMs: 1_000 });
  const workers = useWorkers(() => server().url);
  let jobs: Client<typeof JobService>;
  beforeAll(() => {
    jobs = grpcClients(server().url).jobs;
  });

  it("leases a delayed job up to the lease-ahead before run_at, and the handler starts at run_at", async () => {
    const { startedAt } = await recordingWorker(workers.start, "ahead");
    const runAtMs = Date.now() + 1_500;
    const { job: submitted } = await jobs.submitJob({ job: jobSpec("ahead", { type: "tick", runAt: timestampFromMs(runAtMs) }) });

    const job = await waitForState(jobs, submitted!.id, JobState.SUCCEEDED, 5_000);
    expect(startedAt.get(job.id)!).toBeGreaterThanOrEqual(runAtMs);
    // The attempt is recorded as starting at run_at, when the handler could start.
    expectOnTime(job);
    const leased = (await jobEvents(installation, job.id)).find((e) => e.to === "RUNNING")!;
    expect(leased.at.getTime()).toBeLessThan(runAtMs);
    expect(leased.at.getTime()).toBeGreaterThanOrEqual(runAtMs - 1_000 - 5);
  });

  it("makes a job due within the lease-ahead READY at submit, and still starts it at run_at", async () => {
    const { startedAt } = await recordingWorker(workers.start, "ahead-ready");
    const runAtMs = Date.now() + 600;
    const { job: submitted } = await jobs.submitJob({ job: jobSpec("ahead-ready", { type: "tick", runAt: timestampFromMs(runAtMs) }) });
    expect(submitted?.state).toBe(JobState.READY);

    const job = await waitForState(jobs, submitted!.id, JobState.SUCCEEDED, 5_000);
    expect(startedAt.get(job.id)!).toBeGreaterThanOrEqual(runAtMs);
    expectOnTime(job);
    expect(await jobHistory(installation, job.id)).toEqual(["->READY", "READY->RUNNING", "RUNNING->SUCCEEDED"]);
  });

  it("never starts the handler of a job cancelled while its worker waited for run_at", async () => {
    const { startedAt } = await recordingWorker(workers.start, "ahead-cancelled");
    const runAtMs = Date.now() + 1_500;
    const { job: submitted } = await jobs.submitJob({ job: jobSpec("ahead-cancelled", { type: "tick", runAt: timestampFromMs(runAtMs) }) });
    const id = submitted!.id;
    await waitForState(jobs, id, JobState.RUNNING, 5_000);
    expect(Date.now()).toBeLessThan(runAtMs);
    await jobs.cancelJob({ id, reason: "changed my mind" });

    await new Promise((resolve) => setTimeout(resolve, runAtMs - Date.now() + 200));
    expect(startedAt.has(id)).toBe(false);
    expect((await jobs.getJob({ id })).job?.state).toBe(JobState.CANCELLED);
  });
});
