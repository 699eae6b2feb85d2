// Per-queue defaults from the configuration: jobs that leave an option unset get their queue's
// value, jobs that set it keep their own, and the retry path follows the stored policy.
import { durationFromMs, durationMs } from "@bufbuild/protobuf/wkt";
import type { Client } from "@connectrpc/connect";
import { AttemptOutcome, JobState } from "@conveyor/client/gen/conveyor/v1/job_pb.js";
import type { JobService } from "@conveyor/client/gen/conveyor/v1/job_service_pb.js";
import { beforeAll, describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../server/src/config/config.ts";
import { grpcClients } from "./support/clients.ts";
import { useConveyor } from "./support/conveyor-harness.ts";
import { useWorkers, waitForState } from "./support/execution.ts";
import { jobSpec } from "./support/jobs.ts";

const { server } = useConveyor({
  amqpQueueType: "classic",
  queueDefaults: { flaky: { maxAttempts: 2, backoffInitialMs: 20, backoffMultiplier: 1, backoffJitter: 0.000001, timeoutMs: 5_000 } },
});
const workers = useWorkers(() => server().url);
let jobs: Client<typeof JobService>;

beforeAll(() => {
  jobs = grpcClients(server().url).jobs;
});

describe("queue defaults", () => {
  it("fill in what a job leaves unset on that queue", async () => {
    const { job } = await jobs.submitJob({ job: jobSpec("flaky") });
    expect(job?.maxAttempts).toBe(2);
    expect(durationMs(job!.timeout!)).toBe(5_000);
    expect(durationMs(job!.backoff!.initial!)).toBe(20);
    expect(job?.backoff?.multiplier).toBe(1);
  });

  it("yield to what the job sets itself", async () => {
    const { job } = await jobs.submitJob({ job: jobSpec("flaky", { maxAttempts: 7, timeout: durationFromMs(9_000) }) });
    expect(job?.maxAttempts).toBe(7);
    expect(durationMs(job!.timeout!)).toBe(9_000);
    expect(durationMs(job!.backoff!.initial!)).toBe(20);
  });

  it("leave other queues on the built-in defaults", async () => {
    const { job } = await jobs.submitJob({ job: jobSpec("steady") });
    expect(job?.maxAttempts).toBe(5);
    expect(durationMs(job!.timeout!)).toBe(30 * 60 * 1000);
  });

  it("govern retries: a failing job on the queue is DEAD after the queue's two attempts", async () => {
    await workers.start({ queues: ["flaky"] }, (w) =>
      w.handle("always-fails", () => {
        throw new Error("still broken");
      }),
    );
    const { job: submitted } = await jobs.submitJob({ job: jobSpec("flaky", { type: "always-fails" }) });
    const job = await waitForState(jobs, submitted!.id, JobState.DEAD, 5_000);
    expect(job.attempts.map((a) => [a.number, a.outcome])).toEqual([
      [1, AttemptOutcome.FAILED],
      [2, AttemptOutcome.FAILED],
    ]);
  });

  it("come from CONVEYOR_QUEUE_DEFAULTS as JSON, and bad JSON or fields are named", () => {
    const config = loadConfig({ CONVEYOR_AUTH_MODE: "off", CONVEYOR_QUEUE_DEFAULTS: '{"emails": {"maxAttempts": 10}}' });
    expect(config.queueDefaults).toEqual({ emails: { maxAttempts: 10 } });
    expect(() => loadConfig({ CONVEYOR_AUTH_MODE: "off", CONVEYOR_QUEUE_DEFAULTS: "{not json" })).toThrow(/queueDefaults \(CONVEYOR_QUEUE_DEFAULTS\): is not valid JSON/);
    expect(() => loadConfig({ CONVEYOR_AUTH_MODE: "off", CONVEYOR_QUEUE_DEFAULTS: '{"emails": {"maxAttempts": 0}}' })).toThrow(ConfigError);
    expect(() => loadConfig({ CONVEYOR_AUTH_MODE: "off", CONVEYOR_QUEUE_DEFAULTS: '{"emails": {"retries": 3}}' })).toThrow(/queueDefaults\.emails/);
  });
});
