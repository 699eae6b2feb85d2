// A lease belongs to one worker and one attempt. Duplicate announcements hand out nothing twice,
// every report is judged by (job, lease), an attempt never finishes before it started, and a worker
// is told the one true reason its lease ended, even when the news reached its server late.
import { randomUUID } from "node:crypto";
import { durationFromMs, timestampFromMs } from "@bufbuild/protobuf/wkt";
import type { Client } from "@connectrpc/connect";
import { JobState } from "@conveyor/client/gen/conveyor/v1/job_pb.js";
import type { JobService } from "@conveyor/client/gen/conveyor/v1/job_service_pb.js";
import { CancellationReason, type WorkerService } from "@conveyor/client/gen/conveyor/v1/worker_service_pb.js";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { ConveyorServer } from "../server/src/conveyor-server.ts";
import { useBroker } from "./support/broker.ts";
import { grpcClients } from "./support/clients.ts";
import { useConveyor } from "./support/conveyor-harness.ts";
import { msBetween, outboxSize, pollUntil, waitForState } from "./support/execution.ts";
import { jobSpec } from "./support/jobs.ts";
import { openRawWorker, type RawWorker } from "./support/raw-worker.ts";
import { startTcpProxy, type TcpProxy } from "./support/tcp-proxy.ts";
import { leaseEach } from "../server/src/store/lease-store.ts";

// The first server never reaps: whatever ends a lease under its workers is heard of, not done, there.
const { installation, server } = useConveyor({ amqpQueueType: "classic", reaperIntervalMs: 60_000, leaseAheadMs: 1_000 });
const broker = useBroker(() => installation.amqpPrefix);
let jobs: Client<typeof JobService>;
let workers: Client<typeof WorkerService>;
/** A second server on the same installation that reaps every 100 ms (from one lease TTL after its start). */
let reaping: ConveyorServer;
const opened: RawWorker[] = [];

beforeAll(async () => {
  ({ jobs, workers } = grpcClients(server().url));
  reaping = await installation.startServer({ amqpQueueType: "classic", reaperIntervalMs: 100, leaseTtlMs: 1_000 });
});

afterEach(() => {
  for (const worker of opened.splice(0)) worker.abort();
});

function rawWorker(client: Client<typeof WorkerService>, open: Parameters<typeof openRawWorker>[1]): RawWorker {
  const worker = openRawWorker(client, open);
  opened.push(worker);
  return worker;
}

async function cancellationOf(worker: RawWorker, jobId: string) {
  const [found] = await pollUntil(
    `a cancellation of ${jobId}`,
    async () => worker.cancellations.filter((c) => c.jobId === jobId),
    (list) => list.length > 0,
    20_000,
  );
  return found!;
}

describe("a lease batch naming one job twice (a duplicated announcement)", () => {
  it("leases the job once, to the first worker that asked for it", async () => {
    const { job } = await jobs.submitJob({ job: jobSpec("dup-batch") });
    const id = job!.id;
    const ask = (workerId: string) => ({ jobId: id, workerId, promote: false, namespace: "default", queue: "dup-batch" });

    const results = await leaseEach(server().context.db, [ask("first"), ask("second"), ask("third")], 30_000);
    expect(results.map((r) => r.row?.lease_worker_id ?? null)).toEqual(["first", null, null]);
    const [row] = await installation.sql<{ attempt: number; lease_worker_id: string }>("select attempt, lease_worker_id from jobs where id = $1", [id]);
    expect(row).toEqual({ attempt: 1, lease_worker_id: "first" });
  });

  it("pushes a job announced three times in one message to its worker once", async () => {
    // Submitted through the other server, before any worker listens: its announcement waits in the queue.
    const { job } = await grpcClients(reaping.url).jobs.submitJob({ job: jobSpec("dup-message") });
    const id = job!.id;
    await pollUntil("the outbox to empty", () => outboxSize(installation), (n) => n === 0);
    await broker().announce({ namespace: "default", queue: "dup-message", jobIds: [id, id, id], types: ["test.job"] });

    const worker = rawWorker(workers, { workerId: "dup-worker", queues: ["dup-message"], capacity: 8 });
    await worker.waitForJobs(1);
    // A marker job announced after the copies is pushed after them: once it is here, they were handled.
    const { job: marker } = await grpcClients(reaping.url).jobs.submitJob({ job: jobSpec("dup-message") });
    await pollUntil("the marker job", async () => worker.jobs.map((j) => j.job!.id), (ids) => ids.includes(marker!.id));
    expect(worker.jobs.filter((j) => j.job!.id === id)).toHaveLength(1);
  });
});

describe("reports judged by (job, lease)", () => {
  it("answers a heartbeat batch holding one job with a forged lease and with its real lease: refused, then accepted", async () => {
    const worker = rawWorker(workers, { workerId: "hb-worker", queues: ["hb-pairs"], capacity: 1 });
    await worker.opened;
    const { job } = await jobs.submitJob({ job: jobSpec("hb-pairs") });
    const [leased] = await worker.waitForJobs(1);
    const jobId = job!.id;

    const response = await workers.heartbeat({
      leases: [
        { jobId, leaseId: randomUUID() },
        { jobId, leaseId: leased!.leaseId },
      ],
    });
    expect(response.leases.map((l) => [l.jobId, l.accepted, l.code])).toEqual([
      [jobId, false, "FAILED_PRECONDITION"],
      [jobId, true, ""],
    ]);
  });

  it("answers a completion batch holding one job with its real lease and a forged one: accepted, then refused", async () => {
    const worker = rawWorker(workers, { workerId: "complete-pairs", queues: ["complete-pairs"], capacity: 1 });
    await worker.opened;
    const { job } = await jobs.submitJob({ job: jobSpec("complete-pairs") });
    const [leased] = await worker.waitForJobs(1);
    const jobId = job!.id;

    const forged = await workers.complete({ completions: [{ lease: { jobId, leaseId: randomUUID() } }] });
    expect(forged.results[0]).toMatchObject({ accepted: false, code: "FAILED_PRECONDITION" });
    const { job: next } = await jobs.submitJob({ job: jobSpec("complete-pairs") });

    const response = await workers.complete({
      completions: [{ lease: { jobId, leaseId: leased!.leaseId } }, { lease: { jobId, leaseId: randomUUID() } }],
    });
    expect(response.results.map((r) => [r.jobId, r.accepted, r.code])).toEqual([
      [jobId, true, ""],
      [jobId, false, "FAILED_PRECONDITION"],
    ]);
    // The real completion freed the slot: the next job arrives, and it is the only other one.
    const pushed = await worker.waitForJobs(2);
    expect(pushed[1]!.job!.id).toBe(next!.id);
  });
});

describe("a job leased ahead of its run_at", () => {
  it("never finishes before its attempt started, even when its worker reports at once", async () => {
    const worker = rawWorker(workers, { workerId: "early-bird", queues: ["early"], capacity: 1 });
    await worker.opened;
    const { job } = await jobs.submitJob({ job: jobSpec("early", { runAt: timestampFromMs(Date.now() + 700) }) });
    const [leased] = await worker.waitForJobs(1, 15_000);
    const jobId = job!.id;
    const response = await workers.complete({ completions: [{ lease: { jobId, leaseId: leased!.leaseId } }] });
    expect(response.results[0]!.accepted).toBe(true);

    const { job: done } = await jobs.getJob({ id: jobId });
    expect(done!.state).toBe(JobState.SUCCEEDED);
    const attempt = done!.attempts[0]!;
    expect(msBetween(attempt.startedAt, attempt.finishedAt)).toBeGreaterThanOrEqual(0);
  });
});

describe("why a lease ended, as the worker hears it", () => {
  it("is TIMED_OUT when another server's reaper ended the attempt at its timeout", async () => {
    const worker = rawWorker(workers, { workerId: "slowpoke", queues: ["timeouts"], capacity: 1 });
    await worker.opened;
    const { job } = await jobs.submitJob({ job: jobSpec("timeouts", { timeout: durationFromMs(400), maxAttempts: 1 }) });
    await worker.waitForJobs(1);

    const cancellation = await cancellationOf(worker, job!.id);
    expect(CancellationReason[cancellation.reasonCode]).toBe("TIMED_OUT");
    expect(cancellation.reason).toMatch(/timed out/);
    await waitForState(jobs, job!.id, JobState.DEAD);
  });

  it("is CANCELLED, with the canceller's reason, when the job was cancelled through another server", async () => {
    const worker = rawWorker(workers, { workerId: "cancelled", queues: ["cancels"], capacity: 1 });
    await worker.opened;
    const { job } = await jobs.submitJob({ job: jobSpec("cancels") });
    await worker.waitForJobs(1);
    await grpcClients(reaping.url).jobs.cancelJob({ id: job!.id, reason: "changed my mind" });

    const cancellation = await cancellationOf(worker, job!.id);
    expect(CancellationReason[cancellation.reasonCode]).toBe("CANCELLED");
    expect(cancellation.reason).toBe("changed my mind");
  });
});

describe("a server whose change listener lost its connection", () => {
  let proxy: TcpProxy;
  let cutOff: ConveyorServer;
  afterAll(async () => {
    proxy?.restore();
    await cutOff?.close();
    await proxy?.close();
  });

  it("tells its worker of a cancellation made while it was not listening, once it listens again", async () => {
    proxy = await startTcpProxy(installation.databaseUrl);
    cutOff = await installation.startServer({ amqpQueueType: "classic", databaseUrl: proxy.url, reaperIntervalMs: 60_000 });
    const worker = rawWorker(grpcClients(cutOff.url).workers, { workerId: "deaf", queues: ["deaf"], capacity: 1 });
    await worker.opened;
    const { job } = await grpcClients(cutOff.url).jobs.submitJob({ job: jobSpec("deaf") });
    await worker.waitForJobs(1);

    proxy.cut();
    await jobs.cancelJob({ id: job!.id, reason: "while you were away" });
    proxy.restore();

    const cancellation = await cancellationOf(worker, job!.id);
    expect(CancellationReason[cancellation.reasonCode]).toBe("CANCELLED");
    expect(cancellation.reason).toBe("while you were away");
  });
});

describe("heartbeats racing completions of the same jobs", () => {
  it("never deadlock: every call is answered, none ABORTED", async () => {
    const count = 200;
    const worker = rawWorker(workers, { workerId: "racer", queues: ["racing"], capacity: count });
    await worker.opened;
    await jobs.submitJobs({ jobs: Array.from({ length: count }, () => jobSpec("racing")) });
    const leased = await worker.waitForJobs(count, 20_000);
    const refs = leased.map((j) => ({ jobId: j.job!.id, leaseId: j.leaseId }));
    // Heartbeats name the jobs in descending id order, completions in ascending: locking in input
    // order would deadlock them.
    const descending = [...refs].sort((a, b) => b.jobId.localeCompare(a.jobId));
    const ascending = [...refs].sort((a, b) => a.jobId.localeCompare(b.jobId));
    const calls: Promise<unknown>[] = [];
    for (let round = 0; round < 5; round++) calls.push(workers.heartbeat({ leases: descending }));
    for (let i = 0; i < count; i += 20) {
      calls.push(workers.complete({ completions: ascending.slice(i, i + 20).map((lease) => ({ lease })) }));
      calls.push(workers.heartbeat({ leases: descending }));
    }
    await Promise.all(calls);
    const [row] = await installation.sql<{ n: number }>("select count(*)::int as n from jobs where queue = 'racing' and state = 'SUCCEEDED'");
    expect(row!.n).toBe(count);
  });
});
