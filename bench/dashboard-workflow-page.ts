/**
 * Dashboard benchmark: how the workflow page copes with a large DAG, in Debian's headless Chromium
 * against a server process serving a fresh build of the dashboard.
 *
 * For each size (--sizes, default 500 and 10000 tasks; layers of --width tasks, each task depending
 * on one or two tasks of the layer above), it submits the workflow, opens its page and reports
 *
 *   - load: navigation start to the first task drawn (WatchWorkflow's first message, the layout in
 *     its Web Worker, React Flow's first render);
 *   - layout: the layout's own time in the worker, and which engine ran (dagre, or layers above 1000);
 *   - longest main-thread task while loading (what a person feels as a freeze);
 *   - recolour: one worker process then runs every task; the time from the worker's start until the
 *     page's counts show every task SUCCEEDED, and the longest main-thread task meanwhile;
 *   - zoom: the time for a zoom-out step to be painted once everything finished.
 *
 *   node bench/dashboard-workflow-page.ts [--sizes 500,10000] [--width 100] [--concurrency 500]
 */
import os from "node:os";
import { parseArgs } from "node:util";
import { createClient } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import { WorkflowService } from "@conveyor/client/gen/conveyor/v1/workflow_service_pb.js";
import { buildDashboard, launchChromium } from "../test/support/dashboard-build.ts";
import { startInstallation } from "./bench-support.ts";

const { values: args } = parseArgs({
  options: {
    sizes: { type: "string", default: "500,10000" },
    width: { type: "string", default: "100" },
    concurrency: { type: "string", default: "500" },
  },
});
const width = Number(args.width);

const dashboard = await buildDashboard();
const installation = await startInstallation("dash", { CONVEYOR_DASHBOARD_DIR: dashboard.dir });
const browser = await launchChromium();
try {
  const workflows = createClient(WorkflowService, createGrpcTransport({ baseUrl: installation.url }));
  for (const size of args.sizes.split(",").map(Number)) {
    const queue = `dag-${size}`;
    const tasks = Array.from({ length: size }, (_, i) => {
      const layer = Math.floor(i / width);
      const above = (layer - 1) * width;
      const dependsOn = layer === 0 ? [] : [...new Set([above + (i % width), above + ((i * 7 + 3) % width)])].filter((d) => d < i).map((d) => `t${d}`);
      return { name: `t${i}`, dependsOn, job: { queue, type: "noop" } };
    });
    const { workflow } = await workflows.submitWorkflow({ workflow: { name: `bench ${size}`, tasks } });

    const page = await browser.newPage({ viewport: { width: 1360, height: 900 } });
    // Long tasks (> 50 ms on the main thread), recorded from the page's first script on.
    await page.addInitScript(() => {
      const w = window as unknown as { longTasks: number[] };
      w.longTasks = [];
      new PerformanceObserver((list) => list.getEntries().forEach((e) => w.longTasks.push(e.duration))).observe({ type: "longtask", buffered: true });
    });
    const longest = () => page.evaluate(() => Math.max(0, ...(window as unknown as { longTasks: number[] }).longTasks.splice(0)));
    await page.goto(`${installation.url}/workflows/${workflow!.id}`);
    await page.locator(".dag-node").first().waitFor({ timeout: 120_000 });
    const loadMs = await page.evaluate(() => performance.now());
    const layoutMs = Number(await page.evaluate(() => document.documentElement.dataset["dagLayoutMs"]));
    const engine = await page.locator("[data-testid=dag]").getAttribute("data-layout-engine");
    const drawn = await page.locator(".react-flow__node").count();
    const loadLongest = await longest();

    const started = Date.now();
    const worker = installation.startWorker({ BENCH_QUEUE: queue, BENCH_CONCURRENCY: args.concurrency! });
    await page.waitForFunction((n) => document.querySelector("[data-count-state=SUCCEEDED]")?.textContent === String(n), size, { timeout: 600_000, polling: 100 });
    const recolourMs = Date.now() - started;
    const recolourLongest = await longest();
    worker.kill("SIGTERM");

    const zoomMs = await page.evaluate(async () => {
      const button = document.querySelector<HTMLButtonElement>(".react-flow__controls-zoomout")!;
      const t0 = performance.now();
      button.click();
      await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
      return performance.now() - t0;
    });
    console.log(
      `${size} tasks: load ${Math.round(loadMs)} ms (layout ${layoutMs} ms, ${engine}; ${drawn} nodes in the DOM), longest main-thread task while loading ${Math.round(loadLongest)} ms; ` +
        `all ${size} recoloured ${recolourMs} ms after the worker started, longest task meanwhile ${Math.round(recolourLongest)} ms; zoom step painted in ${Math.round(zoomMs)} ms ` +
        `(load average ${os.loadavg()[0]!.toFixed(1)} on ${os.availableParallelism()} cores)`,
    );
    await page.close();
  }
} finally {
  await browser.close();
  await installation.close();
  await dashboard.remove();
}
