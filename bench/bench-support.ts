import { spawn, type ChildProcess } from "node:child_process";
import { readFile } from "node:fs/promises";
import net from "node:net";
import type { Client } from "@connectrpc/connect";
import type { JobService } from "@conveyor/client/gen/conveyor/v1/job_service_pb.js";
import pg from "pg";
import { Connection } from "rabbitmq-client";
import { DELAY_BUCKETS_MS, makeTopology } from "../server/src/broker/topology.ts";

export const adminUrl = process.env["CONVEYOR_BENCH_ADMIN_DATABASE_URL"] ?? "postgres://postgres@127.0.0.1:5432/postgres";
export const amqpUrl = process.env["CONVEYOR_AMQP_URL"] ?? "amqp://guest:guest@127.0.0.1:5672";

export function databaseUrl(name: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/**
 * A fresh installation: its own database and broker prefix, and a server process on it.
 * `prepareDatabase` runs on the new, empty database before the server connects (e.g. to set
 * per-database settings that only new sessions read).
 */
export async function startInstallation(tag: string, env: Record<string, string> = {}, prepareDatabase?: (database: string) => Promise<void>) {
  const database = `conveyor_bench_${tag}_${process.pid}`;
  const prefix = `bench-${tag}-${process.pid}`;
  await admin(`drop database if exists ${database} with (force)`);
  await admin(`create database ${database}`);
  await prepareDatabase?.(database);
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const serverEnv = {
    ...process.env,
    CONVEYOR_PORT: String(port),
    CONVEYOR_HOST: "127.0.0.1",
    CONVEYOR_DATABASE_URL: databaseUrl(database),
    CONVEYOR_AMQP_URL: amqpUrl,
    CONVEYOR_AMQP_PREFIX: prefix,
    CONVEYOR_LOG_LEVEL: "warn",
    CONVEYOR_DATABASE_POOL_SIZE: "20",
    // The benchmark's workers and producer send no tokens.
    CONVEYOR_AUTH_MODE: "off",
    ...env,
  };
  const children: ChildProcess[] = [];
  // Should this process die without close() (an uncaught error), its server and workers die too.
  process.once("exit", () => children.forEach((child) => child.kill("SIGKILL")));
  // BENCH_PROFILE_DIR: write V8 CPU profiles of the server and worker processes there.
  const profile = process.env["BENCH_PROFILE_DIR"] ? ["--cpu-prof", `--cpu-prof-dir=${process.env["BENCH_PROFILE_DIR"]}`] : [];
  const server = spawn(process.execPath, [...profile, "server/src/main.ts", "serve"], { env: serverEnv, stdio: ["ignore", "inherit", "inherit"] });
  children.push(server);
  // A busy machine can take a while to start the server; if it never answers, leave nothing behind.
  await waitForHttp(`${url}/healthz`, 90_000).catch(async (error: unknown) => {
    server.kill("SIGKILL");
    await admin(`drop database if exists ${database} with (force)`);
    throw error;
  });
  const pool = new pg.Pool({ connectionString: databaseUrl(database), max: 2 });

  return {
    url,
    pool,
    prefix,
    database,
    serverPid: server.pid!,
    /** The server's V8 heap in use, in MiB (its /metrics), which unlike RSS falls after a collection. */
    async serverHeapUsedMiB(): Promise<number> {
      const metrics = await (await fetch(`${url}/metrics`)).text();
      return Number(/^nodejs_heap_size_used_bytes (\S+)$/m.exec(metrics)![1]) / 1024 / 1024;
    },
    /** The server process's resident memory, in MiB (from /proc). */
    async serverRssMiB(): Promise<number> {
      const status = await readFile(`/proc/${server.pid}/status`, "utf8");
      return Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) / 1024;
    },
    startWorker(workerEnv: Record<string, string>) {
      const child = spawn(process.execPath, [...profile, "bench/noop-worker.ts"], {
        env: { ...process.env, CONVEYOR_URL: url, CONVEYOR_LOG_LEVEL: "warn", ...workerEnv },
        stdio: ["ignore", "inherit", "inherit", "ipc"],
      });
      children.push(child);
      return child;
    },
    async close() {
      for (const child of children.reverse()) {
        child.kill("SIGTERM");
        await new Promise((resolve) => {
          const timer = setTimeout(() => {
            child.kill("SIGKILL");
            resolve(undefined);
          }, 10_000);
          child.once("exit", () => {
            clearTimeout(timer);
            resolve(undefined);
          });
          if (child.exitCode !== null) resolve(undefined);
        });
      }
      const queues = (await pool.query<{ namespace: string; queue: string }>("select distinct namespace, queue from jobs")).rows;
      await pool.end();
      await admin(`drop database if exists ${database} with (force)`);
      await deleteBrokerObjects(prefix, queues);
    },
  };
}

/** Messages held by the installation's delay queues and by the given ready queues. */
export async function brokerMessageCount(prefix: string, queues: { namespace: string; queue: string }[]): Promise<number> {
  const t = makeTopology(prefix);
  const connection = new Connection(amqpUrl);
  await connection.onConnect(5_000);
  try {
    let total = 0;
    for (const queue of [...DELAY_BUCKETS_MS.map((ms) => t.delayQueue(ms)), ...queues.map((q) => t.readyQueue(q.namespace, q.queue))]) {
      const declared = await connection.queueDeclare({ queue, passive: true }).catch(() => undefined);
      total += declared?.messageCount ?? 0;
    }
    return total;
  } finally {
    await connection.close();
  }
}

async function deleteBrokerObjects(prefix: string, queues: { namespace: string; queue: string }[]): Promise<void> {
  const t = makeTopology(prefix);
  const connection = new Connection(amqpUrl);
  await connection.onConnect(5_000);
  const names = [t.deadLetterQueue, ...DELAY_BUCKETS_MS.map((ms) => t.delayQueue(ms)), ...queues.map((q) => t.readyQueue(q.namespace, q.queue))];
  for (const queue of names) await connection.queueDelete({ queue }).catch(() => {});
  for (const exchange of [t.readyExchange, t.delayedExchange, t.deadExchange]) await connection.exchangeDelete({ exchange }).catch(() => {});
  await connection.close();
}

async function waitForHttp(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error(`${url} did not answer within ${timeoutMs}ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export function median(values: number[]): number {
  return percentile([...values].sort((a, b) => a - b), 50);
}

let lastLine = 0;

/** One self-overwriting line on a terminal; a line every 2 seconds (and at the end) otherwise. */
export function progress(label: string, done: number, total: number, extra = ""): void {
  if (!process.stderr.isTTY) {
    if (done < total && Date.now() - lastLine < 2_000) return;
    lastLine = Date.now();
    process.stderr.write(`${label} ${done.toLocaleString("en")}/${total.toLocaleString("en")} ${extra}\n`);
    return;
  }
  const width = 30;
  const filled = Math.round((done / total) * width);
  process.stderr.write(`\r${label} [${"#".repeat(filled)}${".".repeat(width - filled)}] ${done.toLocaleString("en")}/${total.toLocaleString("en")} ${extra}   `);
  if (done >= total) process.stderr.write("\n");
}

/** Waits until a probe job runs, so that measurements start with the workers connected. */
export async function waitForWorkers(client: Client<typeof JobService>): Promise<void> {
  const { job } = await client.submitJob({ job: { queue: "bench", type: "noop" } });
  for (;;) {
    const { job: current } = await client.getJob({ id: job!.id });
    if (current?.finishedAt) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
