// The worker conformance suite: what any worker implementation must do, checked from outside
// against a real server. Each implementation is a command that starts a worker (the contract is in
// docs/worker-protocol.md); the suite submits jobs whose payload tells the worker what to do, and
// judges by what the server saw. Every implementation connects through a TCP proxy, so that the
// suite can drop its connections.
//
// Built in: the TypeScript worker-sdk and the Python example worker. Another implementation:
//   CONVEYOR_CONFORMANCE_WORKER="java -jar my-worker.jar" npx vitest run test/worker-conformance.test.ts
import { randomUUID } from "node:crypto";
import { fileURLToPath } from "node:url";
import type { JsonObject } from "@bufbuild/protobuf";
import type { Client } from "@connectrpc/connect";
import { AttemptOutcome, JobState } from "@conveyor/client/gen/conveyor/v1/job_pb.js";
import type { JobService } from "@conveyor/client/gen/conveyor/v1/job_service_pb.js";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startCommand, useChildProcesses, type Child } from "./support/child-processes.ts";
import { grpcClients } from "./support/clients.ts";
import { checkToolchain } from "./support/client-toolchains.ts";
import { useConveyor } from "./support/conveyor-harness.ts";
import { waitForState } from "./support/execution.ts";
import { jobSpec, jsonPayload } from "./support/jobs.ts";
import { startTcpProxy, type TcpProxy } from "./support/tcp-proxy.ts";

// Short, so that a worker that does not heartbeat loses its lease within the test; the reaper
// checks often, so that a lost lease shows quickly.
const LEASE_TTL_MS = 2_000;
/** Generous: on a loaded machine a child process may take seconds to start and connect. */
const WAIT_MS = 60_000;
// A test waits for a child to start and then for up to two jobs: room for all of it.
vi.setConfig({ testTimeout: 3 * WAIT_MS });

const { server } = useConveyor({ amqpQueueType: "classic", leaseTtlMs: LEASE_TTL_MS, reaperIntervalMs: 200 });
useChildProcesses();

const PYTHON = "/usr/bin/python3"; // not the `python3` first on PATH, which does not see Debian's dist-packages
const python = checkToolchain("Python", [
  { path: PYTHON, debianPackage: "python3" },
  { path: "/usr/lib/python3/dist-packages/grpc/__init__.py", debianPackage: "python3-grpcio" },
  { path: "/usr/lib/python3/dist-packages/google/protobuf/__init__.py", debianPackage: "python3-protobuf" },
]);

interface Implementation {
  name: string;
  argv: string[];
  env?: NodeJS.ProcessEnv;
  skip?: boolean;
}

const implementations: Implementation[] = [
  { name: "TypeScript worker-sdk", argv: [process.execPath, fileURLToPath(new URL("./support/conformance/sdk-worker.ts", import.meta.url))] },
  {
    name: python.title("Python example worker (clients/python/examples/worker.py)"),
    argv: [PYTHON, fileURLToPath(new URL("./support/conformance/conformance_worker.py", import.meta.url))],
    env: { PYTHONPATH: fileURLToPath(new URL("../clients/python/src", import.meta.url)) },
    skip: python.skip,
  },
];
const another = process.env["CONVEYOR_CONFORMANCE_WORKER"]?.trim();
if (another) implementations.push({ name: `CONVEYOR_CONFORMANCE_WORKER (${another})`, argv: ["/bin/sh", "-c", `exec ${another}`] });

let jobs: Client<typeof JobService>;
let proxy: TcpProxy;

beforeAll(async () => {
  jobs = grpcClients(server().url).jobs;
  proxy = await startTcpProxy(server().url);
});

afterAll(async () => {
  await proxy?.close();
});

/** Starts the implementation on a queue of its own, with capacity 1 unless told. */
function startWorker(implementation: Implementation, queue: string, capacity = 1): Child {
  return startCommand(implementation.argv, {
    PATH: process.env["PATH"],
    CONVEYOR_TEST_LOG_LEVEL: process.env["CONVEYOR_TEST_LOG_LEVEL"],
    ...implementation.env,
    CONFORMANCE_URL: proxy.url,
    CONFORMANCE_TARGET: `127.0.0.1:${proxy.port}`,
    CONFORMANCE_QUEUE: queue,
    CONFORMANCE_CAPACITY: String(capacity),
    CONFORMANCE_WORKER_ID: `conformance-${queue}`,
  });
}

function conformanceJob(queue: string, action: JsonObject, more: Parameters<typeof jobSpec>[1] = {}) {
  return jobs.submitJob({ job: jobSpec(queue, { type: "conformance", payload: jsonPayload(action), maxAttempts: 1, ...more }) });
}

/** Waits for a state, with the worker's stderr in the message when it does not come. */
async function expectState(worker: Child, id: string, state: JobState) {
  try {
    return await waitForState(jobs, id, state, WAIT_MS);
  } catch (error) {
    throw new Error(`${String(error)}\nworker stderr:\n${worker.stderr()}`);
  }
}

describe.each(implementations)("$name", (implementation) => {
  const queue = () => `conformance-${randomUUID().slice(0, 8)}`;

  it.skipIf(implementation.skip)("leases a job, and completes it with its result under the lease it was given", async () => {
    const q = queue();
    const worker = startWorker(implementation, q);
    const { job } = await conformanceJob(q, { action: "succeed", echo: { n: 42 } });
    const done = await expectState(worker, job!.id, JobState.SUCCEEDED);
    expect(done.result?.kind).toEqual({ case: "json", value: { echo: { n: 42 } } });
    expect(done.attempts.map((a) => [a.number, a.outcome, a.workerId])).toEqual([[1, AttemptOutcome.SUCCEEDED, `conformance-${q}`]]);
  });

  it.skipIf(implementation.skip)("fails a job with the handler's error", async () => {
    const q = queue();
    const worker = startWorker(implementation, q);
    const { job } = await conformanceJob(q, { action: "fail", error: "template missing" });
    const dead = await expectState(worker, job!.id, JobState.DEAD);
    expect(dead.lastError).toContain("template missing");
    expect(dead.attempts.map((a) => a.outcome)).toEqual([AttemptOutcome.FAILED]);
  });

  it.skipIf(implementation.skip)(`keeps a job's lease alive by heartbeating: a job of 4 lease TTLs (${4 * LEASE_TTL_MS} ms) runs once`, async () => {
    const q = queue();
    const worker = startWorker(implementation, q);
    const { job } = await conformanceJob(q, { action: "sleep", ms: 4 * LEASE_TTL_MS });
    const done = await expectState(worker, job!.id, JobState.SUCCEEDED);
    expect(done.attempts.map((a) => a.outcome)).toEqual([AttemptOutcome.SUCCEEDED]);
  });

  it.skipIf(implementation.skip)("stops a cancelled job's handler without reporting it, and runs the next job in its slot", async () => {
    const q = queue();
    const worker = startWorker(implementation, q);
    const { job: blocked } = await conformanceJob(q, { action: "block" });
    await expectState(worker, blocked!.id, JobState.RUNNING);
    await jobs.cancelJob({ id: blocked!.id, reason: "conformance" });
    // Capacity 1: the next job runs only if the worker gave up the cancelled one.
    const { job: next } = await conformanceJob(q, { action: "succeed" });
    await expectState(worker, next!.id, JobState.SUCCEEDED);
    const { job: cancelled } = await jobs.getJob({ id: blocked!.id });
    expect(cancelled?.state).toBe(JobState.CANCELLED);
  });

  it.skipIf(implementation.skip)("gives up a job at its timeout, and runs the next job in its slot", async () => {
    const q = queue();
    const worker = startWorker(implementation, q);
    const { job: slow } = await conformanceJob(q, { action: "block" }, { timeout: { seconds: 1n } });
    const dead = await expectState(worker, slow!.id, JobState.DEAD);
    expect(dead.attempts.map((a) => a.outcome)).toEqual([AttemptOutcome.TIMED_OUT]);
    const { job: next } = await conformanceJob(q, { action: "succeed" });
    await expectState(worker, next!.id, JobState.SUCCEEDED);
  });

  it.skipIf(implementation.skip)("gives up a job whose lease the server revoked (expired), and runs the next job in its slot", async () => {
    const q = queue();
    const worker = startWorker(implementation, q);
    const { job: held } = await conformanceJob(q, { action: "block" });
    await expectState(worker, held!.id, JobState.RUNNING);
    // The worker is frozen past its lease (SIGSTOP): no heartbeat, and the reaper ends the attempt
    // as lost. Thawed, it hears so (a cancellation, or a refused heartbeat) and frees the slot.
    worker.kill("SIGSTOP");
    try {
      const dead = await expectState(worker, held!.id, JobState.DEAD);
      expect(dead.attempts.map((a) => a.outcome)).toEqual([AttemptOutcome.LOST]);
    } finally {
      worker.kill("SIGCONT");
    }
    const { job: next } = await conformanceJob(q, { action: "succeed" });
    await expectState(worker, next!.id, JobState.SUCCEEDED);
  });

  it.skipIf(implementation.skip)("opens a new stream after its connection drops, and goes on running jobs", async () => {
    const q = queue();
    const worker = startWorker(implementation, q);
    const { job: first } = await conformanceJob(q, { action: "succeed" });
    await expectState(worker, first!.id, JobState.SUCCEEDED);
    const connectionsBefore = proxy.connections;
    proxy.cut();
    proxy.restore();
    const { job: second } = await conformanceJob(q, { action: "succeed" });
    await expectState(worker, second!.id, JobState.SUCCEEDED);
    expect(proxy.connections).toBeGreaterThan(connectionsBefore);
  });
});
