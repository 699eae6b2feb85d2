/**
 * Lateness of delayed jobs: how long after its run_at a delayed job's handler starts, for delays
 * from 100 ms to minutes, while a background load of immediate jobs keeps the system busy.
 * Delays within the horizon go through the broker's TTL queues; to exercise the path of far-future
 * jobs (waiting in Postgres, then promoted) within minutes, the horizon is shortened (--horizon-ms).
 *
 * --waiting N first stores N far-future jobs (run_at 1 hour to 30 days ahead, through SubmitJobs) and
 * reports the server's memory and the broker's message count before and after, and the promoter's
 * query plan with them waiting: they must stay in Postgres, not in the server or the broker. The
 * lateness is then measured --settle-ms after the load (PostgreSQL's autovacuum and checkpoint of
 * a million fresh rows compete with the dispatch path for a while; --settle-ms 0 shows that).
 *
 *   node bench/delay-lateness.ts [--per-delay 100] [--delays 100,250,1000,5000,20000] [--background 1000] [--horizon-ms 10000] [--relative] [--waiting 1000000] [--settle-ms 30000]
 */
import { parseArgs } from "node:util";
import { durationFromMs, timestampFromMs, timestampMs } from "@bufbuild/protobuf/wkt";
import { createClient } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import { JobService } from "@conveyor/client/gen/conveyor/v1/job_service_pb.js";
import { brokerMessageCount, percentile, progress, startInstallation } from "./bench-support.ts";

const { values: args } = parseArgs({
  options: {
    "per-delay": { type: "string", default: "100" },
    delays: { type: "string", default: "100,250,1000,5000,20000" },
    background: { type: "string", default: "1000" },
    "horizon-ms": { type: "string", default: "10000" },
    relative: { type: "boolean", default: false },
    waiting: { type: "string", default: "0" },
    "settle-ms": { type: "string", default: "30000" },
  },
});
const delays = args.delays!.split(",").map(Number);
const perDelay = Number(args["per-delay"]);
const backgroundPerSecond = Number(args.background);
const relative = args.relative!;
const waiting = Number(args.waiting);

const installation = await startInstallation("late", { CONVEYOR_DELAY_HORIZON_MS: args["horizon-ms"]!, CONVEYOR_PROMOTER_INTERVAL_MS: "250" });
try {
  const client = createClient(JobService, createGrpcTransport({ baseUrl: installation.url }));
  const starts = new Map<string, number>();
  for (const queue of ["delayed", "background"]) {
    const worker = installation.startWorker({ BENCH_QUEUE: queue, BENCH_CONCURRENCY: "200" });
    worker.on("message", (message: { id: string; startedAt: number }) => starts.set(message.id, message.startedAt));
  }
  await client.submitJob({ job: { queue: "delayed", type: "noop" } });
  await new Promise((resolve) => setTimeout(resolve, 1500));
  const waitingReport = waiting > 0 ? await storeFarFutureJobs(client, waiting) : [];

  // Background load: immediate no-op jobs at a steady rate, in batches every 100 ms.
  let loading = true;
  const background = (async () => {
    while (loading) {
      const batch = Math.max(1, Math.round(backgroundPerSecond / 10));
      await client.submitJobs({ jobs: Array.from({ length: batch }, () => ({ queue: "background", type: "noop" })) });
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  })();

  // Delayed jobs: for each delay, jobs submitted one by one, spread over a second, each with an exact run_at.
  const runAtById = new Map<string, { runAt: number; delay: number }>();
  const total = delays.length * perDelay;
  let submitted = 0;
  for (let i = 0; i < perDelay; i++) {
    for (const delay of delays) {
      // --relative: `delay`, so run_at is the server's insert time plus the delay (the submit's
      // own trip to the server is not counted); otherwise an exact run_at from this clock.
      const runAt = Date.now() + delay;
      const spec = relative ? { delay: durationFromMs(delay) } : { runAt: timestampFromMs(runAt) };
      const { job } = await client.submitJob({ job: { queue: "delayed", type: "noop", ...spec } });
      runAtById.set(job!.id, { runAt: relative ? timestampMs(job!.runAt!) : runAt, delay });
      progress("submitted", ++submitted, total);
    }
    await new Promise((resolve) => setTimeout(resolve, 1000 / perDelay));
  }
  const deadline = Date.now() + Math.max(...delays) + 30_000;
  let done = 0;
  while (done < total && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    done = [...runAtById.keys()].filter((id) => starts.has(id)).length;
    progress("started  ", done, total);
  }
  loading = false;
  await background;

  // Where a late job lost its time: leased after run_at (the dispatch path), or leased ahead and
  // started late anyway (the worker's side).
  const { rows: leases } = await installation.pool.query<{ id: string; leased_ms: number }>(
    `select e.job_id as id, extract(epoch from e.at - j.run_at)::float8 * 1000 as leased_ms
     from job_events e join jobs j on j.id = e.job_id where j.queue = 'delayed' and e.to_state = 'RUNNING'`,
  );
  const leasedMs = new Map(leases.map((row) => [row.id, row.leased_ms]));

  console.log(`\nDelayed-job lateness (handler start minus run_at${relative ? ", jobs submitted with delay" : ", jobs submitted with run_at"}), ${perDelay} jobs per delay, background load ${backgroundPerSecond} jobs/s, horizon ${args["horizon-ms"]} ms:`);
  for (const delay of delays) {
    const late = [...runAtById].filter(([, v]) => v.delay === delay).map(([id, v]) => (starts.get(id) ?? NaN) - v.runAt);
    const missing = late.filter(Number.isNaN).length;
    const sorted = late.filter((n) => !Number.isNaN(n)).sort((a, b) => a - b);
    // The server's default lease-ahead is 100 ms: a job due within it is READY at submit.
    const path = delay > Number(args["horizon-ms"]) ? "Postgres, then promoted" : delay <= 100 ? "READY at submit, leased ahead" : "broker TTL queues";
    const ids = [...runAtById].filter(([, v]) => v.delay === delay).map(([id]) => id);
    const leasedLate = ids.filter((id) => (leasedMs.get(id) ?? Infinity) > 0).length;
    const lateOver50 = sorted.filter((n) => n > 50).length;
    console.log(
      `  delay ${String(delay).padStart(7)} ms (${path}): p50 ${percentile(sorted, 50).toFixed(1)} ms, p99 ${percentile(sorted, 99).toFixed(1)} ms, max ${sorted.at(-1)?.toFixed(1)} ms, early ${sorted.filter((n) => n < 0).length}, over 50 ms ${lateOver50} (leased after run_at: ${leasedLate})${missing ? `, NOT STARTED ${missing}` : ""}`,
    );
  }
  for (const line of waitingReport) console.log(line);
} finally {
  await installation.close();
}

/** Stores `count` jobs due 1 hour to 30 days from now, and reports what holding them costs. */
async function storeFarFutureJobs(client: ReturnType<typeof createClient<typeof JobService>>, count: number): Promise<string[]> {
  const farQueues = [{ namespace: "default", queue: "far-future" }];
  const rssBefore = await installation.serverRssMiB();
  const heapBefore = await installation.serverHeapUsedMiB();
  const t0 = performance.now();
  let stored = 0;
  const producer = async () => {
    while (stored < count) {
      const size = Math.min(1000, count - stored);
      stored += size;
      const now = Date.now();
      const jobs = Array.from({ length: size }, () => ({
        queue: "far-future",
        type: "noop",
        runAt: timestampFromMs(now + 3_600_000 + Math.floor(Math.random() * 30 * 86_400_000)),
      }));
      await client.submitJobs({ jobs });
      progress("far-future stored", Math.min(stored, count), count);
    }
  };
  await Promise.all(Array.from({ length: 4 }, producer));
  const seconds = (performance.now() - t0) / 1000;
  await new Promise((resolve) => setTimeout(resolve, 2000)); // a few promoter rounds with them waiting
  const rssAfter = await installation.serverRssMiB();
  const heapAfter = await installation.serverHeapUsedMiB();
  const inBroker = await brokerMessageCount(installation.prefix, farQueues);
  const { rows: announced } = await installation.pool.query<{ n: number }>(
    `select count(*)::int as n from jobs where queue = 'far-future' and announced_at is not null`,
  );
  // The promoter's claim query (promotion-store announceUpcomingJobs), with the millions waiting.
  const { rows: plan } = await installation.pool.query<{ "QUERY PLAN": string }>(
    `explain (analyze, buffers) select id from jobs
     where state in ('SCHEDULED', 'RETRY_SCHEDULED') and run_at <= now() + $1 * interval '1 millisecond' and announced_at is null
     order by run_at limit 1000 for update skip locked`,
    [Number(args["horizon-ms"])],
  );
  const planLines = plan.map((row) => row["QUERY PLAN"]);
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, Number(args["settle-ms"]) - 2000)));
  // A Prometheus scrape counts every queue's unfinished jobs, these included: an index-only scan of
  // jobs_waiting_queue_idx, once their pages are all-visible.
  // PostgreSQL's autovacuum would mark the new rows' pages all-visible within minutes; where it is
  // off (as on the CI machine), the bench vacuums the table itself, as an operator would.
  const { rows: settings } = await installation.pool.query<{ setting: string }>(`select setting from pg_settings where name = 'autovacuum'`);
  const autovacuum = settings[0]?.setting === "on";
  const vacuumStarted = performance.now();
  if (!autovacuum) await installation.pool.query("vacuum (analyze) jobs");
  const vacuumMs = performance.now() - vacuumStarted;
  const scrapeMs: number[] = [];
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    await (await fetch(`${installation.url}/metrics`)).text();
    scrapeMs.push(performance.now() - t0);
    await new Promise((resolve) => setTimeout(resolve, 1100)); // past the once-per-scrape cache
  }
  return [
    `\n${count.toLocaleString("en")} far-future jobs stored through SubmitJobs in ${seconds.toFixed(1)} s (${Math.round(count / seconds).toLocaleString("en")} jobs/s) ${args["settle-ms"]} ms before the measurement above:`,
    `  server memory: RSS ${rssBefore.toFixed(0)} MiB before, ${rssAfter.toFixed(0)} MiB after storing them, ${(await installation.serverRssMiB()).toFixed(0)} MiB at the end;` +
      ` V8 heap in use ${heapBefore.toFixed(0)} MiB before, ${heapAfter.toFixed(0)} MiB after, ${(await installation.serverHeapUsedMiB()).toFixed(0)} MiB at the end`,
    `  messages in the broker for them: ${inBroker}; announced: ${announced[0]!.n}`,
    `  a /metrics scrape with them waiting (after settling): ${scrapeMs.map((ms) => ms.toFixed(0)).join(", ")} ms (${autovacuum ? "autovacuum on" : `autovacuum off: the bench ran VACUUM, ${(vacuumMs / 1000).toFixed(1)} s`})`,
    `  promoter claim query with them waiting: ${planLines.filter((line) => /Index|Execution Time/.test(line)).map((line) => line.trim()).join(" | ")}`,
  ];
}
