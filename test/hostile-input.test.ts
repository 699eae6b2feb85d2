// Input no honest client sends: NUL bytes, lone surrogates, NaN, times and numbers at the edges of
// their types. Each is refused with InvalidArgument naming the field, and nothing is written.
import http2 from "node:http2";
import { create } from "@bufbuild/protobuf";
import { DurationSchema, TimestampSchema } from "@bufbuild/protobuf/wkt";
import { Code, createClient, type Client } from "@connectrpc/connect";
import { createConnectTransport, createGrpcTransport } from "@connectrpc/connect-node";
import { ScheduleService } from "@conveyor/client/gen/conveyor/v1/schedule_service_pb.js";
import type { JobService } from "@conveyor/client/gen/conveyor/v1/job_service_pb.js";
import type { WorkerService } from "@conveyor/client/gen/conveyor/v1/worker_service_pb.js";
import { pino } from "pino";
import { beforeAll, describe, expect, it } from "vitest";
import { startConveyorServer } from "../server/src/conveyor-server.ts";
import { connectJsonJobClient, grpcClients } from "./support/clients.ts";
import { useConveyor } from "./support/conveyor-harness.ts";
import { jobSpec, jsonPayload } from "./support/jobs.ts";
import { openRawWorker } from "./support/raw-worker.ts";
import { rpcError } from "./support/rpc.ts";

const { installation, server } = useConveyor();
let jobs: Client<typeof JobService>;
let workers: Client<typeof WorkerService>;
let schedules: Client<typeof ScheduleService>;
let jsonSchedules: Client<typeof ScheduleService>;
/** Lone surrogates travel only in JSON (as \ud800 escapes): protobuf's UTF-8 cannot carry one. */
let jsonJobs: Client<typeof JobService>;

beforeAll(() => {
  ({ jobs, workers } = grpcClients(server().url));
  jsonJobs = connectJsonJobClient(server().url);
  schedules = createClient(ScheduleService, createGrpcTransport({ baseUrl: server().url }));
  jsonSchedules = createClient(ScheduleService, createConnectTransport({ baseUrl: server().url, httpVersion: "1.1", useBinaryFormat: false }));
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

  it("refuses a NUL in a failure's error message for that item alone (worker batches are judged per item)", async () => {
    const lease = { jobId: "0190a3f6-0000-7000-8000-000000000000", leaseId: "0190a3f6-0000-7000-8000-000000000001" };
    const { results } = await workers.fail({ failures: [{ lease, error: "boom\u0000" }] });
    expect(results.map(({ accepted, code, message }) => ({ accepted, code, message }))).toEqual([
      { accepted: false, code: "INVALID_ARGUMENT", message: expect.stringMatching(/^failures\[0\]\.error: .*NUL/) },
    ]);
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

describe("schedules at the end of time", () => {
  const LAST_SECOND = 253_402_300_799n;
  const scheduleSpec = (name: string, more: object = {}) => ({ name, job: jobSpec("scheduled"), ...more });

  async function scheduleCount(name: string): Promise<number> {
    const [row] = await installation.sql<{ n: number }>("select count(*)::int as n from schedules where name = $1", [name]);
    return row!.n;
  }

  it("refuses a cron whose next fire is in year 10000, and stores nothing", async () => {
    // Feb 29 after 9999-03-01: the next one is in 10000, a leap year.
    const startAt = create(TimestampSchema, { seconds: BigInt(Date.parse("9999-03-01T00:00:00Z") / 1000) });
    const spec = scheduleSpec("leap-10000", { cron: "0 0 29 2 *", startAt });
    expect(await failure(schedules.createSchedule({ schedule: spec }))).toEqual({ code: "InvalidArgument", message: expect.stringMatching(/^schedule\.cron: .*9999/) });
    expect(await scheduleCount("leap-10000")).toBe(0);
  });

  it("refuses the same change to an existing schedule, leaving it as it was", async () => {
    const { schedule } = await schedules.createSchedule({ schedule: scheduleSpec("leap-update", { cron: "0 0 1 1 *" }) });
    const startAt = create(TimestampSchema, { seconds: BigInt(Date.parse("9999-03-01T00:00:00Z") / 1000) });
    const update = schedules.updateSchedule({ id: schedule!.id, schedule: scheduleSpec("leap-update", { cron: "0 0 29 2 *", startAt }) });
    expect(await failure(update)).toEqual({ code: "InvalidArgument", message: expect.stringMatching(/^schedule\.cron: /) });
    const { schedule: after } = await schedules.getSchedule({ id: schedule!.id });
    expect(after!.spec!.cron).toBe("0 0 1 1 *");
  });

  it("keeps an end_at of the last nanosecond of year 9999 listable, in binary and in JSON", async () => {
    const endAt = create(TimestampSchema, { seconds: LAST_SECOND, nanos: 999_999_999 });
    const { schedule } = await schedules.createSchedule({ schedule: scheduleSpec("ends-at-9999", { cron: "0 0 1 1 *", endAt }) });
    expect(schedule!.spec!.endAt!.seconds).toBe(LAST_SECOND);
    for (const client of [schedules, jsonSchedules]) {
      const listed = await client.listSchedules({});
      expect(listed.schedules.map((s) => s.spec!.name)).toContain("ends-at-9999");
    }
  });

  it("refuses a page token that decodes to a NUL", async () => {
    const pageToken = Buffer.from("\u0000").toString("base64url");
    expect(await failure(schedules.listSchedules({ pageToken }))).toEqual({ code: "InvalidArgument", message: expect.stringMatching(/^page_token: /) });
  });

  it("lists every other schedule when one stored row cannot be rendered", async () => {
    const { schedule: bad } = await schedules.createSchedule({ schedule: scheduleSpec("stored-bad", { cron: "0 0 1 1 *" }) });
    await schedules.createSchedule({ schedule: scheduleSpec("stored-good", { cron: "0 0 1 1 *" }) });
    // As an older server stored it: a next fire time no Timestamp can carry.
    await installation.sql("update schedules set next_run_at = '10000-02-29T00:00:00Z' where id = $1", [bad!.id]);
    for (const client of [schedules, jsonSchedules]) {
      const names = (await client.listSchedules({ pageSize: 1000 })).schedules.map((s) => s.spec!.name);
      expect(names).toContain("stored-good");
      expect(names).not.toContain("stored-bad");
    }
  });
});

describe("clients that hang up", () => {
  it("are logged at debug, not error, when they abandon WatchJob streams", async () => {
    const lines: { level: number; msg: string; procedure?: string }[] = [];
    const logger = pino({ level: "debug" }, { write: (line: string) => lines.push(JSON.parse(line)) });
    const watched = await startConveyorServer(installation.config(), logger);
    try {
      const { jobs: client } = grpcClients(watched.url);
      const { job } = await client.submitJob({ job: jobSpec("abandoned-watch") });
      for (let i = 0; i < 20; i++) {
        const abort = new AbortController();
        const stream = client.watchJob({ id: job!.id }, { signal: abort.signal })[Symbol.asyncIterator]();
        const first = stream.next().catch(() => {});
        // Hang up at different moments: before, while and after the first message is written.
        setTimeout(() => abort.abort(), i % 5);
        await first;
      }
    } finally {
      await watched.close();
    }
    expect(lines.filter((line) => line.level >= 50)).toEqual([]);
  });
});

describe("request bytes that are no protobuf message", () => {
  const NOT_PROTOBUF = Buffer.from([0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f, 0x01]);

  it.each([
    ["", {}],
    // Its deadline passed before the body was read: the call is aborted already when the error comes.
    [" with a deadline of 0 ms", { "connect-timeout-ms": "0" }],
  ])("answers Connect binary%s with invalid_argument (HTTP 400), not internal", async (_, more) => {
    const headers = { "content-type": "application/proto", ...more };
    const response = await fetch(`${server().url}/conveyor.v1.JobService/GetJob`, { method: "POST", headers, body: NOT_PROTOBUF });
    expect(await response.json()).toMatchObject({ code: "invalid_argument", message: expect.stringMatching(/^parse binary: /) });
    expect(response.status).toBe(400);
  });

  it.each([
    ["a message that does not parse", 0, NOT_PROTOBUF],
    ["a message flagged compressed without an encoding", 1, Buffer.from([0x0a, 0x00])],
  ])("answers gRPC %s with INVALID_ARGUMENT, not INTERNAL", async (_, flags, body) => {
    const session = http2.connect(server().url);
    try {
      const stream = session.request({ ":method": "POST", ":path": "/conveyor.v1.JobService/GetJob", "content-type": "application/grpc", te: "trailers" });
      const frame = Buffer.alloc(5);
      frame.writeUInt8(flags, 0);
      frame.writeUInt32BE(body.length, 1);
      stream.end(Buffer.concat([frame, body]));
      stream.resume();
      const status = await new Promise<string | undefined>((resolve) => {
        let found: string | undefined;
        const read = (headers: http2.IncomingHttpHeaders) => (found = (headers["grpc-status"] as string | undefined) ?? found);
        stream.on("response", read);
        stream.on("trailers", read);
        stream.on("close", () => resolve(found));
      });
      expect(status).toBe(String(Code.InvalidArgument));
    } finally {
      session.close();
    }
  });
});
