// GET /metrics serves this server's Prometheus metrics: job counters by queue, scrape-time gauges and histograms.
import type { Client } from "@connectrpc/connect";
import { JobState } from "@conveyor/client/gen/conveyor/v1/job_pb.js";
import type { JobService } from "@conveyor/client/gen/conveyor/v1/job_service_pb.js";
import { NonRetryableError } from "@conveyor/worker-sdk";
import { beforeAll, describe, expect, it } from "vitest";
import { grpcClients } from "./support/clients.ts";
import { useConveyor } from "./support/conveyor-harness.ts";
import { useWorkers, waitForState } from "./support/execution.ts";
import { jobSpec, jsonPayload } from "./support/jobs.ts";

const { installation, server } = useConveyor({ amqpQueueType: "classic" });
const workers = useWorkers(() => server().url);
let jobs: Client<typeof JobService>;

beforeAll(() => {
  jobs = grpcClients(server().url).jobs;
});

async function scrape(): Promise<{ contentType: string | null; text: string }> {
  const response = await fetch(`${server().url}/metrics`);
  expect(response.status).toBe(200);
  return { contentType: response.headers.get("content-type"), text: await response.text() };
}

/** The sum of a metric's samples whose labels include all of `labels` (0 when there are none). */
function sample(text: string, name: string, labels: Record<string, string> = {}): number {
  let sum = 0;
  let found = false;
  for (const match of text.matchAll(/^([a-z_:]+)(?:\{([^}]*)\})? (\S+)$/gm)) {
    if (match[1] !== name) continue;
    const have = Object.fromEntries([...(match[2] ?? "").matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
    if (Object.entries(labels).every(([k, v]) => have[k] === v)) {
      sum += Number(match[3]);
      found = true;
    }
  }
  return found ? sum : 0;
}

describe("GET /metrics", () => {
  it("counts submitted, started, succeeded, failed and dead jobs by queue, and reports queue depth", async () => {
    const queue = "metered";
    const labels = { namespace: "default", queue };
    const submitted = await jobs.submitJobs({
      jobs: [
        jobSpec(queue, { type: "ok", payload: jsonPayload({ n: 1 }) }),
        jobSpec(queue, { type: "ok", payload: jsonPayload({ n: 2 }) }),
        jobSpec(queue, { type: "ok", payload: jsonPayload({ n: 3 }) }),
        jobSpec(queue, { type: "boom", payload: jsonPayload({}) }),
      ],
    });
    const ids = submitted.jobs.map((job) => job.id);

    // Before any worker: all four are READY, none started.
    const before = await scrape();
    expect(before.contentType).toMatch(/^text\/plain/);
    expect(sample(before.text, "conveyor_jobs_submitted_total", labels)).toBe(4);
    expect(sample(before.text, "conveyor_jobs_submitted_total", { ...labels, type: "ok" })).toBe(3);
    expect(sample(before.text, "conveyor_queue_depth", labels)).toBe(4);
    expect(sample(before.text, "conveyor_queue_oldest_ready_age_seconds", labels)).toBeGreaterThanOrEqual(0);
    expect(sample(before.text, "conveyor_jobs_started_total", labels)).toBe(0);
    expect(sample(before.text, "conveyor_connected_workers")).toBe(0);
    // The default process metrics are on the same registry.
    expect(before.text).toMatch(/^process_cpu_user_seconds_total /m);

    await workers.start({ queues: [queue], concurrency: 4 }, (w) => {
      w.handle("ok", () => ({ done: true }));
      w.handle("boom", () => {
        throw new NonRetryableError("no");
      });
    });
    for (const id of ids.slice(0, 3)) await waitForState(jobs, id, JobState.SUCCEEDED);
    await waitForState(jobs, ids[3]!, JobState.DEAD);

    const after = (await scrape()).text;
    expect(sample(after, "conveyor_jobs_submitted_total", labels)).toBe(4);
    expect(sample(after, "conveyor_jobs_started_total", labels)).toBe(4);
    expect(sample(after, "conveyor_jobs_succeeded_total", labels)).toBe(3);
    expect(sample(after, "conveyor_jobs_failed_total", labels)).toBe(1);
    expect(sample(after, "conveyor_jobs_dead_total", { ...labels, type: "boom" })).toBe(1);
    expect(sample(after, "conveyor_queue_depth", labels)).toBe(0);
    expect(sample(after, "conveyor_jobs_running", labels)).toBe(0);
    expect(sample(after, "conveyor_jobs_waiting", labels)).toBe(0);
    expect(sample(after, "conveyor_connected_workers")).toBe(1);
    expect(sample(after, "conveyor_enqueue_to_start_seconds_count", labels)).toBe(4);
    expect(sample(after, "conveyor_run_duration_seconds_count", labels)).toBe(4);
    expect(after).toMatch(/^conveyor_outbox_messages \d+$/m);
    expect(after).toMatch(/^conveyor_outbox_oldest_age_seconds [\d.e+-]+$/m);
  });

  it("reports an idle queue as 0 rather than dropping its series, also on a server started while it was idle", async () => {
    const queue = "idle-after-work";
    await workers.start({ queues: [queue] }, (w) => w.handle("ok", () => ({})));
    const { job } = await jobs.submitJob({ job: jobSpec(queue, { type: "ok" }) });
    await waitForState(jobs, job!.id, JobState.SUCCEEDED);

    const series = (text: string, name: string) => new RegExp(`^${name}\\{namespace="default",queue="${queue}"\\} 0$`, "m").test(text);
    const gauges = ["conveyor_queue_depth", "conveyor_jobs_running", "conveyor_jobs_waiting", "conveyor_queue_oldest_ready_age_seconds"];
    const idle = (await scrape()).text;
    for (const name of gauges) expect(series(idle, name), name).toBe(true);

    const fresh = await installation.startServer();
    const restarted = await (await fetch(`${fresh.url}/metrics`)).text();
    for (const name of gauges) expect(series(restarted, name), `${name} on a fresh server`).toBe(true);
  });
});
