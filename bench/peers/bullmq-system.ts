// BullMQ (Redis): jobs added in batches with addBulk; one Worker with concurrency 100. Completed
// jobs are kept (BullMQ's default), as Conveyor keeps every job's state and history.
import type { ChildProcess } from "node:child_process";
import net from "node:net";
import { spawn } from "node:child_process";
import { Queue, Worker } from "bullmq";
import { Redis } from "ioredis";
import { forkPeerWorker, packageVersion, peakRssMiB, ProbeStarts, stopChild, type BenchSystem } from "./bench-system.ts";

const redisHost = "127.0.0.1";
const redisPort = 6379;
const queueName = "bench";
// Probes have a queue of their own, so that the bench queue's completed count is its noops.
const probeQueueName = "bench-probe";
const concurrency = 100;

/** BullMQ 6 under ESM takes a constructed client (ioredis is an optional peer it does not load itself). */
function connection(): Redis {
  return new Redis({ host: redisHost, port: redisPort, maxRetriesPerRequest: null });
}

export async function makeBullMqSystem(): Promise<BenchSystem> {
  const prefix = `peers-bullmq-${process.pid}`;
  const probes = new ProbeStarts();
  let client: Redis | undefined;
  let queue: Queue | undefined;
  let probeQueue: Queue | undefined;
  let worker: ChildProcess | undefined;
  let redis: ChildProcess | undefined;
  let persistence = "";
  const system: BenchSystem = {
    name: "BullMQ",
    version: await packageVersion("bullmq"),
    get setup() {
      return `addBulk of 1,000; one Worker with concurrency ${concurrency}; completed jobs kept; Redis ${persistence}`;
    },
    async start() {
      redis = await ensureRedis();
      client = connection();
      queue = new Queue(queueName, { connection: client, prefix });
      probeQueue = new Queue(probeQueueName, { connection: client, prefix });
      const [, appendonly] = (await client.config("GET", "appendonly")) as string[];
      const [, save] = (await client.config("GET", "save")) as string[];
      const version = /redis_version:(\S+)/.exec(await client.info("server"))?.[1] ?? "unknown";
      persistence = `${version} with appendonly ${appendonly}, save "${save}"${redis ? " (started by the bench)" : ""}`;
      worker = forkPeerWorker("bullmq", { PEER_REDIS_PREFIX: prefix });
      probes.listen(worker);
      await probes.startedAt(await system.enqueueProbe());
    },
    async enqueueNoops(count) {
      await queue!.addBulk(Array.from({ length: count }, () => ({ name: "noop", data: {} })));
    },
    async completedNoops() {
      return queue!.getCompletedCount();
    },
    async enqueueProbe() {
      return (await probeQueue!.add("probe", {})).id!;
    },
    probeStartedAt: (id) => probes.startedAt(id),
    async peakRssMiB() {
      return { worker: await peakRssMiB(worker!.pid!) };
    },
    async close() {
      if (worker) await stopChild(worker);
      for (const q of [queue, probeQueue]) {
        await q?.obliterate({ force: true }).catch(() => {});
        await q?.close();
      }
      await client?.quit();
      if (redis) await stopChild(redis);
    },
  };
  return system;
}

/** Starts redis-server on 127.0.0.1:6379 when nothing answers there; returns it, or undefined when one was running. */
async function ensureRedis(): Promise<ChildProcess | undefined> {
  if (await answers()) return undefined;
  const child = spawn("redis-server", ["--bind", redisHost, "--port", String(redisPort), "--save", "", "--appendonly", "no"], { stdio: "ignore" });
  const deadline = Date.now() + 10_000;
  while (!(await answers())) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`redis-server did not start on ${redisHost}:${redisPort}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return child;
}

function answers(): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(redisPort, redisHost);
    socket.once("connect", () => {
      socket.end();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

/** The worker process's side: runs until SIGTERM. */
export async function runBullMqWorker(report: (id: string, startedAt: number) => void): Promise<void> {
  const prefix = process.env["PEER_REDIS_PREFIX"]!;
  const clients = [connection(), connection()];
  const workers = [
    new Worker(queueName, async () => {}, { connection: clients[0]!, prefix, concurrency }),
    new Worker(probeQueueName, async (job) => report(job.id!, performance.timeOrigin + performance.now()), { connection: clients[1]!, prefix }),
  ];
  for (const worker of workers) worker.on("error", (error) => console.error("BullMQ worker:", error));
  await new Promise((resolve) => process.once("SIGTERM", resolve));
  await Promise.all(workers.map((worker) => worker.close()));
  await Promise.all(clients.map((client) => client.quit()));
}
