// Faults under load: PostgreSQL and RabbitMQ go away for seconds (every connection reset through a
// TCP proxy, new ones refused), and a server and a worker are killed with SIGKILL, while servers and
// their workers drain a backlog. Nothing may be lost, nothing may finish twice, no attempt may run
// on two workers, and the backlog must move again on its own soon after the dependency returns.
import { randomUUID } from "node:crypto";
import type { Client } from "@connectrpc/connect";
import type { JobService } from "@conveyor/client/gen/conveyor/v1/job_service_pb.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ConveyorServer } from "../server/src/conveyor-server.ts";
import { startChildServer, startChildWorker, useChildProcesses } from "./support/child-processes.ts";
import { grpcClients } from "./support/clients.ts";
import { useConveyor } from "./support/conveyor-harness.ts";
import { pollUntil, useWorkers } from "./support/execution.ts";
import { jobSpec } from "./support/jobs.ts";
import { startTcpProxy, type TcpProxy } from "./support/tcp-proxy.ts";
import { testEnv } from "./support/test-env.ts";

const JOBS = 3_000;
const OUTAGE_MS = 6_000;
/** The brief's target is 5 s; the test allows more, since it must hold on a loaded 2-core machine. */
const RECOVERY_LIMIT_MS = 20_000;

const { installation } = useConveyor({}, { startServer: false });
const workers = useWorkers(() => servers[0]!.url);
useChildProcesses();
let pgProxy: TcpProxy;
let amqpProxy: TcpProxy;
let servers: ConveyorServer[] = [];
let jobs: Client<typeof JobService>;
/** "<job id>:<attempt>" -> how many times a handler started it. */
const runs = new Map<string, number>();

beforeAll(async () => {
  pgProxy = await startTcpProxy(installation.databaseUrl);
  amqpProxy = await startTcpProxy(testEnv.amqpUrl);
  const settings = {
    databaseUrl: pgProxy.url,
    amqpUrl: amqpProxy.url,
    amqpQueueType: "classic" as const,
    leaseTtlMs: 4_000,
    reaperIntervalMs: 250,
    promoterIntervalMs: 250,
    reannounceReadyAfterMs: 2_000,
  };
  servers = [await installation.startServer(settings), await installation.startServer(settings)];
  jobs = grpcClients(servers[0]!.url).jobs;
});

afterAll(async () => {
  pgProxy?.restore();
  amqpProxy?.restore();
  await workers.stopAll();
  await Promise.all(servers.map((server) => server.close()));
  await pgProxy?.close();
  await amqpProxy?.close();
});

async function succeeded(queue = "faults"): Promise<number> {
  const [row] = await installation.sql<{ n: number }>("select count(*)::int as n from jobs where queue = $1 and state = 'SUCCEEDED'", [queue]);
  return row!.n;
}

/** Cuts the dependency for OUTAGE_MS once `atLeast` jobs have succeeded; returns how long after restore the next one succeeded. */
async function outage(proxy: TcpProxy, atLeast: number): Promise<number> {
  await pollUntil("progress before the outage", succeeded, (n) => n >= atLeast, 60_000, 50);
  proxy.cut();
  await new Promise((resolve) => setTimeout(resolve, OUTAGE_MS));
  const before = await succeeded();
  proxy.restore();
  const restoredAt = Date.now();
  await pollUntil("progress after the outage", succeeded, (n) => n > before || n === JOBS, RECOVERY_LIMIT_MS, 20);
  return Date.now() - restoredAt;
}

describe("a backlog drained by two servers while PostgreSQL and then RabbitMQ go away", () => {
  it("loses nothing, finishes every job once, runs no attempt twice, and moves again soon after each outage", { timeout: 180_000 }, async () => {
    for (const server of servers) {
      await workers.start({ url: server.url, queues: ["faults"], concurrency: 50 }, (worker) =>
        worker.handle("work", async (job) => {
          const key = `${job.id}:${job.attempt}`;
          runs.set(key, (runs.get(key) ?? 0) + 1);
          await new Promise((resolve) => setTimeout(resolve, 2));
          return {};
        }),
      );
    }
    for (let submitted = 0; submitted < JOBS; submitted += 250) {
      const batch = Array.from({ length: 250 }, () => jobSpec("faults", { type: "work", maxAttempts: 10, idempotencyKey: randomUUID() }));
      await jobs.submitJobs({ jobs: batch });
    }

    const afterPostgres = await outage(pgProxy, JOBS / 5);
    const afterRabbit = await outage(amqpProxy, (JOBS * 2) / 5);
    console.info(`fault injection: progress again ${afterPostgres} ms after PostgreSQL returned, ${afterRabbit} ms after RabbitMQ returned`);

    await pollUntil("every job SUCCEEDED", succeeded, (n) => n === JOBS, 120_000, 100);

    // Exactly one terminal transition per job.
    const doubled = await installation.sql(
      "select job_id, count(*)::int as n from job_events where to_state in ('SUCCEEDED', 'DEAD', 'CANCELLED') group by job_id having count(*) > 1",
    );
    expect(doubled).toEqual([]);
    // An attempt that ran twice is allowed only when its first run lost its lease (the server then
    // ends that attempt, and a new attempt number runs): the same attempt number never runs twice.
    const twice = [...runs].filter(([, n]) => n > 1);
    expect(twice).toEqual([]);
    // Every job that ran more than once shows why: an attempt that ended LOST or TIMED_OUT.
    const unexplained = await installation.sql(
      `select j.id from jobs j where j.attempt > 1 and not exists
         (select 1 from job_attempts a where a.job_id = j.id and a.outcome in ('LOST', 'TIMED_OUT', 'FAILED'))`,
    );
    expect(unexplained).toEqual([]);
    expect(afterPostgres).toBeLessThan(RECOVERY_LIMIT_MS);
    expect(afterRabbit).toBeLessThan(RECOVERY_LIMIT_MS);
  });
});

describe("a backlog drained while a server and a worker are killed with SIGKILL", () => {
  it("loses nothing, finishes every job once, and runs an attempt twice only when its lease was lost", { timeout: 180_000 }, async () => {
    const count = 1_500;
    await installation.sql("create table if not exists executions (job_id uuid not null, attempt int not null, worker_id text not null)");
    const settings = { amqpQueueType: "classic" as const, leaseTtlMs: 3_000, reaperIntervalMs: 250 };
    const survivor = await installation.startServer(settings);
    let doomed = await startChildServer(installation, settings);
    const port = Number(new URL(doomed.url).port);
    const worker = (url: string, workerId: string) =>
      startChildWorker({ url, queues: ["kills"], types: ["work"], mode: "record", concurrency: 20, workerId, databaseUrl: installation.databaseUrl });
    const executed = async () => (await installation.sql<{ n: number }>("select count(*)::int as n from executions"))[0]!.n;

    const onDoomed = await worker(doomed.url, "on-doomed");
    await worker(survivor.url, "on-survivor");
    const producer = grpcClients(survivor.url).jobs;
    for (let submitted = 0; submitted < count; submitted += 250) {
      await producer.submitJobs({ jobs: Array.from({ length: 250 }, () => jobSpec("kills", { type: "work", maxAttempts: 10 })) });
    }

    await pollUntil("progress before the server is killed", executed, (n) => n >= count / 4, 60_000, 50);
    doomed.kill("SIGKILL");
    await doomed.exited;
    // Its worker keeps trying the same address; a new server comes up there.
    doomed = await startChildServer(installation, { ...settings, port });

    await pollUntil("progress before the worker is killed", executed, (n) => n >= count / 2, 60_000, 50);
    onDoomed.kill("SIGKILL");
    await onDoomed.exited;
    await worker(doomed.url, "replacement");

    await pollUntil("every job SUCCEEDED", () => succeeded("kills"), (n) => n === count, 120_000, 100);
    const doubled = await installation.sql(
      `select e.job_id from job_events e join jobs j on j.id = e.job_id where j.queue = 'kills'
         and e.to_state in ('SUCCEEDED', 'DEAD', 'CANCELLED') group by e.job_id having count(*) > 1`,
    );
    expect(doubled).toEqual([]);
    const sameAttemptTwice = await installation.sql("select job_id, attempt from executions group by job_id, attempt having count(*) > 1");
    expect(sameAttemptTwice).toEqual([]);
    const rerunWithoutLostLease = await installation.sql(
      `select e.job_id from executions e group by e.job_id having count(*) > 1 and not exists
         (select 1 from job_attempts a where a.job_id = e.job_id and a.outcome in ('LOST', 'TIMED_OUT'))`,
    );
    expect(rerunWithoutLostLease).toEqual([]);
  });
});
