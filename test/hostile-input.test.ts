// Input no honest client sends: NUL bytes, lone surrogates, NaN, times and numbers at the edges of
// their types. Each is refused with InvalidArgument naming the field, and nothing is written.
import { create } from "@bufbuild/protobuf";
import { DurationSchema, TimestampSchema } from "@bufbuild/protobuf/wkt";
import { Code, type Client } from "@connectrpc/connect";
import type { JobService } from "@conveyor/client/gen/conveyor/v1/job_service_pb.js";
import type { WorkerService } from "@conveyor/client/gen/conveyor/v1/worker_service_pb.js";
import { beforeAll, describe, expect, it } from "vitest";
import { connectJsonJobClient, grpcClients } from "./support/clients.ts";
import { useConveyor } from "./support/conveyor-harness.ts";
import { jobSpec, jsonPayload } from "./support/jobs.ts";
import { openRawWorker } from "./support/raw-worker.ts";
import { rpcError } from "./support/rpc.ts";

const { installation, server } = useConveyor();
let jobs: Client<typeof JobService>;
let workers: Client<typeof WorkerService>;
/** Lone surrogates travel only in JSON (as \ud800 escapes): protobuf's UTF-8 cannot carry one. */
let jsonJobs: Client<typeof JobService>;

beforeAll(() => {
  ({ jobs, workers } = grpcClients(server().url));
  jsonJobs = connectJsonJobClient(server().url);
});

async function jobCount(queue: string): Promise<number> {
  const [row] = await installation.sql<{ n: number }>("select count(*)::int as n from jobs where queue = $1", [queue]);
  return row!.n;
}

async function failure(call: Promise<unknown>): Promise<{ code: string; message: string }> {
  const error = await rpcError(call);
  return { code: Code[error.code], message: error.rawMessage };
}

const LONE_SURROGATE = "ok\ud800";

describe("strings that PostgreSQL cannot store", () => {
  it("refuses a whole SubmitJobs batch whose one payload value holds a NUL, naming it, and writes none of it", async () => {
    const batch = [jobSpec("nul-batch"), jobSpec("nul-batch", { payload: jsonPayload({ note: "a\u0000b" }) }), jobSpec("nul-batch")];
    expect(await failure(jobs.submitJobs({ jobs: batch }))).toEqual({ code: "InvalidArgument", message: expect.stringMatching(/^jobs\[1\]\.payload\.json\.note: .*NUL/) });
    expect(await jobCount("nul-batch")).toBe(0);
  });

  it.each([
    ["a payload key", jobSpec("q", { payload: jsonPayload({ "k\u0000": 1 }) }), /^job\.payload\.json\["k\\u0000"\] \(key\): .*NUL/],
    ["a nested payload value", jobSpec("q", { payload: jsonPayload({ list: [1, { deep: LONE_SURROGATE }] }) }), /^job\.payload\.json\.list\[1\]\.deep: .*lone surrogate/],
    ["a label value", jobSpec("q", { labels: { team: "a\u0000" } }), /^job\.labels\["team"\]: .*NUL/],
    // Refused while decoding the JSON already, named as the proto's field.
    ["a label key", jobSpec("q", { labels: { [LONE_SURROGATE]: "v" } }), /JobSpec\.labels.*invalid UTF8/],
    ["an idempotency key", jobSpec("q", { idempotencyKey: "key\u0000" }), /^job\.idempotency_key: .*NUL/],
  ])("refuses a NUL or a lone surrogate in %s", async (_, spec, message) => {
    expect(await failure(jsonJobs.submitJob({ job: spec }))).toEqual({ code: "InvalidArgument", message: expect.stringMatching(message) });
  });

  it("refuses a lone surrogate in a cancel reason", async () => {
    const { job } = await jobs.submitJob({ job: jobSpec("cancel-reason") });
    expect(await failure(jsonJobs.cancelJob({ id: job!.id, reason: LONE_SURROGATE }))).toEqual({ code: "InvalidArgument", message: expect.stringMatching(/CancelJobRequest\.reason.*invalid UTF8/) });
  });

  it("refuses a NUL in a worker id, on the Lease stream, before the handler sees it", async () => {
    const worker = openRawWorker(workers, { queues: ["q"], capacity: 1, workerId: "w\u0000" });
    const error = await rpcError(worker.ended);
    expect({ code: Code[error.code], message: error.rawMessage }).toEqual({ code: "InvalidArgument", message: expect.stringMatching(/^open\.worker_id: .*NUL/) });
  });

  it("refuses a NUL in a failure's error message", async () => {
    const failures = [{ jobId: "0190a3f6-0000-7000-8000-000000000000", leaseId: "0190a3f6-0000-7000-8000-000000000001", error: "boom\u0000" }];
    expect(await failure(workers.fail({ failures }))).toEqual({ code: "InvalidArgument", message: expect.stringMatching(/^failures\[0\]\.error: .*NUL/) });
  });
});

describe("numbers a column cannot hold", () => {
  it.each([
    ["NaN", { n: NaN }, /^job\.payload\.json\.n: .*finite/],
    ["Infinity in a list", { list: [1, -Infinity] }, /^job\.payload\.json\.list\[1\]: .*finite/],
  ])("refuses %s in a JSON payload instead of storing null", async (_, json, message) => {
    expect(await failure(jobs.submitJob({ job: jobSpec("nan", { payload: jsonPayload(json) }) }))).toEqual({ code: "InvalidArgument", message: expect.stringMatching(message) });
    expect(await jobCount("nan")).toBe(0);
  });

  it.each([5e-324, 1e-40, 1.5, NaN])("refuses backoff.jitter %s, which PostgreSQL's real cannot store", async (jitter) => {
    const spec = jobSpec("jitter", { backoff: { jitter } });
    expect(await failure(jobs.submitJob({ job: spec }))).toEqual({ code: "InvalidArgument", message: expect.stringMatching(/^job\.backoff\.jitter: /) });
  });

  it("still takes the smallest jitter it documents", async () => {
    const { job } = await jobs.submitJob({ job: jobSpec("jitter", { backoff: { jitter: 1e-9 } }) });
    expect(job!.backoff!.jitter).toBeCloseTo(1e-9, 15);
  });
});

describe("times at the edges of google.protobuf.Timestamp", () => {
  it("stores a run_at of the last nanosecond of year 9999 without rounding it into year 10000", async () => {
    const runAt = create(TimestampSchema, { seconds: 253_402_300_799n, nanos: 999_999_999 });
    const { job } = await jobs.submitJob({ job: jobSpec("edge-time", { runAt }) });
    expect(job!.runAt!.seconds).toBe(253_402_300_799n);
    const got = await jobs.getJob({ id: job!.id });
    expect(got.job!.runAt!.seconds).toBe(253_402_300_799n);
    const listed = await jobs.listJobs({ queue: "edge-time" });
    expect(listed.jobs.map((j) => j.id)).toEqual([job!.id]);
  });

  it.each([
    ["seconds past 9999", { seconds: 253_402_300_800n, nanos: 0 }],
    ["nanos out of range", { seconds: 0n, nanos: 1_000_000_000 }],
    ["negative nanos", { seconds: 0n, nanos: -1 }],
  ])("refuses a run_at with %s", async (_, value) => {
    const spec = jobSpec("edge-time-bad", { runAt: create(TimestampSchema, value) });
    expect(await failure(jobs.submitJob({ job: spec }))).toEqual({ code: "InvalidArgument", message: expect.stringMatching(/^job\.run_at: /) });
  });

  it("refuses a duration whose seconds and nanos disagree in sign", async () => {
    const spec = jobSpec("q", { timeout: create(DurationSchema, { seconds: 5n, nanos: -1 }) });
    expect(await failure(jobs.submitJob({ job: spec }))).toEqual({ code: "InvalidArgument", message: expect.stringMatching(/^job\.timeout: /) });
  });
});
