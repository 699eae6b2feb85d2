// A server leases the jobs it has just committed to its own workers when they have room, without
// waiting for the broker to bring their announcements back. An announcement all of whose jobs were
// leased so is withdrawn; the others still travel, lease nothing twice, and carry every job that
// no local worker had room for.
import type { Client } from "@connectrpc/connect";
import { JobState } from "@conveyor/client/gen/conveyor/v1/job_pb.js";
import type { JobService } from "@conveyor/client/gen/conveyor/v1/job_service_pb.js";
import { beforeAll, expect, it } from "vitest";
import { adminClient } from "./support/admin.ts";
import { grpcClients } from "./support/clients.ts";
import { useConveyor } from "./support/conveyor-harness.ts";
import { deferred, jobHistory, outboxSize, pollUntil, useWorkers, waitForState } from "./support/execution.ts";
import { jobSpec } from "./support/jobs.ts";

// The relay's poll is a minute away, and its kick is taken from the job service below: an
// announcement is published only when a test says so.
const { installation, server } = useConveyor({ amqpQueueType: "classic", outboxPollIntervalMs: 60_000 });
const workers = useWorkers(() => server().url);
let jobs: Client<typeof JobService>;
let publishAnnouncements: () => void;

beforeAll(() => {
  jobs = grpcClients(server().url).jobs;
  publishAnnouncements = server().context.kickOutbox;
  server().context.kickOutbox = () => {};
});

async function unpublishedAnnouncementsOf(jobId: string): Promise<number> {
  const [row] = await installation.sql<{ n: number }>(`select count(*)::int as n from outbox where body->'jobIds' ? $1`, [jobId]);
  return row!.n;
}

async function publishAndWaitForEmptyOutbox(): Promise<void> {
  publishAnnouncements();
  await pollUntil("the outbox published", () => outboxSize(installation), (n) => n === 0, 5_000);
}

it("starts a job on a local worker with room without publishing its announcement, and runs it once", async () => {
  const ran: string[] = [];
  await workers.start({ queues: ["local"], concurrency: 4 }, (w) => w.handle("task", (job) => void ran.push(job.id)));

  const { job } = await jobs.submitJob({ job: jobSpec("local", { type: "task" }) });
  await waitForState(jobs, job!.id, JobState.SUCCEEDED, 5_000);
  // Withdrawn from the outbox (nothing published it: the relay was not told), so the broker never carries it.
  expect(await unpublishedAnnouncementsOf(job!.id)).toBe(0);
  expect(ran).toEqual([job!.id]);
  expect(await jobHistory(installation, job!.id)).toEqual(["->READY", "READY->RUNNING", "RUNNING->SUCCEEDED"]);
});

it("leases every job of a SubmitJobs batch that local workers have room for, and leaves the rest to the broker", async () => {
  const release = deferred();
  const started: string[] = [];
  await workers.start({ queues: ["batch"], concurrency: 3 }, (w) =>
    w.handle("task", async (job) => {
      started.push(job.id);
      await release.promise;
    }),
  );

  const { jobs: submitted } = await jobs.submitJobs({ jobs: Array.from({ length: 5 }, () => jobSpec("batch", { type: "task" })) });
  const ids = submitted.map((job) => job.id);
  await pollUntil("three jobs starting", async () => started.length, (n) => n >= 3, 5_000, 10);
  // Three slots, three jobs; the other two wait for their announcement, however long it takes.
  // The server leased no more than three (a fourth lease would show RUNNING, queued in the worker).
  expect(started).toHaveLength(3);
  const states = await Promise.all(ids.map(async (id) => (await jobs.getJob({ id })).job!.state));
  expect(states.filter((state) => state === JobState.RUNNING)).toHaveLength(3);
  release.resolve();
  for (const id of started) await waitForState(jobs, id, JobState.SUCCEEDED, 5_000);
  const waiting = ids.filter((id) => !started.includes(id));
  for (const id of waiting) expect((await jobs.getJob({ id })).job!.state).toBe(JobState.READY);

  await publishAndWaitForEmptyOutbox();
  for (const id of waiting) await waitForState(jobs, id, JobState.SUCCEEDED, 5_000);
  expect([...started].sort()).toEqual([...ids].sort());
  for (const id of ids) expect(await jobHistory(installation, id)).toEqual(["->READY", "READY->RUNNING", "RUNNING->SUCCEEDED"]);
});

it("does not lease a job of a paused queue, even for a local worker with room", async () => {
  const ran: string[] = [];
  await workers.start({ queues: ["paused", "unpaused"], concurrency: 4 }, (w) => w.handle("task", (job) => void ran.push(job.id)));
  await adminClient(server().url).pauseQueue({ queue: "paused" });

  const { job } = await jobs.submitJob({ job: jobSpec("paused", { type: "task" }) });
  // Not a pause: a job submitted after it, for the same local worker, is leased and run.
  const { job: witness } = await jobs.submitJob({ job: jobSpec("unpaused", { type: "task" }) });
  await waitForState(jobs, witness!.id, JobState.SUCCEEDED, 60_000);
  expect((await jobs.getJob({ id: job!.id })).job!.state).toBe(JobState.READY);
  expect(ran).toEqual([witness!.id]);
});
