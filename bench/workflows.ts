/**
 * Workflow benchmark: one server process, one worker process running no-op tasks, and this
 * process submitting. Runs
 *
 *   1. independent jobs one at a time, for their enqueue-to-start latency (created_at to the
 *      attempt's start, both by the database's clock);
 *   2. a chain of --depth tasks (each depending on the previous one), for the time per link and
 *      the parent-finished-to-child-started latency;
 *   3. a wide workflow of --width tasks: one root, width - 2 parts depending on it, one join
 *      depending on every part.
 *
 * What dependency resolution adds per task is the chain's parent-to-child latency minus the
 * independent jobs' enqueue-to-start latency: both include the outbox, the broker and the lease,
 * only the first includes the completion's child counts and the settling step.
 *
 *   node bench/workflows.ts [--depth 1000] [--width 10000] [--latency-jobs 100] [--concurrency 200]
 */
import { parseArgs } from "node:util";
import { createClient } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import { JobService } from "@conveyor/client/gen/conveyor/v1/job_service_pb.js";
import { WorkflowService } from "@conveyor/client/gen/conveyor/v1/workflow_service_pb.js";
import type pg from "pg";
import { percentile, progress, startInstallation, waitForWorkers } from "./bench-support.ts";

const { values: args } = parseArgs({
  options: {
    depth: { type: "string", default: "1000" },
    width: { type: "string", default: "10000" },
    "latency-jobs": { type: "string", default: "100" },
    concurrency: { type: "string", default: "200" },
  },
});
const depth = Number(args.depth);
const width = Number(args.width);

const installation = await startInstallation("wf", {
  CONVEYOR_AMQP_QUEUE_TYPE: "classic",
  CONVEYOR_WORKFLOW_MAX_TASKS: String(Math.max(width, depth, 10_000)),
});
try {
  const transport = createGrpcTransport({ baseUrl: installation.url });
  const jobs = createClient(JobService, transport);
  const workflows = createClient(WorkflowService, transport);
  installation.startWorker({ BENCH_QUEUE: "bench", BENCH_CONCURRENCY: args.concurrency! });
  await waitForWorkers(jobs);
  const f = (n: number) => n.toFixed(1);

  // --- 1. Independent jobs, one at a time on an idle system.
  const latencyJobs = Number(args["latency-jobs"]);
  const ids: string[] = [];
  for (let i = 0; i < latencyJobs; i++) {
    const { job } = await jobs.submitJob({ job: { queue: "bench", type: "noop" } });
    ids.push(job!.id);
    await waitUntil(installation.pool, "select count(*)::int as n from jobs where id = $1 and state = 'SUCCEEDED'", [job!.id], 1);
    progress("independent", i + 1, latencyJobs);
  }
  const independent = await latencies(
    installation.pool,
    `select extract(epoch from (a.started_at - j.created_at)) * 1000 as ms
     from jobs j join job_attempts a on a.job_id = j.id and a.number = 1 where j.id = any($1::uuid[])`,
    [ids],
  );

  // --- 2. A chain.
  const chainTasks = Array.from({ length: depth }, (_, i) => ({
    name: `link-${i}`,
    dependsOn: i === 0 ? [] : [`link-${i - 1}`],
    job: { queue: "bench", type: "noop" },
  }));
  const chainStart = Date.now();
  const { workflow: chain } = await workflows.submitWorkflow({ workflow: { name: "chain", tasks: chainTasks } });
  await follow(installation.pool, chain!.id, depth, "chain      ");
  const chainMs = Date.now() - chainStart;
  // Parent finished -> child's attempt started, for every link, by the database's clock.
  const links = await latencies(
    installation.pool,
    `select extract(epoch from (ca.started_at - p.finished_at)) * 1000 as ms
     from workflow_edges e join jobs p on p.id = e.parent_id join jobs c on c.id = e.child_id
       join job_attempts ca on ca.job_id = c.id and ca.number = 1
     where c.workflow_id = $1`,
    [chain!.id],
  );

  // --- 3. Wide: fan out, then fan in.
  const parts = Array.from({ length: width - 2 }, (_, i) => `part-${i}`);
  const wideTasks = [
    { name: "root", dependsOn: [], job: { queue: "bench", type: "noop" } },
    ...parts.map((name) => ({ name, dependsOn: ["root"], job: { queue: "bench", type: "noop" } })),
    { name: "join", dependsOn: parts, job: { queue: "bench", type: "noop" } },
  ];
  const wideStart = Date.now();
  const { workflow: wide } = await workflows.submitWorkflow({ workflow: { name: "wide", tasks: wideTasks } });
  const wideSubmitMs = Date.now() - wideStart;
  await follow(installation.pool, wide!.id, width, "wide       ");
  const wideMs = Date.now() - wideStart;
  const [joinWait] = (
    await installation.pool.query<{ ms: number }>(
      `select extract(epoch from (a.started_at - (select max(p.finished_at) from jobs p where p.workflow_id = j.workflow_id and p.task_name like 'part-%'))) * 1000 as ms
       from jobs j join job_attempts a on a.job_id = j.id where j.workflow_id = $1 and j.task_name = 'join'`,
      [wide!.id],
    )
  ).rows;

  console.log(`\nConveyor workflows: 1 worker process x ${args.concurrency} concurrency, no-op tasks`);
  console.log(`  independent jobs (${latencyJobs}, one at a time), enqueue-to-start: p50 ${f(percentile(independent, 50))} ms, p99 ${f(percentile(independent, 99))} ms`);
  console.log(`  chain of ${depth.toLocaleString("en")}: ${(chainMs / 1000).toFixed(1)} s wall, ${f(chainMs / depth)} ms per link`);
  console.log(`    parent finished -> child started: p50 ${f(percentile(links, 50))} ms, p99 ${f(percentile(links, 99))} ms`);
  console.log(`    dependency resolution adds (p50 link latency - p50 enqueue-to-start): ${f(percentile(links, 50) - percentile(independent, 50))} ms per task`);
  console.log(`  wide workflow of ${width.toLocaleString("en")} (1 root, ${parts.length.toLocaleString("en")} parts, 1 join): ${(wideMs / 1000).toFixed(1)} s wall`);
  console.log(`    SubmitWorkflow ${wideSubmitMs} ms, ${Math.round(width / (wideMs / 1000)).toLocaleString("en")} tasks/s end to end`);
  console.log(`    last part finished -> join started: ${f(Number(joinWait?.ms ?? NaN))} ms`);
} finally {
  await installation.close();
}

/** Sorted latencies (ms) from a query returning one `ms` column. */
async function latencies(pool: pg.Pool, sql: string, values: unknown[]): Promise<number[]> {
  const { rows } = await pool.query<{ ms: string }>(sql, values);
  return rows.map((row) => Number(row.ms)).sort((a, b) => a - b);
}

/** Shows the workflow's progress until all its tasks have succeeded. */
async function follow(pool: pg.Pool, workflowId: string, total: number, label: string): Promise<void> {
  for (;;) {
    const { rows } = await pool.query<{ n: number; failed: number }>(
      `select count(*) filter (where state = 'SUCCEEDED')::int as n, count(*) filter (where state in ('DEAD', 'SKIPPED', 'CANCELLED'))::int as failed
       from jobs where workflow_id = $1`,
      [workflowId],
    );
    progress(label, rows[0]!.n, total);
    if (rows[0]!.failed > 0) throw new Error(`workflow ${workflowId}: ${rows[0]!.failed} tasks did not succeed`);
    if (rows[0]!.n >= total) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

async function waitUntil(pool: pg.Pool, sql: string, values: unknown[], n: number): Promise<void> {
  while ((await pool.query<{ n: number }>(sql, values)).rows[0]!.n < n) await new Promise((resolve) => setTimeout(resolve, 2));
}
