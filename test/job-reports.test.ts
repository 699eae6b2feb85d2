// Progress and log lines: a handler's ctx.progress() and ctx.log() travel on the Lease stream,
// are stored with per-job caps and size limits, and reach GetJob, ListJobLogs and WatchJob on
// every server process, in order with the job's transitions.
import { Code, type Client } from "@connectrpc/connect";
import { JobState, LogLevel } from "@conveyor/client/gen/conveyor/v1/job_pb.js";
import type { JobService, WatchJobResponse } from "@conveyor/client/gen/conveyor/v1/job_service_pb.js";
import { beforeAll, describe, expect, it } from "vitest";
import { RetentionPurger } from "../server/src/scheduler/retention-purger.ts";
import { startChildServer, useChildProcesses } from "./support/child-processes.ts";
import { grpcClients } from "./support/clients.ts";
import { useConveyor } from "./support/conveyor-harness.ts";
import { deferred, testLogger, useWorkers, waitForState } from "./support/execution.ts";
import { jobSpec } from "./support/jobs.ts";
import { openRawWorker } from "./support/raw-worker.ts";
import { rpcError } from "./support/rpc.ts";
import { watchJob } from "./support/watch.ts";

const { installation, server } = useConveyor({ amqpQueueType: "classic" });
useChildProcesses();
const workers = useWorkers(() => server().url);
let jobs: Client<typeof JobService>;

beforeAll(() => {
  jobs = grpcClients(server().url).jobs;
});

/** Every message of a WatchJob stream until it ends. */
async function watchToEnd(client: Client<typeof JobService>, id: string, first: (message: WatchJobResponse) => void): Promise<WatchJobResponse[]> {
  const watch = watchJob(client, { id });
  const messages: WatchJobResponse[] = [];
  try {
    messages.push(await watch.next(10_000));
    first(messages[0]!);
    for (;;) {
      const message = await watch.next(20_000);
      messages.push(message);
      if (message.job) break;
    }
    await watch.ended();
  } finally {
    watch.close();
  }
  return messages;
}

function describeMessage(message: WatchJobResponse): string {
  if (message.log) return `log ${LogLevel[message.log.level]} ${message.log.message}`;
  if (message.progress) return `progress ${message.progress.percent ?? "-"} ${JSON.stringify(message.progress.details ?? {})}`;
  if (message.event) return `event ${JobState[message.event.fromState]}->${JobState[message.event.toState]}`;
  return "job";
}

function sequenceOf(message: WatchJobResponse): bigint {
  return message.log?.sequence ?? message.progress?.sequence ?? message.event?.sequence ?? 0n;
}

describe("a handler's progress and logs", () => {
  it("reach a watcher on another server process, in order with the job's transitions", async () => {
    const other = await startChildServer(installation);
    const remote = grpcClients(other.url).jobs;
    const watching = deferred();
    await workers.start({ queues: ["reports"] }, (w) =>
      w.handle("work", async (_job, ctx) => {
        await watching.promise;
        ctx.progress(10);
        ctx.log("starting", { rows: 3 });
        ctx.log("row 2 is odd", { row: 2 }, "warn");
        ctx.progress(60, { stage: "rows", done: 2 });
        ctx.log("all rows done", undefined, "debug");
        ctx.progress({ stage: "finishing" });
        ctx.log("bye", { error: new Error("not really") }, "error");
        return { ok: true };
      }),
    );
    const { job } = await jobs.submitJob({ job: jobSpec("reports", { type: "work" }) });
    const id = job!.id;
    const messages = await watchToEnd(remote, id, () => watching.resolve());

    const seen = messages.slice(1).map(describeMessage);
    // Progress reports may be merged when they come quickly: only the latest is guaranteed.
    expect(seen.filter((m) => !m.startsWith("progress"))).toEqual([
      ...(seen[0] === "event READY->RUNNING" ? ["event READY->RUNNING"] : []),
      "log INFO starting",
      "log WARN row 2 is odd",
      "log DEBUG all rows done",
      "log ERROR bye",
      "event RUNNING->SUCCEEDED",
    ]);
    expect(seen.filter((m) => m.startsWith("progress")).at(-1)).toBe('progress - {"stage":"finishing"}');
    const sequences = messages.slice(1).map(sequenceOf);
    expect(sequences).toEqual([...sequences].sort((a, b) => (a < b ? -1 : 1)));
    expect(new Set(sequences).size).toBe(sequences.length);

    const lines = messages.filter((m) => m.log).map((m) => m.log!);
    expect(lines[0]).toMatchObject({ message: "starting", fields: { rows: 3 }, attempt: 1 });
    expect(lines[3]!.fields).toEqual({ error: { name: "Error", message: "not really" } });
    expect(lines.every((line) => line.at !== undefined)).toBe(true);

    // GetJob on either server: the latest progress.
    for (const client of [jobs, remote]) {
      const { job: done } = await client.getJob({ id });
      expect(done!.progress).toMatchObject({ details: { stage: "finishing" }, attempt: 1 });
      expect(done!.progress!.percent).toBeUndefined();
      expect(done!.logLinesDropped).toBe(0n);
    }
  });

  it("are listed by ListJobLogs, oldest first, page by page", async () => {
    await workers.start({ queues: ["listed"] }, (w) =>
      w.handle("work", (_job, ctx) => {
        for (let i = 0; i < 25; i++) ctx.log(`line ${i}`, { i });
        ctx.progress(100);
      }),
    );
    const { job } = await jobs.submitJob({ job: jobSpec("listed", { type: "work" }) });
    const done = await waitForState(jobs, job!.id, JobState.SUCCEEDED, 20_000);
    expect(done.progress?.percent).toBe(100);

    const messages: string[] = [];
    let pageToken = "";
    let pages = 0;
    do {
      const page = await jobs.listJobLogs({ jobId: job!.id, pageSize: 10, pageToken });
      messages.push(...page.lines.map((line) => line.message));
      expect(page.dropped).toBe(0n);
      pageToken = page.nextPageToken;
      pages++;
    } while (pageToken);
    expect(pages).toBe(3);
    expect(messages).toEqual(Array.from({ length: 25 }, (_, i) => `line ${i}`));
  });

  it("are cut to the limits and capped per job, with the excess counted, never failing the handler", async () => {
    const limited = await installation.startServer({ jobLogMaxLines: 5, jobLogMaxMessageChars: 100, jobLogMaxFieldsBytes: 100, progressMaxBytes: 100 });
    const client = grpcClients(limited.url).jobs;
    const lone = "\uD800";
    await workers.start({ queues: ["capped"], url: limited.url }, (w) =>
      w.handle("work", (_job, ctx) => {
        ctx.log("x".repeat(1_000));
        ctx.log("nul\u0000 and lone " + lone, { big: "y".repeat(500) });
        ctx.progress(250, { huge: "z".repeat(500) });
        for (let i = 0; i < 18; i++) ctx.log(`more ${i}`);
        return { fine: true };
      }),
    );
    const { job } = await client.submitJob({ job: jobSpec("capped", { type: "work" }) });
    const done = await waitForState(client, job!.id, JobState.SUCCEEDED, 20_000);
    expect(done.logLinesDropped).toBe(15n);
    expect(done.progress?.percent).toBe(100);
    expect(done.progress?.details).toBeUndefined();

    const { lines, dropped } = await client.listJobLogs({ jobId: job!.id });
    expect(dropped).toBe(15n);
    expect(lines.map((line) => line.message.slice(0, 8))).toEqual(["x".repeat(8), "nul\uFFFD and", "more 0", "more 1", "more 2"]);
    expect(lines[0]!.message).toHaveLength(100);
    expect(lines[0]!.message.endsWith("...[truncated]")).toBe(true);
    expect(lines[1]!.message).toBe("nul\uFFFD and lone \uFFFD");
    expect(lines[1]!.fields).toEqual({ truncated: true });
  });

  it("lets a handler log far more than the worker buffers: every line is stored or counted as dropped", async () => {
    const total = 30_000;
    let handlerMs = 0;
    await workers.start({ queues: ["flood"] }, (w) =>
      w.handle("work", (_job, ctx) => {
        const started = performance.now();
        for (let i = 0; i < total; i++) ctx.log(`flood ${i}`);
        handlerMs = performance.now() - started;
      }),
    );
    const { job } = await jobs.submitJob({ job: jobSpec("flood", { type: "work" }) });
    const done = await waitForState(jobs, job!.id, JobState.SUCCEEDED, 30_000);
    // Buffering only: 30,000 calls take milliseconds, not 30,000 round trips.
    expect(handlerMs).toBeLessThan(5_000);
    const [{ stored }] = (await installation.sql<{ stored: number }>("select count(*)::int as stored from job_logs where job_id = $1", [job!.id])) as [{ stored: number }];
    expect(stored).toBe(10_000); // the server's default cap (and the worker's buffer)
    expect(BigInt(stored!) + done.logLinesDropped).toBe(BigInt(total));
  });
});

describe("the JobReports protocol", () => {
  it("acknowledges every batch, ignoring reports for leases not held or without a valid lease, and keeps the stream", async () => {
    const { workers: workerClient } = grpcClients(server().url);
    const raw = openRawWorker(workerClient, { workerId: "raw-reporter", queues: ["raw-reports"], capacity: 1 });
    try {
      await raw.opened;
      const { job } = await jobs.submitJob({ job: jobSpec("raw-reports", { type: "work" }) });
      const [leased] = await raw.waitForJobs(1);
      const lease = { jobId: job!.id, leaseId: leased!.leaseId };
      await raw.report({
        batch: 1n,
        reports: [
          { lease: { jobId: "not-a-uuid", leaseId: "x" }, logs: [{ message: "ignored" }] },
          { lease: { jobId: job!.id, leaseId: "00000000-0000-4000-8000-000000000000" }, logs: [{ message: "not my lease" }] },
          { lease, logs: [{ message: "mine", level: LogLevel.WARN }], progress: { percent: 42 }, droppedLogs: 3n },
          { lease, logs: [{ message: "mine too" }] },
        ],
      });
      const { lines, dropped } = await jobs.listJobLogs({ jobId: job!.id });
      expect(lines.map((line) => [line.message, LogLevel[line.level]])).toEqual([
        ["mine", "WARN"],
        ["mine too", "INFO"],
      ]);
      expect(dropped).toBe(3n);
      expect((await jobs.getJob({ id: job!.id })).job!.progress?.percent).toBe(42);

      await workerClient.complete({ completions: [{ lease }] });
      await raw.report({ batch: 2n, reports: [{ lease, logs: [{ message: "after the end" }] }] });
      expect((await jobs.listJobLogs({ jobId: job!.id })).lines).toHaveLength(2);
      expect(raw.reportsStored).toEqual([1n, 2n]);
    } finally {
      raw.abort();
    }
  });
});

describe("ListJobLogs", () => {
  it("refuses bad requests, naming the field", async () => {
    const { job } = await jobs.submitJob({ job: jobSpec("validation", { type: "work" }) });
    const cases: [Parameters<typeof jobs.listJobLogs>[0], Code, RegExp][] = [
      [{ jobId: "nope" }, Code.InvalidArgument, /^job_id: /],
      [{ jobId: job!.id, pageSize: 1_001 }, Code.InvalidArgument, /^page_size: /],
      [{ jobId: job!.id, pageToken: "%%%" }, Code.InvalidArgument, /^page_token: /],
      [{ jobId: job!.id, namespace: "Bad Namespace" }, Code.InvalidArgument, /^namespace: /],
      [{ jobId: "00000000-0000-4000-8000-000000000000" }, Code.NotFound, /not found/],
      [{ jobId: job!.id, namespace: "elsewhere" }, Code.NotFound, /not found/],
    ];
    for (const [request, code, message] of cases) {
      const error = await rpcError(jobs.listJobLogs(request));
      expect([Code[error.code], error.rawMessage], JSON.stringify(request)).toEqual([Code[code], expect.stringMatching(message)]);
    }
  });
});

describe("retention", () => {
  it("deletes log lines older than jobLogRetentionMs, and a job's lines with the job", async () => {
    await workers.start({ queues: ["kept"] }, (w) => w.handle("work", (_job, ctx) => void ctx.log("a line")));
    const ids: string[] = [];
    for (let i = 0; i < 2; i++) {
      const { job } = await jobs.submitJob({ job: jobSpec("kept", { type: "work" }) });
      await waitForState(jobs, job!.id, JobState.SUCCEEDED, 20_000);
      ids.push(job!.id);
    }
    const [old, kept] = ids as [string, string];
    // One line looks two days old; the other job finished long ago.
    await installation.sql("update job_logs set stored_at = now() - interval '2 days' where job_id = $1", [old]);
    const purger = new RetentionPurger({
      db: server().context.db,
      logger: testLogger() as never,
      retentionMs: 0,
      jobLogRetentionMs: 86_400_000,
      intervalMs: 60_000,
      batchSize: 10,
    });
    await purger.round();
    const count = async (id: string) => (await jobs.listJobLogs({ jobId: id })).lines.length;
    expect([await count(old), await count(kept)]).toEqual([0, 1]);

    await installation.sql("update jobs set finished_at = now() - interval '30 days' where id = $1", [kept]);
    await new RetentionPurger({ db: server().context.db, logger: testLogger() as never, retentionMs: 86_400_000, jobLogRetentionMs: 0, intervalMs: 60_000, batchSize: 10 }).round();
    expect(await installation.sql("select job_id from job_logs where job_id = $1 union all select job_id from job_reports where job_id = $1", [kept])).toEqual([]);
  });
});

