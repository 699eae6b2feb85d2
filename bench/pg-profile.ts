/**
 * Where PostgreSQL spends its time on Conveyor's job path: the peer bench's Conveyor workload (one
 * producer, SubmitJobs of 1,000, one worker process at concurrency 1,000) on a database whose
 * sessions load auto_explain (per-database session_preload_libraries: no restart, no
 * shared_preload_libraries, so pg_stat_statements is not needed). Prints, per job:
 *   - statements: sampled plans with time, rows, buffers and WAL, scaled to calls per job;
 *   - transactions (pg_stat_database) and rows written per table (pg_stat_user_tables, HOT share);
 *   - WAL bytes and index entries per relation, read back from the WAL with pg_walinspect.
 *
 *   node bench/pg-profile.ts [--jobs 20000] [--batch 1000] [--sample-rate 1]
 *
 * Needs a superuser connection (CONVEYOR_BENCH_ADMIN_DATABASE_URL) and read access to the
 * server's log file (--log, default Debian's /var/log/postgresql/postgresql-15-main.log).
 */
import { open, stat } from "node:fs/promises";
import os from "node:os";
import { parseArgs } from "node:util";
import pg from "pg";
import { admin, databaseUrl } from "./bench-support.ts";
import { completedNoopsQuery as pollQuery, makeConveyorSystem } from "./peers/conveyor-system.ts";
import { startWalWindow } from "./peers/wal-usage.ts";
import { drain } from "./peers/workload.ts";

const { values: args } = parseArgs({
  options: {
    jobs: { type: "string", default: "20000" },
    batch: { type: "string", default: "1000" },
    // The job path's statements are batched (a few per 1,000 jobs), so every one can be explained.
    "sample-rate": { type: "string", default: "1" },
    log: { type: "string", default: "/var/log/postgresql/postgresql-15-main.log" },
  },
});
const jobs = Number(args.jobs);
const sampleRate = Number(args["sample-rate"]);

let database = "";
const system = await makeConveyorSystem({
  async prepareDatabase(name) {
    database = name;
    const settings: Record<string, string> = {
      session_preload_libraries: "auto_explain",
      "auto_explain.log_min_duration": "0",
      "auto_explain.sample_rate": String(sampleRate),
      "auto_explain.log_analyze": "on",
      "auto_explain.log_buffers": "on",
      "auto_explain.log_wal": "on",
      // Per-node timing costs more than it tells here: a statement's total time is logged anyway.
      "auto_explain.log_timing": "off",
      "auto_explain.log_nested_statements": "on",
      "auto_explain.log_triggers": "on",
      "auto_explain.log_format": "json",
    };
    for (const [name, value] of Object.entries(settings)) await admin(`alter database ${database} set ${name} = '${value}'`);
  },
});

interface PlanNode {
  "Node Type": string;
  "WAL Bytes"?: number;
  Plans?: PlanNode[];
}

/**
 * A statement's WAL bytes from its plan. The root node's figure leaves out data-modifying CTEs
 * that the main query never reads (they run after it), and a CTE Scan repeats the WAL of the CTE
 * it pulls from. So: each node's own WAL (its figure less its children's), CTE Scans owning none.
 */
function statementWal(node: PlanNode): number {
  const children = node.Plans ?? [];
  const own = node["Node Type"] === "CTE Scan" ? 0 : Math.max(0, (node["WAL Bytes"] ?? 0) - children.reduce((sum, c) => sum + (c["WAL Bytes"] ?? 0), 0));
  return own + children.reduce((sum, c) => sum + statementWal(c), 0);
}

interface Snapshot {
  logBytes: number;
  commits: number;
  tables: Map<string, { ins: number; upd: number; hot: number; del: number }>;
}

try {
  await system.start();
  const db = new pg.Client({ connectionString: databaseUrl(database) });
  db.on("error", (error) => console.error("profile connection:", error.message));
  await db.connect();
  const snapshot = async (): Promise<Snapshot> => {
    const commits = Number((await db.query<{ n: string }>("select xact_commit as n from pg_stat_database where datname = current_database()")).rows[0]!.n);
    const { rows } = await db.query<{ relname: string; ins: string; upd: string; hot: string; del: string }>(
      "select relname, n_tup_ins as ins, n_tup_upd as upd, n_tup_hot_upd as hot, n_tup_del as del from pg_stat_user_tables",
    );
    const tables = new Map(rows.map((r) => [r.relname, { ins: Number(r.ins), upd: Number(r.upd), hot: Number(r.hot), del: Number(r.del) }]));
    return { logBytes: (await stat(args.log!)).size, commits, tables };
  };
  // Statistics reach pg_stat_* when a backend flushes them: at most once a second while busy,
  // after 10 s when idle. Wait those out on both sides of the run.
  const settle = () => new Promise((resolve) => setTimeout(resolve, 11_000));
  await settle();
  const before = await snapshot();
  const walWindow = await startWalWindow(database);
  const load = os.loadavg();
  const result = await drain(system, { jobs, batch: Number(args.batch), pollMs: 50, timeoutMs: 900_000 });
  await walWindow.stop();
  await settle();
  const after = await snapshot();
  const perJob = (n: number) => n / jobs;
  const f = (n: number, digits = 2) => n.toFixed(digits);

  console.log(`\n## Profile: ${jobs.toLocaleString("en")} jobs, ${Math.round(result.jobsPerSecond).toLocaleString("en")} jobs/s end to end (auto_explain sampling ${sampleRate} of statements), load average ${load.map((n) => n.toFixed(2)).join(" ")}\n`);
  console.log(`- transactions committed in the database per job: ${f(perJob(after.commits - before.commits), 3)} (the bench's own completion polls, one per 50 ms, included)`);

  // --- WAL, attributed to relations of this database by the block references of each record.
  const { records: wal, clusterBytes: clusterWal } = await walWindow.read();
  const ours = wal.reduce((sum, r) => sum + r.bytes, 0);
  const fpi = wal.reduce((sum, r) => sum + r.fpiBytes, 0);
  console.log(`- WAL per job: ${Math.round(perJob(ours))} bytes in records on this database's relations (${Math.round(perJob(fpi))} of them full-page images); the whole cluster wrote ${Math.round(perJob(clusterWal))} bytes per job meanwhile (other databases and commit records included)\n`);

  console.log("### WAL by relation, per job\n");
  console.log("| relation | records/job | bytes/job | of which FPI |\n|---|---:|---:|---:|");
  const byRel = new Map<string, { records: number; bytes: number; fpi: number }>();
  for (const r of wal) {
    const e = byRel.get(r.relation) ?? { records: 0, bytes: 0, fpi: 0 };
    e.records += r.records;
    e.bytes += r.bytes;
    e.fpi += r.fpiBytes;
    byRel.set(r.relation, e);
  }
  for (const [rel, e] of [...byRel].sort((a, b) => b[1].bytes - a[1].bytes)) {
    console.log(`| ${rel} | ${f(perJob(e.records))} | ${Math.round(perJob(e.bytes))} | ${Math.round(perJob(e.fpi))} |`);
  }

  console.log("\n### WAL records by kind, per job (top 20)\n");
  console.log("| relation | resource manager | record type | records/job | bytes/job |\n|---|---|---|---:|---:|");
  for (const r of wal.slice(0, 20)) console.log(`| ${r.relation} | ${r.resourceManager} | ${r.recordType} | ${f(perJob(r.records))} | ${Math.round(perJob(r.bytes))} |`);

  console.log("\n### Index entries written per job (B-tree insert records)\n");
  const { rows: indexes } = await db.query<{ name: string; def: string }>("select indexname as name, indexdef as def from pg_indexes where schemaname = 'public' order by tablename, indexname");
  console.log("| index | entries/job | definition |\n|---|---:|---|");
  for (const index of indexes) {
    const inserts = wal.filter((r) => r.relation === index.name && r.resourceManager === "Btree" && r.recordType.startsWith("INSERT")).reduce((s, r) => s + r.records, 0);
    console.log(`| ${index.name} | ${f(perJob(inserts))} | \`${index.def.replace(/^CREATE (UNIQUE )?INDEX \S+ ON public\./, "")}\` |`);
  }

  console.log("\n### Rows written per job (pg_stat_user_tables)\n");
  console.log("| table | inserted | updated | of which HOT | deleted |\n|---|---:|---:|---:|---:|");
  for (const [name, a] of after.tables) {
    const b = before.tables.get(name) ?? { ins: 0, upd: 0, hot: 0, del: 0 };
    if (a.ins === b.ins && a.upd === b.upd && a.del === b.del) continue;
    console.log(`| ${name} | ${f(perJob(a.ins - b.ins))} | ${f(perJob(a.upd - b.upd))} | ${f(perJob(a.hot - b.hot))} | ${f(perJob(a.del - b.del))} |`);
  }

  // --- Statements, from the sampled auto_explain plans this database's sessions logged.
  // The plans logged during the run and the settling after it, not the profile's own queries since.
  const handle = await open(args.log!, "r");
  const buffer = Buffer.alloc(after.logBytes - before.logBytes);
  await handle.read(buffer, 0, buffer.length, before.logBytes);
  await handle.close();
  const entries = buffer.toString("utf8").split(/\n(?=\d{4}-\d\d-\d\d \d\d:\d\d:\d\d)/);
  interface Stat { calls: number; ms: number; rows: number; wal: number; hit: number; read: number; dirtied: number; text: string }
  const statements = new Map<string, Stat>();
  for (const entry of entries) {
    if (!entry.includes(`@${database} LOG:  duration:`)) continue;
    const duration = Number(/duration: ([\d.]+) ms/.exec(entry)![1]);
    const json = entry.slice(entry.indexOf("{"));
    let plan: { "Query Text": string; Plan: Record<string, number> };
    try {
      plan = JSON.parse(json.replace(/\n\t/g, "\n")) as typeof plan;
    } catch {
      continue; // a line of another session's log written into this entry
    }
    const text = (plan["Query Text"] === pollQuery ? "(the bench's completion poll) " : "") + plan["Query Text"].replace(/\s+/g, " ").trim();
    const key = text.slice(0, 160);
    const s = statements.get(key) ?? { calls: 0, ms: 0, rows: 0, wal: 0, hit: 0, read: 0, dirtied: 0, text };
    s.calls += 1;
    s.ms += duration;
    s.rows += plan.Plan["Actual Rows"] ?? 0;
    s.wal += statementWal(plan.Plan as unknown as PlanNode);
    s.hit += plan.Plan["Shared Hit Blocks"] ?? 0;
    s.read += plan.Plan["Shared Read Blocks"] ?? 0;
    s.dirtied += plan.Plan["Shared Dirtied Blocks"] ?? 0;
    statements.set(key, s);
  }
  const sampledTotal = [...statements.values()].reduce((sum, s) => sum + s.ms, 0);
  console.log(`\n### Statements (sampled plans: ${[...statements.values()].reduce((n, s) => n + s.calls, 0)}; time share of all sampled statement time)\n`);
  console.log("| statement | calls/job | ms/call | µs/job | share | rows/call | WAL bytes/call | WAL bytes/job | buffers hit/dirtied per call |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|");
  for (const s of [...statements.values()].sort((a, b) => b.ms - a.ms).slice(0, 25)) {
    const callsPerJob = s.calls / sampleRate / jobs;
    console.log(
      `| \`${s.text.slice(0, 110).replace(/\|/g, "\\|")}\` | ${callsPerJob.toFixed(4)} | ${f(s.ms / s.calls, 3)} | ${f((s.ms / s.calls) * callsPerJob * 1000, 1)} | ${f((100 * s.ms) / sampledTotal, 1)}% | ${f(s.rows / s.calls, 1)} | ${Math.round(s.wal / s.calls)} | ${Math.round((s.wal / s.calls) * callsPerJob)} | ${Math.round(s.hit / s.calls)} / ${Math.round(s.dirtied / s.calls)} |`,
    );
  }
  await db.end();
} finally {
  // (Ending the installation drops its database, and with it any session still open on it.)
  await system.close();
}
