// A job submitted through JobService runs once on a worker-sdk worker and ends SUCCEEDED with its result.
import { randomBytes } from "node:crypto";
import type { Client } from "@connectrpc/connect";
import { AttemptOutcome, JobState } from "@conveyor/client/gen/conveyor/v1/job_pb.js";
import type { JobService } from "@conveyor/client/gen/conveyor/v1/job_service_pb.js";
import type { JsonObject } from "@bufbuild/protobuf";
import { beforeAll, describe, expect, it } from "vitest";
import { grpcClients } from "./support/clients.ts";
import { useConveyor } from "./support/conveyor-harness.ts";
import { jobHistory, useWorkers, waitForState } from "./support/execution.ts";
import { binaryPayload, jobSpec, jsonPayload } from "./support/jobs.ts";
import { watchJob } from "./support/watch.ts";

const { installation, server } = useConveyor({ amqpQueueType: "classic" });
const workers = useWorkers(() => server().url);
let jobs: Client<typeof JobService>;

beforeAll(() => {
  jobs = grpcClients(server().url).jobs;
});

type Greetings = { greet: { name: string; times: number } };

describe("a job run by a worker-sdk worker", () => {
  it("reaches the handler with its typed payload on attempt 1, stores the result, and ends SUCCEEDED", async () => {
    const { job: submitted } = await jobs.submitJob({
      job: jobSpec("greetings", { type: "greet", payload: jsonPayload({ name: "Ada", times: 2 }), labels: { team: "core" } }),
    });
    const id = submitted!.id;

    // Watch before any worker exists, so that every transition is seen from the start.
    const watch = watchJob(jobs, { id });
    const first = await watch.next();
    expect(first.job?.state).toBe(JobState.READY);

    const calls: { name: string; times: number; attempt: number; ctxAttempt: number; id: string; type: string; queue: string; labels: Record<string, string> }[] = [];
    const { worker } = await workers.start<Greetings>({ queues: ["greetings"], concurrency: 2 }, (w) =>
      w.handle("greet", async (job, ctx) => {
        // Typed: job.payload.name is a string, job.payload.times a number.
        const name: string = job.payload.name;
        const times: number = job.payload.times;
        calls.push({ name, times, attempt: job.attempt, ctxAttempt: ctx.attempt, id: job.id, type: job.type, queue: job.queue, labels: { ...job.labels } });
        return { greeting: `hello ${name}`.repeat(times) };
      }),
    );

    const running = await watch.next();
    expect(running.event).toMatchObject({ fromState: JobState.READY, toState: JobState.RUNNING, attempt: 1, workerId: worker.workerId });
    const succeeded = await watch.next();
    expect(succeeded.event).toMatchObject({ fromState: JobState.RUNNING, toState: JobState.SUCCEEDED, attempt: 1 });
    expect(succeeded.job?.state).toBe(JobState.SUCCEEDED);
    await watch.ended();

    expect(calls).toEqual([
      { name: "Ada", times: 2, attempt: 1, ctxAttempt: 1, id, type: "greet", queue: "greetings", labels: { team: "core" } },
    ]);
    const { job } = await jobs.getJob({ id });
    expect(job).toMatchObject({ state: JobState.SUCCEEDED, attempt: 1, lastError: "" });
    expect(job?.result?.kind).toEqual({ case: "json", value: { greeting: "hello Adahello Ada" } });
    expect(job?.finishedAt).toBeDefined();
    expect(job?.attempts).toHaveLength(1);
    expect(job?.attempts[0]).toMatchObject({ number: 1, workerId: worker.workerId, outcome: AttemptOutcome.SUCCEEDED, error: "" });
    expect(job?.attempts[0]?.finishedAt).toBeDefined();
    expect(await jobHistory(installation, id)).toEqual(["->READY", "READY->RUNNING", "RUNNING->SUCCEEDED"]);
    expect(worker.stats).toMatchObject({ leased: 1, succeeded: 1, failed: 0, released: 0, refused: 0, running: 0, held: 0 });
  });

  it("round-trips a binary payload and a binary result byte for byte", async () => {
    const input = new Uint8Array(randomBytes(4096));
    input[0] = 0; // a leading zero byte and every other value: nothing may treat this as text
    input[1] = 0xff;
    const seen: Uint8Array[] = [];
    await workers.start({ queues: ["blobs"] }, (w) =>
      w.handle<Uint8Array, Uint8Array>("checksum", (job) => {
        seen.push(job.payload);
        // The reversed bytes: a result that depends on every input byte.
        return Uint8Array.from(job.payload).reverse();
      }),
    );
    const { job: submitted } = await jobs.submitJob({ job: jobSpec("blobs", { type: "checksum", payload: binaryPayload(input) }) });
    const job = await waitForState(jobs, submitted!.id, JobState.SUCCEEDED);

    expect(seen).toHaveLength(1);
    expect(seen[0]).toBeInstanceOf(Uint8Array);
    expect(Buffer.from(seen[0]!).equals(Buffer.from(input))).toBe(true);
    expect(job.result?.kind.case).toBe("binary");
    expect(Buffer.from(job.result!.kind.value as Uint8Array).equals(Buffer.from(input).reverse())).toBe(true);
    expect(job.payload?.kind.case).toBe("binary");
  });

  it("stores no result for a handler that returns nothing, and still succeeds", async () => {
    await workers.start({ queues: ["quiet"] }, (w) => w.handle("noop", () => {}));
    const { job: submitted } = await jobs.submitJob({ job: jobSpec("quiet", { type: "noop", payload: jsonPayload({ a: 1 } as JsonObject) }) });
    const job = await waitForState(jobs, submitted!.id, JobState.SUCCEEDED);
    expect(job.result).toBeUndefined();
    expect(job.attempts.map((a) => a.outcome)).toEqual([AttemptOutcome.SUCCEEDED]);
  });

  // Regression: SubmitJobs did not wake the outbox relay, so its jobs waited for the relay's next
  // poll (1 s). Four batches: a lucky poll cannot make this pass.
  it("announces jobs submitted with SubmitJobs at once, not at the outbox relay's next poll", async () => {
    const got = new Map<string, number>();
    await workers.start({ queues: ["batched"], concurrency: 10 }, (w) =>
      w.handle("item", (job) => {
        got.set(job.id, Date.now());
      }),
    );
    for (let round = 0; round < 4; round++) {
      const submittedAt = Date.now();
      const { jobs: batch } = await jobs.submitJobs({ jobs: [jobSpec("batched", { type: "item" }), jobSpec("batched", { type: "item" })] });
      await Promise.all(batch.map((job) => waitForState(jobs, job.id, JobState.SUCCEEDED, 5_000)));
      for (const job of batch) expect(got.get(job.id)! - submittedAt).toBeLessThan(400);
    }
  });
});
