// Workers die, hang and compete: a killed worker's job is retried elsewhere at once, a hung one's
// when its lease expires, and two workers never run the same attempt.
import { durationFromMs } from "@bufbuild/protobuf/wkt";
import type { Client } from "@connectrpc/connect";
import { AttemptOutcome, JobState } from "@conveyor/client/gen/conveyor/v1/job_pb.js";
import type { JobService } from "@conveyor/client/gen/conveyor/v1/job_service_pb.js";
import { beforeAll, describe, expect, it } from "vitest";
import { startChildWorker, useChildProcesses } from "./support/child-processes.ts";
import { grpcClients } from "./support/clients.ts";
import { useConveyor } from "./support/conveyor-harness.ts";
import { jobEvents, msBetween, pollUntil, useWorkers, waitForState } from "./support/execution.ts";
import { jobSpec } from "./support/jobs.ts";

const LEASE_TTL_MS = 1_500;
const { installation, server } = useConveyor({ amqpQueueType: "classic", leaseTtlMs: LEASE_TTL_MS, reaperIntervalMs: 100 });
const workers = useWorkers(() => server().url);
useChildProcesses();
let jobs: Client<typeof JobService>;

beforeAll(() => {
  jobs = grpcClients(server().url).jobs;
});

describe("a worker process that dies mid-job", () => {
  it("is noticed when its stream closes: attempt 1 ends LOST at once and attempt 2 succeeds on another worker", async () => {
    // A lease far longer than this test may run: only the closed stream can end attempt 1 in time.
    const longLeases = await installation.startServer({ leaseTtlMs: 30_000 });
    const child = await startChildWorker({ url: longLeases.url, queues: ["killed"], types: ["work"], mode: "block", workerId: "doomed-child" });
    const { job: submitted } = await jobs.submitJob({ job: jobSpec("killed", { type: "work", maxAttempts: 3 }) });
    const id = submitted!.id;
    await child.waitForLine<{ event?: string; jobId?: string; attempt?: number }>((l) => l.event === "started" && l.jobId === id, 10_000, "the job starting");

    const ranHere: number[] = [];
    const { worker: survivor } = await workers.start({ url: longLeases.url, queues: ["killed"] }, (w) =>
      w.handle("work", (job) => {
        ranHere.push(job.attempt);
        return { ranOn: "survivor" };
      }),
    );
    child.kill("SIGKILL");
    expect(await child.exited).toBe("SIGKILL");

    const job = await waitForState(jobs, id, JobState.SUCCEEDED, 10_000);
    expect(ranHere).toEqual([2]);
    expect(job.attempts.map((a) => [a.number, a.outcome, a.workerId, a.error])).toEqual([
      [1, AttemptOutcome.LOST, "doomed-child", "the worker's stream closed while it held the job"],
      [2, AttemptOutcome.SUCCEEDED, survivor.workerId, ""],
    ]);
    // Ended by the closed stream, long before its 30 s lease could have expired.
    expect(msBetween(job.attempts[0]!.startedAt, job.attempts[0]!.finishedAt)).toBeLessThan(15_000);
  });

  it("is noticed by its lease when it hangs (SIGSTOP): attempt 1 ends LOST after the lease TTL and attempt 2 succeeds elsewhere", async () => {
    const child = await startChildWorker({ url: server().url, queues: ["hung"], types: ["work"], mode: "block", workerId: "hung-child" });
    const { job: submitted } = await jobs.submitJob({
      job: jobSpec("hung", { type: "work", maxAttempts: 3, backoff: { initial: durationFromMs(500), jitter: 1e-9 } }),
    });
    const id = submitted!.id;
    await child.waitForLine<{ event?: string; jobId?: string }>((l) => l.event === "started" && l.jobId === id, 10_000, "the job starting");
    // Frozen: its TCP connection stays open, but it neither heartbeats nor reports.
    child.kill("SIGSTOP");

    const retrying = await waitForState(jobs, id, JobState.RETRY_SCHEDULED, LEASE_TTL_MS + 5_000);
    expect(retrying.attempts.map((a) => [a.number, a.outcome, a.workerId, a.error])).toEqual([
      [1, AttemptOutcome.LOST, "hung-child", "lease expired: the worker stopped heartbeating"],
    ]);
    // It was the lease that ended it: not before the TTL had passed without a heartbeat.
    expect(msBetween(retrying.attempts[0]!.startedAt, retrying.attempts[0]!.finishedAt)).toBeGreaterThanOrEqual(LEASE_TTL_MS);

    // Its stream is still open and would take the retry; the process is gone for good now.
    child.kill("SIGKILL");
    await child.exited;
    await pollUntil("the hung worker's session to close", async () => server().context.dispatcher.connectedWorkers, (n) => n === 0, 5_000);

    const ranHere: number[] = [];
    const { worker: survivor } = await workers.start({ queues: ["hung"] }, (w) =>
      w.handle("work", (job) => {
        ranHere.push(job.attempt);
      }),
    );
    const job = await waitForState(jobs, id, JobState.SUCCEEDED, 10_000);
    expect(ranHere).toEqual([2]);
    expect(job.attempts.map((a) => [a.number, a.outcome, a.workerId])).toEqual([
      [1, AttemptOutcome.LOST, "hung-child"],
      [2, AttemptOutcome.SUCCEEDED, survivor.workerId],
    ]);
    const lost = (await jobEvents(installation, id)).find((e) => e.from === "RUNNING" && e.to === "RETRY_SCHEDULED");
    expect(lost).toMatchObject({ attempt: 1, worker: "hung-child", message: "lease expired: the worker stopped heartbeating" });
  });
});

describe("two workers on one queue", () => {
  it("never run the same attempt: 500 jobs, each run exactly once, and both workers take part", async () => {
    const count = 500;
    await installation.sql(
      "create table executions (job_id uuid not null, attempt integer not null, worker_id text not null, primary key (job_id, attempt))",
    );
    await startChildWorker({
      url: server().url,
      queues: ["bulk"],
      types: ["record"],
      mode: "record",
      concurrency: 8,
      workerId: "child-worker",
      databaseUrl: installation.databaseUrl,
    });
    await workers.start({ queues: ["bulk"], concurrency: 8, workerId: "in-process-worker" }, (w) =>
      w.handle("record", async (job) => {
        await installation.sql("insert into executions (job_id, attempt, worker_id) values ($1, $2, $3)", [job.id, job.attempt, "in-process-worker"]);
      }),
    );

    const { jobs: submitted } = await jobs.submitJobs({ jobs: Array.from({ length: count }, () => jobSpec("bulk", { type: "record" })) });
    expect(submitted).toHaveLength(count);
    await pollUntil(
      "every job SUCCEEDED",
      async () => (await installation.sql<{ state: string; n: number }>("select state, count(*)::int as n from jobs where queue = 'bulk' group by state")),
      (rows) => rows.length === 1 && rows[0]!.state === "SUCCEEDED" && rows[0]!.n === count,
      30_000,
      50,
    );

    const [totals] = await installation.sql<{ runs: number; jobs: number; max_attempt: number }>(
      "select count(*)::int as runs, count(distinct job_id)::int as jobs, max(attempt) as max_attempt from executions",
    );
    expect(totals).toEqual({ runs: count, jobs: count, max_attempt: 1 });
    const byWorker = await installation.sql<{ worker_id: string; n: number }>("select worker_id, count(*)::int as n from executions group by worker_id order by worker_id");
    expect(byWorker.map((row) => row.worker_id)).toEqual(["child-worker", "in-process-worker"]);
    expect(byWorker.every((row) => row.n > 0)).toBe(true);

    // The server's record agrees: one SUCCEEDED attempt each, by the worker that ran it.
    const [attempts] = await installation.sql<{ total: number; succeeded: number; mismatched: number }>(
      `select count(*)::int as total,
         count(*) filter (where a.outcome = 'SUCCEEDED')::int as succeeded,
         count(*) filter (where a.worker_id is distinct from e.worker_id)::int as mismatched
       from job_attempts a join jobs j on j.id = a.job_id left join executions e on e.job_id = a.job_id and e.attempt = a.number
       where j.queue = 'bulk'`,
    );
    expect(attempts).toEqual({ total: count, succeeded: count, mismatched: 0 });
  });
});
