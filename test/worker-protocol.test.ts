// The WorkerService protocol as any worker (in any language) speaks it, without the SDK: lease
// ownership on Complete, LeaseOpen validation, capacity, and job-type filters.
import { create } from "@bufbuild/protobuf";
import { randomUUID } from "node:crypto";
import { Code, type Client } from "@connectrpc/connect";
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

const { installation, server } = useConveyor({ amqpQueueType: "classic" });
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

describe("LeaseOpen", () => {
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
