// The peer bench's results: a terminal table, a Markdown page and an SVG chart.
import Table from "cli-table3";
import { markdownTable } from "markdown-table";
import * as vega from "vega";
import { compile, type TopLevelSpec } from "vega-lite";

export interface SystemResult {
  name: string;
  version: string;
  setup: string;
  jobsPerSecond: number;
  enqueuePerSecond: number;
  latencyMs: { p50: number; p99: number; max: number };
  rssMiB: { worker: number; server?: number };
  /** WAL written on the system's own database per job during the throughput phase (PostgreSQL systems). */
  walBytesPerJob?: number;
  /** The machine's 1-minute load average when this system's run began. */
  loadAtStart: number;
}

export interface RunInfo {
  date: string;
  machine: string;
  loadBefore: number[];
  loadAfter: number[];
  jobs: number;
  batch: number;
  latencySamples: number;
  software: string;
}

const int = (n: number) => Math.round(n).toLocaleString("en");
const ms = (n: number) => n.toFixed(1);
const mib = (n: number | undefined) => (n === undefined ? "—" : `${Math.round(n)} MiB`);
const load = (l: number[]) => l.map((n) => n.toFixed(2)).join(" / ");

function rows(results: SystemResult[]): string[][] {
  const conveyor = results.find((r) => r.name === "Conveyor");
  return results.map((r) => [
    `${r.name} ${r.version}`,
    int(r.jobsPerSecond),
    int(r.enqueuePerSecond),
    `${ms(r.latencyMs.p50)} / ${ms(r.latencyMs.p99)} / ${ms(r.latencyMs.max)}`,
    mib(r.rssMiB.worker),
    mib(r.rssMiB.server),
    r.walBytesPerJob === undefined ? "—" : `${Math.round(r.walBytesPerJob).toLocaleString("en")} B`,
    conveyor && r !== conveyor ? `${(conveyor.jobsPerSecond / r.jobsPerSecond).toFixed(2)}×` : "—",
    conveyor && r !== conveyor ? `${(conveyor.latencyMs.p50 / r.latencyMs.p50).toFixed(2)}×` : "—",
    r.loadAtStart.toFixed(1),
  ]);
}

const header = [
  "system",
  "end-to-end jobs/s",
  "enqueue jobs/s",
  "enqueue→start p50 / p99 / max (ms)",
  "worker peak RSS",
  "server peak RSS",
  "WAL/job",
  "Conveyor ÷ this, jobs/s",
  "Conveyor ÷ this, p50",
  "load avg at start",
];

export function terminalTable(results: SystemResult[]): string {
  const table = new Table({ head: header, style: { head: [], border: [] } });
  table.push(...rows(results));
  return table.toString();
}

export function markdownPage(results: SystemResult[], info: RunInfo, chartFile: string): string {
  return [
    `# Conveyor and its peers, ${info.date}`,
    "",
    `Written by \`npm run bench:peers\` (bench/peers/peer-bench.ts). ${info.jobs.toLocaleString("en")} no-op jobs per system,`,
    `enqueued by one producer in batches of ${info.batch.toLocaleString("en")} while one worker process drains them, timed from`,
    "the first enqueue to the last durable completion; then " + info.latencySamples.toLocaleString("en") + " probe jobs one at a time",
    "(closed loop, 5 ms apart), timed from the enqueue call to the handler's start. Systems run one after another.",
    "",
    `- Machine: ${info.machine}`,
    `- Load average (1 / 5 / 15 min) before: ${load(info.loadBefore)}; after: ${load(info.loadAfter)}`,
    `- Software: ${info.software}`,
    "",
    markdownTable([header, ...rows(results)], { align: ["l", "r", "r", "r", "r", "r", "r", "r", "r", "r"] }),
    "",
    `![jobs/s and latency per system](${chartFile})`,
    "",
    "How each system was set up:",
    "",
    ...results.map((r) => `- **${r.name} ${r.version}**: ${r.setup}`),
    "",
    "Peak RSS is the process's VmHWM at the end of the throughput phase. The peers have no server",
    "process of their own (their workers talk to PostgreSQL or Redis directly), so their server column is empty.",
    "WAL/job is what the throughput phase wrote to the WAL on the system's own database (pg_walinspect;",
    "full-page images included, commit records not), divided by the jobs; Redis keeps no WAL.",
    "Completions are counted every 50 ms by one query per system, which each PostgreSQL system pays for alike.",
    "The machine may be shared: the load average column tells how busy it was when each system began.",
    "",
  ].join("\n");
}

export async function chartSvg(results: SystemResult[], info: RunInfo): Promise<string> {
  const throughput = results.flatMap((r) => [
    { system: r.name, measure: "end to end", value: Math.round(r.jobsPerSecond) },
    { system: r.name, measure: "enqueue", value: Math.round(r.enqueuePerSecond) },
  ]);
  const latency = results.flatMap((r) => [
    { system: r.name, measure: "p50", value: r.latencyMs.p50 },
    { system: r.name, measure: "p99", value: r.latencyMs.p99 },
  ]);
  const order = results.map((r) => r.name);
  const bars = (title: string, unit: string, values: object[]) => ({
    title,
    width: 300,
    height: 200,
    data: { values },
    mark: { type: "bar" as const, tooltip: true },
    encoding: {
      x: { field: "system", type: "nominal" as const, sort: order, title: null, axis: { labelAngle: 0 } },
      xOffset: { field: "measure", type: "nominal" as const },
      y: { field: "value", type: "quantitative" as const, title: unit },
      color: { field: "measure", type: "nominal" as const, title: null },
    },
  });
  const spec: TopLevelSpec = {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: {
      text: `Conveyor and its peers, ${info.date}`,
      subtitle: `${info.jobs.toLocaleString("en")} no-op jobs, one producer (batches of ${info.batch}), one worker process; ${info.machine}; load average ${info.loadBefore[0]!.toFixed(1)} at start`,
    },
    background: "white",
    padding: 12,
    hconcat: [bars("Throughput (higher is better)", "jobs/s", throughput), bars("Enqueue→start latency (lower is better)", "ms", latency)],
    resolve: { scale: { color: "independent" } },
  };
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: "none" });
  const svg = await view.toSVG();
  view.finalize();
  return svg;
}
