// Failed attempts: retried after the job's backoff, DEAD when attempts run out or the error is
// non-retryable, published as a dead letter, and brought back with RetryJob.
import { durationFromMs } from "@bufbuild/protobuf/wkt";
import type { Client } from "@connectrpc/connect";
import { AttemptOutcome, JobState } from "@conveyor/client/gen/conveyor/v1/job_pb.js";
import type { JobService } from "@conveyor/client/gen/conveyor/v1/job_service_pb.js";
import { NonRetryableError } from "@conveyor/worker-sdk";
import { beforeAll, describe, expect, it } from "vitest";
import type { JobAnnouncement } from "../server/src/store/outbox-store.ts";
import { useBroker } from "./support/broker.ts";
import { grpcClients } from "./support/clients.ts";
import { useConveyor } from "./support/conveyor-harness.ts";
import { jobHistory, msBetween, pollUntil, useWorkers, waitForState } from "./support/execution.ts";
import { jobSpec, jsonPayload } from "./support/jobs.ts";
import { within } from "./support/rpc.ts";

const { installation, server } = useConveyor({ amqpQueueType: "classic" });
const workers = useWorkers(() => server().url);
const broker = useBroker(() => installation.amqpPrefix);
let jobs: Client<typeof JobService>;

beforeAll(() => {
  jobs = grpcClients(server().url).jobs;
});

/** No jitter: the backoff is exactly `initial` for the first retry. */
const quickBackoff = (initialMs: number) => ({ initial: durationFromMs(initialMs), multiplier: 2, jitter: 1e-9 });

/** Takes messages off <prefix>.dead-letters until one names the job (other tests' letters are put back). */
async function findDeadLetter(jobId: string): Promise<JobAnnouncement> {
  const { connection, topology } = broker();
  return pollUntil(
    `a dead letter for ${jobId}`,
    async () => {
      for (;;) {
        const message = await connection.basicGet({ queue: topology.deadLetterQueue, noAck: true });
        if (!message) return undefined;
        const raw = message.body;
        const body = (Buffer.isBuffer(raw) ? JSON.parse(raw.toString("utf8")) : typeof raw === "string" ? JSON.parse(raw) : raw) as JobAnnouncement;
        if (body.jobIds.includes(jobId)) return body;
      }
    },
    (found) => found !== undefined,
    5_000,
  ).then((found) => found!);
}

describe("retries", () => {
  it("retries a failed attempt after the job's backoff and then succeeds", async () => {
    const calls: { attempt: number; at: number }[] = [];
    await workers.start({ queues: ["flaky"] }, (w) =>
      w.handle("flaky", (job) => {
        calls.push({ attempt: job.attempt, at: Date.now() });
        if (job.attempt === 1) throw new Error("upstream said 503");
        return { ok: true };
      }),
    );
    const { job: submitted } = await jobs.submitJob({ job: jobSpec("flaky", { type: "flaky", maxAttempts: 3, backoff: quickBackoff(150) }) });
    const job = await waitForState(jobs, submitted!.id, JobState.SUCCEEDED);

    expect(calls.map((c) => c.attempt)).toEqual([1, 2]);
    expect(job.attempt).toBe(2);
    expect(job.attempts.map((a) => [a.number, a.outcome, a.error])).toEqual([
      [1, AttemptOutcome.FAILED, "upstream said 503"],
      [2, AttemptOutcome.SUCCEEDED, ""],
    ]);
    expect(job.lastError).toBe("upstream said 503");
    // The server's clock: attempt 2 started no earlier than the backoff after attempt 1 ended.
    expect(msBetween(job.attempts[0]!.finishedAt, job.attempts[1]!.startedAt)).toBeGreaterThanOrEqual(150);
    // And as the handler saw it.
    expect(calls[1]!.at - calls[0]!.at).toBeGreaterThanOrEqual(145);
    expect(await jobHistory(installation, job.id)).toEqual([
      "->READY",
      "READY->RUNNING",
      "RUNNING->RETRY_SCHEDULED",
      "RETRY_SCHEDULED->READY",
      "READY->RUNNING",
      "RUNNING->SUCCEEDED",
    ]);
  });
  // Regression: a backoff's end has microseconds in Postgres but whole milliseconds in the
  // announcement, and a timer may fire early. A dispatcher that leased at the announced millisecond
  // found the job not yet due, acknowledged the message, and the job waited for the rescuer (5 s
  // by default). It happened to about one retry in fifteen, so this runs thirty, one at a time
  // (a lone job is leased fastest, which is when the race shows).
  it("never strands a retry whose backoff ends mid-millisecond: each runs right after its backoff", async () => {
    await workers.start({ queues: ["many-retries"], concurrency: 1 }, (w) =>
      w.handle("flaky", (job) => {
        if (job.attempt === 1) throw new Error("first attempt fails");
      }),
    );
    for (let i = 0; i < 30; i++) {
      const { job: submitted } = await jobs.submitJob({ job: jobSpec("many-retries", { type: "flaky", maxAttempts: 2, backoff: quickBackoff(10 + (i % 5) * 10) }) });
      // The rescuer would need 5 s; the delay path takes the backoff plus a few milliseconds.
      const job = await waitForState(jobs, submitted!.id, JobState.SUCCEEDED, 1_500);
      expect(job.attempts.map((a) => a.outcome)).toEqual([AttemptOutcome.FAILED, AttemptOutcome.SUCCEEDED]);
    }
    expect(await installation.sql("select job_id from job_events where message like 'promoted by the rescuer%'")).toEqual([]);
  });
});

describe("dead jobs", () => {
  it("is DEAD once its attempts are used up, with every attempt FAILED and its error kept", async () => {
    const calls: number[] = [];
    await workers.start({ queues: ["doomed"] }, (w) =>
      w.handle("doomed", (job) => {
        calls.push(job.attempt);
        throw new Error(`still broken (attempt ${job.attempt})`);
      }),
    );
    const { job: submitted } = await jobs.submitJob({ job: jobSpec("doomed", { type: "doomed", maxAttempts: 3, backoff: quickBackoff(20) }) });
    const job = await waitForState(jobs, submitted!.id, JobState.DEAD);

    expect(calls).toEqual([1, 2, 3]);
    expect(job.attempts.map((a) => [a.number, a.outcome, a.error])).toEqual([
      [1, AttemptOutcome.FAILED, "still broken (attempt 1)"],
      [2, AttemptOutcome.FAILED, "still broken (attempt 2)"],
      [3, AttemptOutcome.FAILED, "still broken (attempt 3)"],
    ]);
    expect(job.lastError).toBe("still broken (attempt 3)");
    expect(job.finishedAt).toBeDefined();
  });

  it("publishes a dead job on the dead-letter exchange, naming the job and its error", async () => {
    await workers.start({ queues: ["letters"] }, (w) =>
      w.handle("letter", () => {
        throw new Error("mailbox full");
      }),
    );
    const { job: submitted } = await jobs.submitJob({ job: jobSpec("letters", { type: "letter", maxAttempts: 2, backoff: quickBackoff(20) }) });
    await waitForState(jobs, submitted!.id, JobState.DEAD);

    const letter = await findDeadLetter(submitted!.id);
    expect(letter).toMatchObject({ namespace: "default", queue: "letters", jobIds: [submitted!.id], types: ["letter"], error: "mailbox full" });
  });

  it("goes straight to DEAD after one attempt on a NonRetryableError, even with attempts left", async () => {
    const calls: number[] = [];
    await workers.start({ queues: ["strict"] }, (w) =>
      w.handle("validate", (job) => {
        calls.push(job.attempt);
        throw new NonRetryableError("payload has no 'to' field");
      }),
    );
    const { job: submitted } = await jobs.submitJob({ job: jobSpec("strict", { type: "validate", maxAttempts: 5, backoff: quickBackoff(20) }) });
    const job = await waitForState(jobs, submitted!.id, JobState.DEAD);

    expect(calls).toEqual([1]);
    expect(job.attempt).toBe(1);
    expect(job.maxAttempts).toBe(5);
    expect(job.attempts.map((a) => [a.number, a.outcome, a.error])).toEqual([[1, AttemptOutcome.FAILED, "payload has no 'to' field"]]);
    expect(await jobHistory(installation, job.id)).toEqual(["->READY", "READY->RUNNING", "RUNNING->DEAD"]);
    expect(await findDeadLetter(job.id)).toMatchObject({ jobIds: [job.id], error: "payload has no 'to' field" });
  });
});

describe("RetryJob", () => {
  /** A job that dies after 2 attempts, then is fixed and revived; returns its id and the handler's calls. */
  async function deadThenRevived(queue: string) {
    let fixed = false;
    const calls: { attempt: number; fixed: boolean }[] = [];
    const handlerRan = Promise.withResolvers<void>();
    await workers.start({ queues: [queue] }, (w) =>
      w.handle("sync", (job, ctx) => {
        calls.push({ attempt: ctx.attempt, fixed });
        if (!fixed) throw new Error(`remote down (attempt ${job.attempt})`);
        handlerRan.resolve();
        return { synced: true };
      }),
    );
    const { job: submitted } = await jobs.submitJob({
      job: jobSpec(queue, { type: "sync", maxAttempts: 2, backoff: quickBackoff(20), payload: jsonPayload({ account: 7 }) }),
    });
    const id = submitted!.id;
    await waitForState(jobs, id, JobState.DEAD);
    expect(await findDeadLetter(id)).toMatchObject({ jobIds: [id], error: "remote down (attempt 2)" });

    fixed = true;
    const { job: retried } = await jobs.retryJob({ id });
    expect(retried).toMatchObject({ state: JobState.READY, attempt: 2 });
    expect(retried?.finishedAt).toBeUndefined();
    return { id, calls, handlerRan: handlerRan.promise };
  }

  it("brings a DEAD job back to READY with a fresh set of attempts, numbered on from the last", async () => {
    const { calls, handlerRan } = await deadThenRevived("revived");
    await within(handlerRan, 5_000, "the revived job's handler");
    expect(calls).toEqual([
      { attempt: 1, fixed: false },
      { attempt: 2, fixed: false },
      { attempt: 3, fixed: true },
    ]);
  });

  it("records the revived run's attempt after the dead run's, and the job ends SUCCEEDED", async () => {
    const { id, handlerRan } = await deadThenRevived("revived-to-success");
    await within(handlerRan, 5_000, "the revived job's handler");
    // The handler has returned: normally SUCCEEDED follows within milliseconds.
    const job = await waitForState(jobs, id, JobState.SUCCEEDED, 2_000);
    expect(job.attempt).toBe(3);
    expect(job.result?.kind).toEqual({ case: "json", value: { synced: true } });
    expect(job.attempts.map((a) => [a.number, a.outcome])).toEqual([
      [1, AttemptOutcome.FAILED],
      [2, AttemptOutcome.FAILED],
      [3, AttemptOutcome.SUCCEEDED],
    ]);
    expect(await jobHistory(installation, id)).toEqual([
      "->READY",
      "READY->RUNNING",
      "RUNNING->RETRY_SCHEDULED",
      "RETRY_SCHEDULED->READY",
      "READY->RUNNING",
      "RUNNING->DEAD",
      "DEAD->READY",
      "READY->RUNNING",
      "RUNNING->SUCCEEDED",
    ]);
  });
});
