/**
 * Conveyor next to graphile-worker, pg-boss and BullMQ, on the same work in one run: N no-op jobs
 * enqueued by one producer in batches while one worker process drains them (first enqueue to last
 * durable completion), then a closed-loop latency sample (one probe job at a time, enqueue to
 * handler start). Prints one table and writes it, with a chart, to --out.
 *
 *   npm run bench:peers -- [--jobs 50000] [--batch 1000] [--latency-samples 300]
 *                          [--systems conveyor,graphile-worker,pg-boss,bullmq] [--out bench/results] [--skip-wal]
 */
import { execFile } from "node:child_process";
import { mkdir, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parseArgs, promisify } from "node:util";
import pg from "pg";
import { adminUrl } from "../bench-support.ts";
import type { BenchSystem } from "./bench-system.ts";
import { makeBullMqSystem } from "./bullmq-system.ts";
import { makeConveyorSystem } from "./conveyor-system.ts";
import { makeGraphileWorkerSystem } from "./graphile-worker-system.ts";
import { makePgBossSystem } from "./pg-boss-system.ts";
import { chartSvg, markdownPage, terminalTable, type RunInfo, type SystemResult } from "./peer-report.ts";
import { startWalWindow } from "./wal-usage.ts";
import { drain, latencySample } from "./workload.ts";

const factories: Record<string, () => Promise<BenchSystem>> = {
  conveyor: () => makeConveyorSystem(),
  "graphile-worker": makeGraphileWorkerSystem,
  "pg-boss": makePgBossSystem,
  bullmq: makeBullMqSystem,
};

const { values: args } = parseArgs({
  options: {
    jobs: { type: "string", default: "50000" },
    batch: { type: "string", default: "1000" },
    "latency-samples": { type: "string", default: "300" },
    systems: { type: "string", default: Object.keys(factories).join(",") },
    out: { type: "string", default: "bench/results" },
    "poll-ms": { type: "string", default: "50" },
    "timeout-s": { type: "string", default: "900" },
    // Reading the WAL back takes a few seconds per system on a busy cluster.
    "skip-wal": { type: "boolean", default: false },
  },
});
const jobs = positive("jobs");
const batch = positive("batch");
const latencySamples = positive("latency-samples");
const pollMs = positive("poll-ms");
const timeoutMs = positive("timeout-s") * 1000;
const systems = args.systems!.split(",").map((name) => {
  const factory = factories[name.trim()];
  if (!factory) throw new Error(`--systems: unknown system "${name}"; expected some of ${Object.keys(factories).join(", ")}`);
  return factory;
});

function positive(name: keyof typeof args): number {
  const value = Number(args[name]);
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} must be a positive integer, got ${String(args[name])}`);
  return value;
}

async function measure(system: BenchSystem): Promise<SystemResult> {
  const loadAtStart = os.loadavg()[0]!;
  process.stderr.write(`${system.name.padEnd(16)} starting (load average ${loadAtStart.toFixed(2)})\n`);
  await system.start();
  const wal = !args["skip-wal"] && system.database ? await startWalWindow(system.database) : undefined;
  const throughput = await drain(system, { jobs, batch, pollMs, timeoutMs });
  await wal?.stop();
  const rssMiB = await system.peakRssMiB();
  // A figure of its own: the run's other figures stand without it.
  const walBytesPerJob = await wal
    ?.read()
    .then(({ records }) => records.reduce((sum, r) => sum + r.bytes, 0) / jobs)
    .catch((error: unknown) => void process.stderr.write(`${system.name}: WAL not measured: ${String(error)}\n`));
  const latencyMs = await latencySample(system, latencySamples);
  return { name: system.name, version: system.version, setup: system.setup, ...throughput, latencyMs, rssMiB, walBytesPerJob, loadAtStart };
}

async function software(): Promise<string> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  const postgres = (await client.query<{ v: string }>("select current_setting('server_version') as v")).rows[0]!.v;
  await client.end();
  const dpkg = async (name: string) =>
    (await promisify(execFile)("dpkg-query", ["-W", "-f=${Version}", name]).catch(() => ({ stdout: "unknown" }))).stdout;
  return `Node ${process.version}, PostgreSQL ${postgres}, RabbitMQ ${await dpkg("rabbitmq-server")}, Redis ${await dpkg("redis-server")} (Debian packages)`;
}

const cpus = os.cpus();
const info: RunInfo = {
  date: new Date().toISOString().slice(0, 10),
  machine: `${cpus.length} cores (${cpus[0]?.model.trim() ?? "unknown CPU"}), ${Math.round(os.totalmem() / 2 ** 30)} GiB`,
  loadBefore: os.loadavg(),
  loadAfter: [],
  jobs,
  batch,
  latencySamples,
  software: await software(),
};
process.stderr.write(`peer bench: ${jobs.toLocaleString("en")} jobs, batches of ${batch}, ${latencySamples} latency samples; load average ${info.loadBefore.map((n) => n.toFixed(2)).join(" ")}\n`);

const results: SystemResult[] = [];
for (const factory of systems) {
  const system = await factory();
  try {
    results.push(await measure(system));
  } finally {
    await system.close();
  }
}
info.loadAfter = os.loadavg();

console.log(`\n${terminalTable(results)}`);
await mkdir(args.out!, { recursive: true });
const chartFile = "peers.svg";
await writeFile(path.join(args.out!, "peers.md"), markdownPage(results, info, chartFile));
await writeFile(path.join(args.out!, chartFile), await chartSvg(results, info));
console.log(`\nwrote ${path.join(args.out!, "peers.md")} and ${path.join(args.out!, chartFile)}`);
