// The RPCs the dashboard added: RetryJobs (many dead or cancelled jobs back to READY, by ids or by a
// bounded filter), ListJobEvents (a job's history), ListJobs' label filter, AdminService's
// GetQueueHistory (per-minute counts) and ListWorkers (this server's Lease streams), and
// CreateSchedule's validate_only.
import { Code, type Client } from "@connectrpc/connect";
import type { AdminService } from "@conveyor/client/gen/conveyor/v1/admin_service_pb.js";
import { JobState } from "@conveyor/client/gen/conveyor/v1/job_pb.js";
import type { JobService } from "@conveyor/client/gen/conveyor/v1/job_service_pb.js";
import { createClient } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import { ScheduleService } from "@conveyor/client/gen/conveyor/v1/schedule_service_pb.js";
import { NonRetryableError } from "@conveyor/worker-sdk";
import { beforeAll, describe, expect, it } from "vitest";
import { adminClient } from "./support/admin.ts";
import { connectJsonJobClient, grpcClients } from "./support/clients.ts";
import { useConveyor } from "./support/conveyor-harness.ts";
import { useWorkers, waitForState } from "./support/execution.ts";
import { jobSpec } from "./support/jobs.ts";
import { rpcError } from "./support/rpc.ts";

const { server } = useConveyor({ amqpQueueType: "classic" });
const workers = useWorkers(() => server().url);
let jobs: Client<typeof JobService>;
let admin: Client<typeof AdminService>;

beforeAll(() => {
  jobs = grpcClients(server().url).jobs;
  admin = adminClient(server().url);
});

/** Jobs on `queue` that a worker fails for good, each with the error `error <type>`; returns their ids once DEAD. */
async function deadJobs(queue: string, types: string[]): Promise<string[]> {
  const { jobs: submitted } = await jobs.submitJobs({ jobs: types.map((type) => jobSpec(queue, { type, maxAttempts: 1 })) });
  const ids = submitted.map((j) => j.id);
  await Promise.all(ids.map((id) => waitForState(jobs, id, JobState.DEAD, 15_000)));
  return ids;
}

describe("RetryJobs", () => {
  it("moves DEAD and CANCELLED jobs named by id back to READY, passes over the others, and says how many moved", async () => {
    await workers.start({ queues: ["retry-ids"] }, (w) =>
      w.handle("a", () => {
        throw new NonRetryableError("error a");
      }),
    );
    const [dead] = await deadJobs("retry-ids", ["a"]);
    const { job: cancelled } = await jobs.submitJob({ job: jobSpec("retry-ids-idle") });
    await jobs.cancelJob({ id: cancelled!.id });
    const { job: ready } = await jobs.submitJob({ job: jobSpec("retry-ids-idle") });

    const response = await jobs.retryJobs({ ids: [dead!, cancelled!.id, ready!.id] });
    expect(response.retried).toBe(2);
    expect(new Set(response.retriedIds)).toEqual(new Set([dead, cancelled!.id]));
    expect(response.more).toBe(false);
    expect((await jobs.getJob({ id: cancelled!.id })).job?.state).toBe(JobState.READY);
    expect((await jobs.getJob({ id: ready!.id })).job?.state).toBe(JobState.READY);
  });

  it("moves the jobs a filter matches (queue, type, last error), at most `limit`, and says when more remain", async () => {
    await workers.start({ queues: ["retry-filter"] }, (w) => {
      w.handle("x", () => {
        throw new NonRetryableError("error x");
      });
      w.handle("y", () => {
        throw new NonRetryableError("error y");
      });
    });
    const xs = await deadJobs("retry-filter", ["x", "x", "x"]);
    const [y] = await deadJobs("retry-filter", ["y"]);
    await workers.stopAll();

    const first = await jobs.retryJobs({ filter: { queue: "retry-filter", type: "x", lastError: "error x" }, limit: 2 });
    expect(first).toMatchObject({ retried: 2, more: true });
    const second = await jobs.retryJobs({ filter: { queue: "retry-filter", lastError: "error x" }, limit: 2 });
    expect(second).toMatchObject({ retried: 1, more: false });
    expect(new Set([...first.retriedIds, ...second.retriedIds])).toEqual(new Set(xs));
    expect((await jobs.getJob({ id: y! })).job?.state).toBe(JobState.DEAD);
    // Nothing left to match: an answer, not an error.
    expect(await jobs.retryJobs({ filter: { queue: "retry-filter", type: "x" } })).toMatchObject({ retried: 0, more: false });
  });

  it("refuses requests it cannot serve, naming the field", async () => {
    const cases: [Parameters<typeof jobs.retryJobs>[0], string][] = [
      [{}, "ids: exactly one of ids and filter must be set"],
      [{ ids: ["0190d8a4-0000-7000-8000-000000000000"], filter: {} }, "ids: exactly one of ids and filter must be set"],
      [{ ids: ["not-a-uuid"] }, "ids[0]: must be a job id (a UUID)"],
      [{ filter: { states: [JobState.READY] } }, "filter.states[0]: must be JOB_STATE_DEAD or JOB_STATE_CANCELLED (the states RetryJob revives)"],
      [{ filter: {}, limit: 100_001 }, "limit: must be from 1 to 100000 (0 means 1000)"],
      [{ filter: { lastError: "nul\u0000" } }, "filter.last_error: must not contain a NUL character (U+0000)"],
    ];
    for (const [request, message] of cases) {
      const error = await rpcError(jobs.retryJobs(request));
      expect([Code[error.code], error.rawMessage]).toEqual(["InvalidArgument", message]);
    }
    // gRPC's binary encoding cannot carry an unpaired surrogate (the client replaces it); Connect's
    // JSON can, and its decoder refuses it before the handler's own check.
    const lone = await rpcError(connectJsonJobClient(server().url).retryJobs({ filter: { lastError: "lone \ud800" } }));
    expect(Code[lone.code]).toBe("InvalidArgument");
    expect(lone.rawMessage).toContain("RetryJobsFilter.last_error");
    const tooMany = await rpcError(jobs.retryJobs({ ids: Array.from({ length: 1001 }, () => "0190d8a4-0000-7000-8000-000000000000") }));
    expect(tooMany.rawMessage).toBe("ids: at most 1000 ids per call");
  });
});

describe("ListJobEvents", () => {
  it("pages through a job's history, oldest first", async () => {
    const { job } = await jobs.submitJob({ job: jobSpec("events") });
    await jobs.cancelJob({ id: job!.id, reason: "enough" });
    await jobs.retryJob({ id: job!.id });
    const first = await jobs.listJobEvents({ id: job!.id, pageSize: 2 });
    const second = await jobs.listJobEvents({ id: job!.id, pageSize: 2, pageToken: first.nextPageToken });
    const events = [...first.events, ...second.events];
    expect(events.map((e) => [JobState[e.fromState], JobState[e.toState], e.message])).toEqual([
      ["UNSPECIFIED", "READY", ""],
      ["READY", "CANCELLED", "enough"],
      ["CANCELLED", "READY", "retried by request"],
    ]);
    expect(second.nextPageToken).toBe("");
    expect((await rpcError(jobs.listJobEvents({ id: "0190d8a4-0000-7000-8000-000000000000" }))).code).toBe(Code.NotFound);
    expect((await rpcError(jobs.listJobEvents({ id: job!.id, pageToken: "bogus" }))).rawMessage).toBe("page_token: is not a token from a previous ListJobEvents response");
  });
});

describe("ListJobs' label filter", () => {
  it("keeps the jobs carrying every label asked for", async () => {
    const { jobs: submitted } = await jobs.submitJobs({
      jobs: [jobSpec("labelled", { labels: { team: "a", tier: "1" } }), jobSpec("labelled", { labels: { team: "a" } }), jobSpec("labelled", { labels: { team: "b" } })],
    });
    const teamA = await jobs.listJobs({ queue: "labelled", labels: { team: "a" } });
    expect(teamA.jobs.map((j) => j.id).sort()).toEqual([submitted[0]!.id, submitted[1]!.id].sort());
    const both = await jobs.listJobs({ queue: "labelled", labels: { team: "a", tier: "1" } });
    expect(both.jobs.map((j) => j.id)).toEqual([submitted[0]!.id]);
    const bad = await rpcError(jobs.listJobs({ labels: { team: "\u0000" } }));
    expect([Code[bad.code], bad.rawMessage]).toEqual(["InvalidArgument", 'labels["team"]: must not contain a NUL character (U+0000)']);
  });
});

describe("AdminService for the dashboard", () => {
  it("lists the workers connected to this server, with their queues, capacity, held jobs and labels", async () => {
    const { worker } = await workers.start({ queues: ["listed-a", "listed-b"], concurrency: 3, workerId: "listed-worker", labels: { host: "test-host" } }, (w) =>
      w.handle("slow", () => new Promise((resolve) => setTimeout(resolve, 60_000))),
    );
    const { job } = await jobs.submitJob({ job: jobSpec("listed-a", { type: "slow" }) });
    await waitForState(jobs, job!.id, JobState.RUNNING, 15_000);
    const { workers: listed } = await admin.listWorkers({});
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({ workerId: "listed-worker", namespace: "default", queues: ["listed-a", "listed-b"], capacity: 3, heldJobs: 1, draining: false });
    expect(listed[0]!.labels["host"]).toBe("test-host");
    expect(listed[0]!.server).toMatch(/^127\.0\.0\.1:0 pid \d+$/);
    expect((await admin.listWorkers({ namespace: "elsewhere" })).workers).toEqual([]);
    await worker.stop({ force: true });
    await jobs.cancelJob({ id: job!.id });
  });

  it("counts started, succeeded and failed attempts per minute over the last hour", async () => {
    await workers.start({ queues: ["history"] }, (w) => {
      w.handle("ok", () => ({}));
      w.handle("bad", () => {
        throw new NonRetryableError("bad");
      });
    });
    const { jobs: submitted } = await jobs.submitJobs({ jobs: [jobSpec("history", { type: "ok" }), jobSpec("history", { type: "ok" }), jobSpec("history", { type: "bad", maxAttempts: 1 })] });
    await waitForState(jobs, submitted[0]!.id, JobState.SUCCEEDED);
    await waitForState(jobs, submitted[1]!.id, JobState.SUCCEEDED);
    await waitForState(jobs, submitted[2]!.id, JobState.DEAD);
    const { points } = await admin.getQueueHistory({ queue: "history" });
    const sum = (pick: (p: (typeof points)[number]) => bigint) => points.reduce((total, p) => total + pick(p), 0n);
    expect(points.every((p) => p.queue === "history")).toBe(true);
    expect([sum((p) => p.started), sum((p) => p.succeeded), sum((p) => p.failed)]).toEqual([3n, 2n, 1n]);
    expect((await rpcError(admin.getQueueHistory({ queue: "bad queue!" }))).code).toBe(Code.InvalidArgument);
  });
});

describe("CreateSchedule with validate_only", () => {
  it("answers with the errors and the first fire time a real call would have, and stores nothing", async () => {
    const schedules = createClient(ScheduleService, createGrpcTransport({ baseUrl: server().url }));
    const spec = { name: "checked", cron: "0 9 * * *", timezone: "Europe/Paris", job: { queue: "cron", type: "report" } };
    const { schedule } = await schedules.createSchedule({ schedule: spec, validateOnly: true });
    expect(schedule).toMatchObject({ id: "", namespace: "default", paused: false });
    expect(schedule?.nextRunAt).toBeDefined();
    expect((await schedules.listSchedules({})).schedules).toEqual([]);
    const bad = await rpcError(schedules.createSchedule({ schedule: { ...spec, cron: "61 * * * *" }, validateOnly: true }));
    expect(bad.code).toBe(Code.InvalidArgument);
    expect(bad.rawMessage).toMatch(/^schedule\.cron: /);
  });
});
