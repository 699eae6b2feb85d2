// WatchJob: the job as it stands, then each transition until a terminal state, across server processes.
import { randomUUID } from "node:crypto";
import { durationFromMs } from "@bufbuild/protobuf/wkt";
import { Code, type Client } from "@connectrpc/connect";
import { JobState } from "@conveyor/client/gen/conveyor/v1/job_pb.js";
import type { JobService } from "@conveyor/client/gen/conveyor/v1/job_service_pb.js";
import { beforeAll, describe, expect, it } from "vitest";
import { grpcClients } from "./support/clients.ts";
import { useConveyor } from "./support/conveyor-harness.ts";
import { jobSpec } from "./support/jobs.ts";
import { rpcError } from "./support/rpc.ts";
import { watchJob } from "./support/watch.ts";

const { installation, server } = useConveyor();
let jobs: Client<typeof JobService>;

beforeAll(() => {
  jobs = grpcClients(server().url).jobs;
});

async function submit(more: Parameters<typeof jobSpec>[1] = {}): Promise<string> {
  return (await jobs.submitJob({ job: jobSpec("watched", more) })).job!.id;
}

describe("WatchJob", () => {
  it("sends the job as it stands first, without an event", async () => {
    const id = await submit({ labels: { owner: "me" } });
    const watch = watchJob(jobs, { id });
    try {
      const first = await watch.next();
      expect(first.event).toBeUndefined();
      expect(first.job).toMatchObject({ id, state: JobState.READY, labels: { owner: "me" } });
      expect(first.job).toEqual((await jobs.getJob({ id })).job);
    } finally {
      watch.close();
    }
  });

  it("reports a cancel as READY -> CANCELLED with the job's snapshot, then ends with OK", async () => {
    const id = await submit();
    const watch = watchJob(jobs, { id });
    await watch.next();
    await jobs.cancelJob({ id, reason: "no longer needed" });

    const message = await watch.next();
    expect(message.event).toMatchObject({
      jobId: id,
      fromState: JobState.READY,
      toState: JobState.CANCELLED,
      attempt: 0,
      message: "no longer needed",
    });
    expect(message.event!.sequence).toBeGreaterThan(0n);
    expect(message.event!.at).toBeDefined();
    expect(message.job).toMatchObject({ id, state: JobState.CANCELLED, lastError: "no longer needed" });
    expect(message.job!.finishedAt).toBeDefined();
    await watch.ended();
  });

  it("streams intermediate transitions without a snapshot, in order", async () => {
    const id = await submit({ delay: durationFromMs(3_600_000) });
    const watch = watchJob(jobs, { id });
    expect((await watch.next()).job?.state).toBe(JobState.SCHEDULED);

    // What the promoter does when run_at comes: one transition and its event, in one statement.
    await installation.sql(
      `with promoted as (update jobs set state = 'READY', updated_at = now() where id = $1 and state = 'SCHEDULED' returning id)
       insert into job_events (job_id, from_state, to_state, message) select id, 'SCHEDULED', 'READY', 'due' from promoted`,
      [id],
    );
    const promoted = await watch.next();
    expect(promoted.event).toMatchObject({ fromState: JobState.SCHEDULED, toState: JobState.READY, message: "due" });
    expect(promoted.job).toBeUndefined();

    await jobs.cancelJob({ id });
    const cancelled = await watch.next();
    expect(cancelled.event).toMatchObject({ fromState: JobState.READY, toState: JobState.CANCELLED });
    expect(cancelled.event!.sequence).toBeGreaterThan(promoted.event!.sequence);
    expect(cancelled.job?.state).toBe(JobState.CANCELLED);
    await watch.ended();
  });

  it("sends a finished job's snapshot and ends at once", async () => {
    const id = await submit();
    await jobs.cancelJob({ id });
    const watch = watchJob(jobs, { id });
    const only = await watch.next();
    expect(only.event).toBeUndefined();
    expect(only.job?.state).toBe(JobState.CANCELLED);
    await watch.ended();
  });

  it("answers NOT_FOUND for an unknown job", async () => {
    const id = randomUUID();
    const error = await rpcError(watchJob(jobs, { id }).next());
    expect(error.code).toBe(Code.NotFound);
    expect(error.rawMessage).toBe(`job ${id} not found in namespace default`);
  });

  it("answers INVALID_ARGUMENT for an id that is not a UUID", async () => {
    const error = await rpcError(watchJob(jobs, { id: "job-1" }).next());
    expect(error.code).toBe(Code.InvalidArgument);
    expect(error.rawMessage).toMatch(/^id: /);
  });

  it("delivers a cancel made through another server process", async () => {
    const other = await installation.startServer();
    const otherJobs = grpcClients(other.url).jobs;
    const id = (await otherJobs.submitJob({ job: jobSpec("watched") })).job!.id;

    const watch = watchJob(jobs, { id });
    expect((await watch.next()).job?.state).toBe(JobState.READY);
    await otherJobs.cancelJob({ id, reason: "cancelled elsewhere" });

    const message = await watch.next();
    expect(message.event).toMatchObject({ fromState: JobState.READY, toState: JobState.CANCELLED, message: "cancelled elsewhere" });
    expect(message.job?.state).toBe(JobState.CANCELLED);
    await watch.ended();
  });

  it("shows a revived job as READY again: CANCELLED, then RetryJob, then READY", async () => {
    const id = await submit();
    await jobs.cancelJob({ id });

    const cancelled = watchJob(jobs, { id });
    expect((await cancelled.next()).job?.state).toBe(JobState.CANCELLED);
    await cancelled.ended();

    await jobs.retryJob({ id });
    const revived = watchJob(jobs, { id });
    const snapshot = await revived.next();
    expect(snapshot.event).toBeUndefined();
    expect(snapshot.job).toMatchObject({ state: JobState.READY, attempt: 0 });
    expect(snapshot.job?.finishedAt).toBeUndefined();

    // The revived job is watched like a new one: its next cancel arrives and ends the stream.
    await jobs.cancelJob({ id, reason: "again" });
    const again = await revived.next();
    expect(again.event).toMatchObject({ fromState: JobState.READY, toState: JobState.CANCELLED, message: "again" });
    await revived.ended();

    const history = await installation.sql<{ t: string }>(
      "select coalesce(from_state, '') || '->' || to_state as t from job_events where job_id = $1 order by id",
      [id],
    );
    expect(history.map((row) => row.t)).toEqual(["->READY", "READY->CANCELLED", "CANCELLED->READY", "READY->CANCELLED"]);
  });

  it("stops listening for a job once its watcher hangs up", async () => {
    const listener = server().context.jobChanges;
    // Earlier tests' streams are all closed; their server side may still be unwinding.
    await expect.poll(() => listener.watchedJobCount, { timeout: 5_000, interval: 20 }).toBe(0);
    const id = await submit();
    const watch = watchJob(jobs, { id });
    await watch.next();
    expect(listener.watchedJobCount).toBe(1);
    watch.close();
    await expect.poll(() => listener.watchedJobCount, { timeout: 5_000, interval: 20 }).toBe(0);
  });

  it("ends open streams with UNAVAILABLE when its server shuts down, so that clients watch elsewhere", async () => {
    const leaving = await installation.startServer();
    const leavingJobs = grpcClients(leaving.url).jobs;
    const id = await submit();
    const watch = watchJob(leavingJobs, { id });
    await watch.next();
    const closed = leaving.close();
    const error = await rpcError(watch.next());
    expect(error.code).toBe(Code.Unavailable);
    expect(error.rawMessage).toBe("the server is shutting down; watch again to continue");
    await closed;

    // The job itself is untouched: watching through the remaining server picks it up.
    const again = watchJob(jobs, { id });
    expect((await again.next()).job?.state).toBe(JobState.READY);
    again.close();
  });

  it("gives every watcher of one job the same event", async () => {
    const id = await submit();
    const watches = Array.from({ length: 5 }, () => watchJob(jobs, { id }));
    await Promise.all(watches.map((w) => w.next()));
    await jobs.cancelJob({ id });
    const events = await Promise.all(watches.map((w) => w.next()));
    expect(new Set(events.map((m) => m.event!.sequence)).size).toBe(1);
    expect(events.every((m) => m.event?.toState === JobState.CANCELLED)).toBe(true);
    await Promise.all(watches.map((w) => w.ended()));
  });
});
