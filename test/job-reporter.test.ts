// The worker SDK's JobReporter on its own: what ctx.log() and ctx.progress() buffer while the
// Lease stream is down, the bound on that buffer, and the batches it sends once the stream is up.
import type { JobReports } from "@conveyor/client/gen/conveyor/v1/worker_service_pb.js";
import { afterEach, describe, expect, it } from "vitest";
import type { HeldJob } from "../worker-sdk/src/held-job.ts";
import { JobReporter } from "../worker-sdk/src/job-reporter.ts";
import { pollUntil, testLogger } from "./support/execution.ts";

const job = (n: number) => ({ jobId: `00000000-0000-4000-8000-00000000000${n}`, leaseId: `10000000-0000-4000-8000-00000000000${n}` }) as HeldJob;

/** A reporter whose stream is up or down as the test says; it acknowledges nothing by itself. */
function reporterWith(options: { maxBufferedLines?: number } = {}) {
  const sent: JobReports[] = [];
  let up = false;
  const reporter = new JobReporter({ send: (batch) => up && sent.push(batch) > 0, logger: testLogger(), intervalMs: 10, ...options });
  reporters.push(reporter);
  return {
    reporter,
    sent,
    connect() {
      up = true;
      reporter.onConnected();
    },
    /** Acknowledges every batch sent so far, as the server's ReportsStored would. */
    ackAll() {
      for (const batch of sent) reporter.onStored(batch.batch);
    },
  };
}
const reporters: JobReporter[] = [];
afterEach(() => reporters.splice(0).forEach((r) => r.close()));

const linesOf = (sent: JobReports[], leaseId: string) =>
  sent.flatMap((batch) => batch.reports.filter((r) => r.lease?.leaseId === leaseId).flatMap((r) => r.logs.map((l) => l.message)));

describe("JobReporter", () => {
  it("keeps what handlers report while the stream is down and sends it, in order, once it is up", async () => {
    const { reporter, sent, connect } = reporterWith();
    const a = job(1);
    reporter.log(a, "info", "one", { n: 1 });
    reporter.progress(a, 10, undefined);
    reporter.log(a, "warn", "two", undefined);
    reporter.progress(a, 20, { stage: "b" });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(sent).toEqual([]);

    connect();
    await pollUntil("a batch", async () => sent.length, (n) => n === 1, 5_000);
    expect(linesOf(sent, a.leaseId)).toEqual(["one", "two"]);
    // Progress is coalesced: only the latest goes.
    expect(sent[0]!.reports[0]!.progress).toMatchObject({ percent: 20, details: { stage: "b" } });
    expect(sent[0]!.batch).toBe(1n);
  });

  it("holds at most maxBufferedLines and counts the rest as dropped in the next report", async () => {
    const { reporter, sent, connect, ackAll } = reporterWith({ maxBufferedLines: 5 });
    const a = job(2);
    for (let i = 0; i < 12; i++) reporter.log(a, "info", `line ${i}`, undefined);
    connect();
    await pollUntil("a batch", async () => sent.length, (n) => n === 1, 5_000);
    expect(linesOf(sent, a.leaseId)).toEqual(["line 0", "line 1", "line 2", "line 3", "line 4"]);
    expect(sent[0]!.reports[0]!.droppedLogs).toBe(7n);
    // Room again once sent: new lines are kept.
    ackAll();
    reporter.log(a, "info", "line 12", undefined);
    await pollUntil("a second batch", async () => sent.length, (n) => n === 2, 5_000);
    expect(sent[1]!.reports[0]).toMatchObject({ droppedLogs: 0n });
    expect(linesOf([sent[1]!], a.leaseId)).toEqual(["line 12"]);
  });

  it("sends one batch at a time, sharing its 1,000 lines between jobs", async () => {
    const { reporter, sent, connect, ackAll } = reporterWith();
    const [a, b] = [job(3), job(4)];
    for (let i = 0; i < 1_500; i++) reporter.log(a, "info", `a${i}`, undefined);
    for (let i = 0; i < 100; i++) reporter.log(b, "info", `b${i}`, undefined);
    connect();
    await pollUntil("a batch", async () => sent.length, (n) => n === 1, 5_000);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(sent).toHaveLength(1); // the next waits for ReportsStored
    expect(linesOf(sent, a.leaseId)).toHaveLength(500);
    expect(linesOf(sent, b.leaseId)).toHaveLength(100);
    ackAll();
    await pollUntil("a second batch", async () => sent.length, (n) => n === 2, 5_000);
    // b has nothing left: the second batch is all a's, the rest of its lines, in order.
    expect(linesOf(sent, a.leaseId)).toEqual(Array.from({ length: 1_500 }, (_, i) => `a${i}`));
  });

  it("flush() resolves once the job's lines are stored, and at once when it has none", async () => {
    const { reporter, sent, connect, ackAll } = reporterWith();
    const a = job(5);
    await reporter.flush(job(6), 5_000);
    reporter.log(a, "info", "last words", undefined);
    connect();
    let flushed = false;
    const flushing = reporter.flush(a, 5_000).then(() => (flushed = true));
    await pollUntil("the batch", async () => sent.length, (n) => n === 1, 5_000);
    expect(flushed).toBe(false);
    ackAll();
    await flushing;
    expect(linesOf(sent, a.leaseId)).toEqual(["last words"]);
  });
});
