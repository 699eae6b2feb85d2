// The WorkerService protocol as any worker (in any language) speaks it, without the SDK: lease
// ownership on Complete, LeaseOpen validation, capacity, and job-type filters.
import { create } from "@bufbuild/protobuf";
import { randomUUID } from "node:crypto";
import { Code, type Client } from "@connectrpc/connect";
import { durationMs } from "@bufbuild/protobuf/wkt";
import { AttemptOutcome, JobState } from "@conveyor/client/gen/conveyor/v1/job_pb.js";
import type { JobService } from "@conveyor/client/gen/conveyor/v1/job_service_pb.js";
import { LeaseRequestSchema, type LeaseRequest, type WorkerService } from "@conveyor/client/gen/conveyor/v1/worker_service_pb.js";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { AsyncQueue } from "../server/src/util/async-queue.ts";
import { grpcClients } from "./support/clients.ts";
import { useConveyor } from "./support/conveyor-harness.ts";
import { waitForState } from "./support/execution.ts";
import { jobSpec, jsonPayload } from "./support/jobs.ts";
import { openRawWorker, type RawWorker } from "./support/raw-worker.ts";
import { rpcError } from "./support/rpc.ts";

const LEASE_TTL_MS = 20_000;
const { installation, server } = useConveyor({ amqpQueueType: "classic", leaseTtlMs: LEASE_TTL_MS });
let jobs: Client<typeof JobService>;
let workers: Client<typeof WorkerService>;
const opened: RawWorker[] = [];

beforeAll(() => {
  ({ jobs, workers } = grpcClients(server().url));
});

afterEach(() => {
  for (const worker of opened.splice(0)) worker.abort();
});

function rawWorker(open: Parameters<typeof openRawWorker>[1]): RawWorker {
  const worker = openRawWorker(workers, open);
  opened.push(worker);
  return worker;
}

const ok = jsonPayload({ ok: true });

describe("Complete", () => {
  it("refuses a completion quoting the wrong lease (FAILED_PRECONDITION), accepts the right one once, then refuses it again", async () => {
    const worker = rawWorker({ workerId: "raw-1", queues: ["raw-complete"], capacity: 1 });
    await worker.opened;
    const { job } = await jobs.submitJob({ job: jobSpec("raw-complete") });
    const [leased] = await worker.waitForJobs(1);
    expect(leased?.job?.id).toBe(job!.id);
    expect(leased?.job?.attempt).toBe(1);
    const jobId = job!.id;

    const wrong = await workers.complete({ completions: [{ lease: { jobId, leaseId: randomUUID() }, result: ok }] });
    expect(wrong.results).toHaveLength(1);
    expect(wrong.results[0]).toMatchObject({ jobId, accepted: false, code: "FAILED_PRECONDITION" });
    expect(wrong.results[0]!.message).toMatch(/lease is not held/);
    expect((await jobs.getJob({ id: jobId })).job?.state).toBe(JobState.RUNNING);

    const right = await workers.complete({ completions: [{ lease: { jobId, leaseId: leased!.leaseId }, result: ok }] });
    expect(right.results[0]).toMatchObject({ jobId, accepted: true, code: "" });

    const again = await workers.complete({ completions: [{ lease: { jobId, leaseId: leased!.leaseId }, result: jsonPayload({ ok: "twice" }) }] });
    expect(again.results[0]).toMatchObject({ jobId, accepted: false, code: "FAILED_PRECONDITION" });

    const { job: done } = await jobs.getJob({ id: jobId });
    expect(done?.state).toBe(JobState.SUCCEEDED);
    expect(done?.result?.kind).toEqual({ case: "json", value: { ok: true } });
    expect(done?.attempts.map((a) => [a.number, a.outcome, a.workerId])).toEqual([[1, AttemptOutcome.SUCCEEDED, "raw-1"]]);
  });

  it("answers each item of a batch on its own, in order", async () => {
    const worker = rawWorker({ workerId: "raw-batch", queues: ["raw-batch"], capacity: 2 });
    await worker.opened;
    await jobs.submitJobs({ jobs: [jobSpec("raw-batch"), jobSpec("raw-batch")] });
    const [a, b] = await worker.waitForJobs(2);
    const response = await workers.complete({
      completions: [
        { lease: { jobId: a!.job!.id, leaseId: a!.leaseId } },
        { lease: { jobId: b!.job!.id, leaseId: randomUUID() } },
      ],
    });
    expect(response.results.map((r) => [r.jobId, r.accepted, r.code])).toEqual([
      [a!.job!.id, true, ""],
      [b!.job!.id, false, "FAILED_PRECONDITION"],
    ]);
  });
});

describe("batches are judged per item", () => {
  it("names every outcome by (job_id, lease_id), in request order, for Heartbeat, Complete and Fail", async () => {
    const worker = rawWorker({ workerId: "raw-keys", queues: ["raw-keys"], capacity: 3 });
    await worker.opened;
    await jobs.submitJobs({ jobs: [jobSpec("raw-keys"), jobSpec("raw-keys"), jobSpec("raw-keys")] });
    const [a, b, c] = await worker.waitForJobs(3);
    const key = (leased: typeof a) => ({ jobId: leased!.job!.id, leaseId: leased!.leaseId });
    const stranger = { jobId: randomUUID(), leaseId: randomUUID() };

    const beats = await workers.heartbeat({ leases: [key(c), stranger, key(a)] });
    expect(beats.leases.map((o) => [o.jobId, o.leaseId, o.accepted])).toEqual([
      [c!.job!.id, c!.leaseId, true],
      [stranger.jobId, stranger.leaseId, false],
      [a!.job!.id, a!.leaseId, true],
    ]);
    const done = await workers.complete({ completions: [{ lease: stranger }, { lease: key(b) }] });
    expect(done.results.map((o) => [o.jobId, o.leaseId, o.accepted])).toEqual([
      [stranger.jobId, stranger.leaseId, false],
      [b!.job!.id, b!.leaseId, true],
    ]);
    const failed = await workers.fail({ failures: [{ lease: key(c), error: "c" }, { lease: key(a), error: "a" }] });
    expect(failed.results.map((o) => [o.jobId, o.leaseId, o.accepted])).toEqual([
      [c!.job!.id, c!.leaseId, true],
      [a!.job!.id, a!.leaseId, true],
    ]);
  });

  it("cuts an over-long Fail error to 10,000 characters instead of refusing the batch", async () => {
    const worker = rawWorker({ workerId: "raw-long-error", queues: ["raw-long-error"], capacity: 2 });
    await worker.opened;
    await jobs.submitJobs({ jobs: [jobSpec("raw-long-error", { maxAttempts: 1 }), jobSpec("raw-long-error", { maxAttempts: 1 })] });
    const [a, b] = await worker.waitForJobs(2);
    const long = "é".repeat(5_000) + "😀".repeat(20_000);
    const response = await workers.fail({
      failures: [
        { lease: { jobId: a!.job!.id, leaseId: a!.leaseId }, error: long },
        { lease: { jobId: b!.job!.id, leaseId: b!.leaseId }, error: "short" },
      ],
    });
    expect(response.results.map((o) => o.accepted)).toEqual([true, true]);
    const dead = await waitForState(jobs, a!.job!.id, JobState.DEAD);
    expect([...dead.lastError]).toHaveLength(10_000);
    expect(/^é{5000}😀+… \(truncated\)$/u.test(dead.lastError)).toBe(true);
    expect((await waitForState(jobs, b!.job!.id, JobState.DEAD)).lastError).toBe("short");
  });

  it("refuses only the malformed or oversized item, never its neighbours", async () => {
    const worker = rawWorker({ workerId: "raw-bad-item", queues: ["raw-bad-item"], capacity: 2 });
    await worker.opened;
    await jobs.submitJobs({ jobs: [jobSpec("raw-bad-item"), jobSpec("raw-bad-item")] });
    const [a, b] = await worker.waitForJobs(2);
    const huge = { kind: { case: "binary" as const, value: new Uint8Array(2 * 1024 * 1024) } };

    const done = await workers.complete({
      completions: [{ lease: { jobId: "not-a-uuid", leaseId: a!.leaseId } }, { lease: { jobId: a!.job!.id, leaseId: a!.leaseId }, result: huge }, { lease: { jobId: b!.job!.id, leaseId: b!.leaseId } }],
    });
    expect(done.results.map((o) => [o.accepted, o.code])).toEqual([
      [false, "INVALID_ARGUMENT"],
      [false, "RESOURCE_EXHAUSTED"],
      [true, ""],
    ]);
    expect(done.results[0]!.message).toMatch(/^completions\[0\]\.lease\.job_id: /);
    expect(done.results[1]!.message).toMatch(/^completions\[1\]\.result: /);
    // The oversized result left the lease held: the worker can still end the attempt.
    const beats = await workers.heartbeat({ leases: [{ jobId: a!.job!.id, leaseId: "nope" }, { jobId: a!.job!.id, leaseId: a!.leaseId }] });
    expect(beats.leases.map((o) => [o.accepted, o.code])).toEqual([
      [false, "INVALID_ARGUMENT"],
      [true, ""],
    ]);
    const failed = await workers.fail({
      failures: [
        { error: "no lease" },
        { lease: { jobId: b!.job!.id, leaseId: b!.leaseId }, error: "nul \u0000 byte" },
        { lease: { jobId: a!.job!.id, leaseId: a!.leaseId }, error: "too big" },
      ],
    });
    expect(failed.results.map((o) => [o.accepted, o.code])).toEqual([
      [false, "INVALID_ARGUMENT"],
      [false, "INVALID_ARGUMENT"],
      [true, ""],
    ]);
    expect(failed.results[0]!.message).toBe("failures[0].lease: is required");
    expect(failed.results[1]!.message).toBe("failures[1].error: must not contain a NUL character (U+0000)");
  });
});

describe("workers coming and going", () => {
  // Regression: attach() registered a new queue's feed before its first session, and awaited the
  // consumer's start in between; a detach meanwhile (any worker leaving) closed and forgot that
  // feed as unused, and the new worker never received a job.
  it("feeds a worker that connects to a new queue while another worker disconnects", async () => {
    // The overlap is a matter of timing: five rounds make it all but certain to happen.
    for (let round = 0; round < 5; round++) {
      const leaving = rawWorker({ workerId: `raw-leaving-${round}`, queues: [`raw-old-queue-${round}`], capacity: 1 });
      await leaving.opened;
      leaving.abort();
      const arriving = rawWorker({ workerId: `raw-arriving-${round}`, queues: [`raw-new-queue-${round}`], capacity: 1 });
      await arriving.opened;
      const { job } = await jobs.submitJob({ job: jobSpec(`raw-new-queue-${round}`) });
      const [got] = await arriving.waitForJobs(1, 3_000);
      expect(got?.job?.id).toBe(job!.id);
    }
  });
});

describe("the first LeasedJobs", () => {
  it("is empty and states the server's lease TTL, from which the worker paces its heartbeats", async () => {
    const worker = rawWorker({ workerId: "raw-ttl", queues: ["raw-ttl"], capacity: 1 });
    const first = await worker.opened;
    expect(first.jobs).toEqual([]);
    expect(first.leaseTtl && durationMs(first.leaseTtl)).toBe(LEASE_TTL_MS);

    // Later messages carry jobs and leave it unset.
    await jobs.submitJob({ job: jobSpec("raw-ttl") });
    const [leased] = await worker.waitForJobs(1);
    const grantedMs = Number(leased!.leaseExpiresAt!.seconds) * 1000 + leased!.leaseExpiresAt!.nanos / 1e6 - Date.now();
    expect(grantedMs).toBeGreaterThan(0);
    expect(grantedMs).toBeLessThanOrEqual(LEASE_TTL_MS);
  });
});

describe("LeaseOpen", () => {
  it("refuses a second LeaseOpen on one stream with INVALID_ARGUMENT, and the jobs it held are retried", async () => {
    const worker = rawWorker({ workerId: "raw-twice", queues: ["raw-twice"], capacity: 1 });
    await worker.opened;
    const { job } = await jobs.submitJob({ job: jobSpec("raw-twice") });
    await worker.waitForJobs(1);
    worker.send({ message: { case: "open", value: { workerId: "raw-twice", queues: ["raw-other"], capacity: 5 } } });
    const error = await rpcError(worker.ended);
    expect(error.code).toBe(Code.InvalidArgument);
    expect(error.rawMessage).toMatch(/^open: LeaseOpen may be sent only once per stream/);
    // Like any end of a stream: the attempt it held is lost, and the job is ready for another worker.
    const { attempts } = await waitForState(jobs, job!.id, JobState.READY);
    expect(attempts.map((a) => a.outcome)).toEqual([AttemptOutcome.LOST]);
  });

  it("refuses a worker that names no queue with INVALID_ARGUMENT naming open.queues", async () => {
    const worker = rawWorker({ workerId: "raw-noqueue", queues: [], capacity: 1 });
    const error = await rpcError(worker.ended);
    expect(error.code).toBe(Code.InvalidArgument);
    expect(error.rawMessage).toMatch(/^open\.queues: /);
  });

  it("refuses a stream whose first message is not LeaseOpen with INVALID_ARGUMENT", async () => {
    const requests = new AsyncQueue<LeaseRequest>();
    requests.push(create(LeaseRequestSchema, { message: { case: "drain", value: {} } }));
    const error = await rpcError(
      (async () => {
        for await (const _ of workers.lease(requests)) {
          // nothing is expected
        }
      })(),
    );
    requests.close();
    expect(error.code).toBe(Code.InvalidArgument);
    expect(error.rawMessage).toBe("open: the first message must be LeaseOpen");
  });

  it("refuses a capacity of 0 with INVALID_ARGUMENT naming open.capacity", async () => {
    const worker = rawWorker({ workerId: "raw-nocap", queues: ["q"], capacity: 0 });
    const error = await rpcError(worker.ended);
    expect(error.code).toBe(Code.InvalidArgument);
    expect(error.rawMessage).toMatch(/^open\.capacity: /);
  });
});

describe("capacity", () => {
  it("pushes a worker with capacity 2 at most 2 jobs, and the next one only once it completes one", async () => {
    const first = rawWorker({ workerId: "raw-cap-1", queues: ["raw-capacity"], capacity: 2 });
    await first.opened;
    const { jobs: submitted } = await jobs.submitJobs({ jobs: Array.from({ length: 4 }, () => jobSpec("raw-capacity")) });
    const held = await first.waitForJobs(2);

    // The other two were there to take: a second worker gets exactly them, while the first is full.
    const second = rawWorker({ workerId: "raw-cap-2", queues: ["raw-capacity"], capacity: 2 });
    const others = await second.waitForJobs(2);
    const all = [...held, ...others].map((j) => j.job!.id).sort();
    expect(all).toEqual(submitted.map((j) => j.id).sort());
    expect(first.jobs).toHaveLength(2);

    // A fifth job: both are full, so it waits until the first worker completes one.
    const { job: fifth } = await jobs.submitJob({ job: jobSpec("raw-capacity") });
    const done = await workers.complete({ completions: [{ lease: { jobId: held[0]!.job!.id, leaseId: held[0]!.leaseId } }] });
    expect(done.results[0]?.accepted).toBe(true);
    const [, , third] = await first.waitForJobs(3);
    expect(third?.job?.id).toBe(fifth!.id);
    expect(second.jobs).toHaveLength(2);
    const running = await installation.sql<{ worker: string; n: number }>(
      "select lease_worker_id as worker, count(*)::int as n from jobs where queue = 'raw-capacity' and state = 'RUNNING' group by 1 order by 1",
    );
    expect(running).toEqual([
      { worker: "raw-cap-1", n: 2 },
      { worker: "raw-cap-2", n: 2 },
    ]);
  });
});

describe("job_types", () => {
  it("never pushes a job of another type to a worker that declared job_types", async () => {
    const onlyA = rawWorker({ workerId: "raw-only-a", queues: ["raw-types"], jobTypes: ["a"], capacity: 5 });
    await onlyA.opened;
    const { job: b } = await jobs.submitJob({ job: jobSpec("raw-types", { type: "b" }) });
    const { job: a } = await jobs.submitJob({ job: jobSpec("raw-types", { type: "a" }) });
    const [got] = await onlyA.waitForJobs(1);
    expect(got?.job?.id).toBe(a!.id);

    // The "b" job was there to take: a worker for every type gets it, the "a" worker never did.
    const any = rawWorker({ workerId: "raw-any", queues: ["raw-types"], capacity: 5 });
    const [other] = await any.waitForJobs(1);
    expect(other?.job).toMatchObject({ id: b!.id, type: "b" });
    expect(onlyA.jobs.map((j) => j.job?.type)).toEqual(["a"]);
    await workers.complete({
      completions: [
        { lease: { jobId: a!.id, leaseId: got!.leaseId } },
        { lease: { jobId: b!.id, leaseId: other!.leaseId } },
      ],
    });
    expect((await waitForState(jobs, b!.id, JobState.SUCCEEDED)).attempts.map((x) => x.workerId)).toEqual(["raw-any"]);
    expect(onlyA.jobs.map((j) => j.job?.type)).toEqual(["a"]);
  });
});
