// Cancelling a running job and timing out an attempt both reach the handler through ctx.signal,
// end the attempt on the server, and free the worker's slot.
import { durationFromMs } from "@bufbuild/protobuf/wkt";
import type { Client } from "@connectrpc/connect";
import { AttemptOutcome, JobState } from "@conveyor/client/gen/conveyor/v1/job_pb.js";
import type { JobService } from "@conveyor/client/gen/conveyor/v1/job_service_pb.js";
import { JobCancelledError, JobTimeoutError } from "@conveyor/worker-sdk";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { grpcClients } from "./support/clients.ts";
import { useConveyor } from "./support/conveyor-harness.ts";
import { deferred, jobHistory, msBetween, useWorkers, waitForState } from "./support/execution.ts";
import { jobSpec } from "./support/jobs.ts";
import { within } from "./support/rpc.ts";

const { installation, server } = useConveyor({ amqpQueueType: "classic", leaseTtlMs: 1_500, reaperIntervalMs: 100 });
const workers = useWorkers(() => server().url);
let jobs: Client<typeof JobService>;
/** A server's lease reaper starts one lease TTL after the server (to let live workers heartbeat first). */
let reaperRunningAt = 0;

beforeAll(() => {
  jobs = grpcClients(server().url).jobs;
  reaperRunningAt = Date.now() + 1_500 + 200;
});

/** Resolves with the signal's reason once it aborts. */
function aborted(signal: AbortSignal): Promise<unknown> {
  if (signal.aborted) return Promise.resolve(signal.reason);
  return new Promise((resolve) => signal.addEventListener("abort", () => resolve(signal.reason), { once: true }));
}

describe("cancelling a running job", () => {
  it("aborts the handler's signal with the reason, ends job and attempt CANCELLED, and frees the slot", async () => {
    const started = deferred<string>();
    const sawAbort = deferred<unknown>();
    const ran: string[] = [];
    const { worker } = await workers.start({ queues: ["cancellable"], concurrency: 1 }, (w) =>
      w.handle("long", async (job, ctx) => {
        ran.push(job.id);
        if (job.payload["block"] !== true) return { quick: true };
        started.resolve(job.id);
        const reason = await aborted(ctx.signal);
        sawAbort.resolve(reason);
        throw reason;
      }),
    );
    const { job: submitted } = await jobs.submitJob({ job: jobSpec("cancellable", { type: "long", payload: { kind: { case: "json", value: { block: true } } } }) });
    const id = submitted!.id;
    expect(await within(started.promise, 5_000, "the handler starting")).toBe(id);

    const { job: cancelled } = await jobs.cancelJob({ id, reason: "customer closed the account" });
    expect(cancelled?.state).toBe(JobState.CANCELLED);

    const reason = await within(sawAbort.promise, 5_000, "the handler's signal aborting");
    expect(reason).toBeInstanceOf(JobCancelledError);
    expect((reason as JobCancelledError).reason).toBe("customer closed the account");

    const { job } = await jobs.getJob({ id });
    expect(job).toMatchObject({ state: JobState.CANCELLED, lastError: "customer closed the account" });
    expect(job?.attempts.map((a) => [a.number, a.outcome, a.workerId, a.error])).toEqual([
      [1, AttemptOutcome.CANCELLED, worker.workerId, "customer closed the account"],
    ]);
    expect(await jobHistory(installation, id)).toEqual(["->READY", "READY->RUNNING", "RUNNING->CANCELLED"]);

    // Concurrency 1: the next job can only run if the cancelled one gave its slot back.
    const { job: next } = await jobs.submitJob({ job: jobSpec("cancellable", { type: "long", payload: { kind: { case: "json", value: { block: false } } } }) });
    const done = await waitForState(jobs, next!.id, JobState.SUCCEEDED, 5_000);
    expect(done.attempts[0]?.workerId).toBe(worker.workerId);
    expect(ran).toEqual([id, next!.id]);
    // The SDK reported nothing for the cancelled job: the server had already ended its attempt.
    // The SDK counts a success when Complete answers, which can be just after the job's state changes.
    await vi.waitFor(() => expect(worker.stats).toMatchObject({ leased: 2, succeeded: 1, failed: 0, released: 1, refused: 0 }));
    // ... and the server agrees the cancelled attempt stays as it was.
    expect((await jobs.getJob({ id })).job?.attempts.map((a) => a.outcome)).toEqual([AttemptOutcome.CANCELLED]);
  });
});

describe("an attempt that outlives its timeout", () => {
  async function startTimeoutWorker(queue: string) {
    const reasons: { attempt: number; reason: unknown; afterMs: number }[] = [];
    const { worker } = await workers.start({ queues: [queue], concurrency: 1 }, (w) =>
      w.handle("slow", async (job, ctx) => {
        if (job.attempt > 1) return { attempt: job.attempt };
        const began = Date.now();
        const reason = await aborted(ctx.signal);
        reasons.push({ attempt: job.attempt, reason, afterMs: Date.now() - began });
        throw reason;
      }),
    );
    return { worker, reasons };
  }

  it("ends TIMED_OUT, aborts the handler's signal, and is retried", async () => {
    const { worker, reasons } = await startTimeoutWorker("timeouts");
    const { job: submitted } = await jobs.submitJob({
      job: jobSpec("timeouts", { type: "slow", timeout: durationFromMs(300), maxAttempts: 2, backoff: { initial: durationFromMs(50), jitter: 1e-9 } }),
    });
    const job = await waitForState(jobs, submitted!.id, JobState.SUCCEEDED, 5_000);

    expect(job.attempts.map((a) => [a.number, a.outcome, a.workerId, a.error])).toEqual([
      [1, AttemptOutcome.TIMED_OUT, worker.workerId, "attempt timed out"],
      [2, AttemptOutcome.SUCCEEDED, worker.workerId, ""],
    ]);
    // Timed out by the server's clock: not before the 300 ms were up.
    expect(msBetween(job.attempts[0]!.startedAt, job.attempts[0]!.finishedAt)).toBeGreaterThanOrEqual(300);
    expect(reasons).toHaveLength(1);
    expect(reasons[0]!.afterMs).toBeGreaterThanOrEqual(250);
    expect(reasons[0]!.reason).toBeInstanceOf(Error);
    expect(await jobHistory(installation, job.id)).toEqual([
      "->READY",
      "READY->RUNNING",
      "RUNNING->RETRY_SCHEDULED",
      "RETRY_SCHEDULED->READY",
      "READY->RUNNING",
      "RUNNING->SUCCEEDED",
    ]);
    await vi.waitFor(() => expect(worker.stats).toMatchObject({ succeeded: 1, released: 1, refused: 0 }));
  });

  it("is DEAD when the timed-out attempt was its last", async () => {
    const { reasons } = await startTimeoutWorker("last-timeouts");
    const { job: submitted } = await jobs.submitJob({ job: jobSpec("last-timeouts", { type: "slow", timeout: durationFromMs(300), maxAttempts: 1 }) });
    const job = await waitForState(jobs, submitted!.id, JobState.DEAD, 5_000);
    expect(job.attempts.map((a) => [a.number, a.outcome, a.error])).toEqual([[1, AttemptOutcome.TIMED_OUT, "attempt timed out"]]);
    expect(job.lastError).toBe("attempt timed out");
    expect(reasons.map((r) => r.attempt)).toEqual([1]);
  });

  it("tells the handler it timed out with a JobTimeoutError, as the SDK documents", async () => {
    // The server's reaper must be the one ending the attempt (it is, in production); before it
    // starts, the SDK's local timer fires first and does give a JobTimeoutError.
    if (Date.now() < reaperRunningAt) await new Promise((resolve) => setTimeout(resolve, reaperRunningAt - Date.now()));
    const { reasons } = await startTimeoutWorker("timeout-reasons");
    const { job: submitted } = await jobs.submitJob({ job: jobSpec("timeout-reasons", { type: "slow", timeout: durationFromMs(300), maxAttempts: 1 }) });
    await waitForState(jobs, submitted!.id, JobState.DEAD, 5_000);
    expect(reasons).toHaveLength(1);
    expect(reasons[0]!.reason).toBeInstanceOf(JobTimeoutError);
  });
});
