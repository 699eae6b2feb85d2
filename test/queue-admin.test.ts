// AdminService: paused queues accept jobs but lease none, on every server; resume runs them; the
// concurrency and rate limits hold over several servers; ListQueues reports figures from Postgres.
import { Code, type Client } from "@connectrpc/connect";
import type { AdminService } from "@conveyor/client/gen/conveyor/v1/admin_service_pb.js";
import { JobState } from "@conveyor/client/gen/conveyor/v1/job_pb.js";
import type { JobService } from "@conveyor/client/gen/conveyor/v1/job_service_pb.js";
import { beforeAll, describe, expect, it } from "vitest";
import { adminClient } from "./support/admin.ts";
import { grpcClients } from "./support/clients.ts";
import { useConveyor } from "./support/conveyor-harness.ts";
import { deferred, useWorkers, waitForState } from "./support/execution.ts";
import { jobSpec, jobSpecs } from "./support/jobs.ts";
import { rpcError } from "./support/rpc.ts";

const { installation, server } = useConveyor({ amqpQueueType: "classic" });
const workers = useWorkers(() => server().url);
let jobs: Client<typeof JobService>;
let admin: Client<typeof AdminService>;

beforeAll(() => {
  jobs = grpcClients(server().url).jobs;
  admin = adminClient(server().url);
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function statesOf(ids: string[]): Promise<JobState[]> {
  return Promise.all(ids.map(async (id) => (await jobs.getJob({ id })).job!.state));
}

describe("pausing a queue", () => {
  it("keeps accepting jobs but leases none until it is resumed, then runs them at once", async () => {
    const { queue } = await admin.pauseQueue({ queue: "pausable" });
    expect(queue).toMatchObject({ name: "pausable", namespace: "default", paused: true });
    const ran: string[] = [];
    await workers.start({ queues: ["pausable"], concurrency: 10 }, (w) => w.handle("test.job", (job) => void ran.push(job.id)));

    const { jobs: submitted } = await jobs.submitJobs({ jobs: [jobSpec("pausable"), jobSpec("pausable"), jobSpec("pausable")] });
    const ids = submitted.map((job) => job.id);
    await sleep(700);
    expect(ran).toEqual([]);
    expect(await statesOf(ids)).toEqual([JobState.READY, JobState.READY, JobState.READY]);
    expect(await (await fetch(`${server().url}/metrics`)).text()).toMatch(/^conveyor_paused_queues 1$/m);

    const resumedAt = Date.now();
    expect((await admin.resumeQueue({ queue: "pausable" })).queue?.paused).toBe(false);
    // Promptly: well before the 5 s safety recheck of held jobs.
    await Promise.all(ids.map((id) => waitForState(jobs, id, JobState.SUCCEEDED, 3_000)));
    expect(Date.now() - resumedAt).toBeLessThan(3_000);
    expect(ran.sort()).toEqual([...ids].sort());
  });

  it("stops a worker connected to another server, which resumes it when told through Postgres", async () => {
    const second = await installation.startServer();
    const ran: string[] = [];
    await workers.start({ url: second.url, queues: ["shared-pause"], concurrency: 5 }, (w) =>
      w.handle("test.job", (job) => void ran.push(job.id)),
    );
    // The queue runs normally first, so the second server's feed is live when the pause arrives.
    const { job: before } = await jobs.submitJob({ job: jobSpec("shared-pause") });
    await waitForState(jobs, before!.id, JobState.SUCCEEDED);

    await admin.pauseQueue({ queue: "shared-pause" });
    const { jobs: submitted } = await jobs.submitJobs({ jobs: jobSpecs("shared-pause", 4, { type: "test.job" }) });
    await sleep(700);
    expect(ran).toEqual([before!.id]);
    expect(await statesOf(submitted.map((job) => job.id))).toEqual(Array(4).fill(JobState.READY));

    await admin.resumeQueue({ queue: "shared-pause" });
    await Promise.all(submitted.map((job) => waitForState(jobs, job.id, JobState.SUCCEEDED, 3_000)));
  });

  it("refuses the lease in the statement itself, whatever a server last heard", async () => {
    const { job } = await jobs.submitJob({ job: jobSpec("raced") });
    // Paused behind every server's back: no notification (the trigger fires on updates of the
    // settings columns, which this bypasses by inserting with session_replication_role = replica).
    await installation.sql(`set session_replication_role = replica; insert into queues (namespace, queue, paused) values ('default', 'raced', true); set session_replication_role = origin`);
    const ran: string[] = [];
    await workers.start({ queues: ["raced"] }, (w) => w.handle("test.job", (j) => void ran.push(j.id)));
    await sleep(700);
    expect(ran).toEqual([]);
    expect(await statesOf([job!.id])).toEqual([JobState.READY]);
  });
});

describe("a concurrency limit", () => {
  it("never lets more jobs of the queue run at once than the limit, over two servers", async () => {
    await admin.updateQueue({ queue: "narrow", concurrencyLimit: 3 });
    const second = await installation.startServer();
    let running = 0;
    let most = 0;
    const handler = async () => {
      running++;
      most = Math.max(most, running);
      await sleep(60);
      running--;
    };
    await workers.start({ queues: ["narrow"], concurrency: 5 }, (w) => w.handle("test.job", handler));
    await workers.start({ url: second.url, queues: ["narrow"], concurrency: 5 }, (w) => w.handle("test.job", handler));

    const { jobs: submitted } = await jobs.submitJobs({ jobs: jobSpecs("narrow", 24, { type: "test.job" }) });
    await Promise.all(submitted.map((job) => waitForState(jobs, job.id, JobState.SUCCEEDED, 15_000)));
    // Reached, never passed: both workers had room for 10 between them.
    expect(most).toBe(3);
  });
});

describe("a rate limit", () => {
  it("starts no more jobs per second than the limit, over a backlog", async () => {
    await admin.updateQueue({ queue: "metered", rateLimit: 20 });
    const starts: number[] = [];
    await workers.start({ queues: ["metered"], concurrency: 50 }, (w) => w.handle("test.job", () => void starts.push(Date.now())));

    const { jobs: submitted } = await jobs.submitJobs({ jobs: jobSpecs("metered", 50, { type: "test.job" }) });
    await Promise.all(submitted.map((job) => waitForState(jobs, job.id, JobState.SUCCEEDED, 15_000)));
    starts.sort((a, b) => a - b);
    // Every one-second window from any start: at most 20, plus the bucket's burst (2) and a little
    // clock tolerance between the database and this process.
    let busiest = 0;
    for (let i = 0; i < starts.length; i++) {
      let j = i;
      while (j < starts.length && starts[j]! - starts[i]! < 1_000) j++;
      busiest = Math.max(busiest, j - i);
    }
    expect(busiest).toBeLessThanOrEqual(24);
    const overallPerSecond = (starts.length - 1) / ((starts.at(-1)! - starts[0]!) / 1000);
    expect(overallPerSecond).toBeGreaterThan(12);
    expect(overallPerSecond).toBeLessThan(24);
  });
});

describe("ListQueues and GetQueue", () => {
  it("report depth by state, oldest ready age, settings and rates, from Postgres", async () => {
    await jobs.submitJobs({ jobs: [jobSpec("fig-backlog"), jobSpec("fig-backlog"), jobSpec("fig-backlog")] });
    await jobs.submitJobs({ jobs: [jobSpec("fig-backlog", { delay: { seconds: 3600n } }), jobSpec("fig-backlog", { delay: { seconds: 3600n } })] });
    await admin.updateQueue({ queue: "fig-idle", concurrencyLimit: 7, rateLimit: 2.5, webhookUrl: "https://hooks.example/idle" });
    await admin.pauseQueue({ queue: "fig-idle" });
    await admin.pauseQueue({ namespace: "elsewhere", queue: "fig-other" });

    const release = deferred();
    const started = deferred();
    await workers.start({ queues: ["fig-busy"], concurrency: 5 }, (w) =>
      w.handle("test.job", () => undefined).handle("blocker", async () => {
        started.resolve();
        await release.promise;
      }),
    );
    const { jobs: quick } = await jobs.submitJobs({ jobs: [jobSpec("fig-busy"), jobSpec("fig-busy")] });
    await Promise.all(quick.map((job) => waitForState(jobs, job.id, JobState.SUCCEEDED)));
    await jobs.submitJob({ job: jobSpec("fig-busy", { type: "blocker" }) });
    await started.promise;

    try {
      const { queues: all } = await admin.listQueues({});
      const queues = all.filter((q) => q.name.startsWith("fig-"));
      expect(queues.map((q) => q.name)).toEqual(["fig-backlog", "fig-busy", "fig-idle"]);
      const [backlog, busy, idle] = queues;
      expect(backlog).toMatchObject({ namespace: "default", paused: false, concurrencyLimit: 0, rateLimit: 0, webhookUrl: "" });
      expect(backlog!.depth).toMatchObject({ ready: 3n, waiting: 2n, running: 0n });
      expect(backlog!.oldestReadyAge).toBeDefined();
      expect(backlog!.updatedAt).toBeUndefined();
      expect(busy!.depth).toMatchObject({ ready: 0n, waiting: 0n, running: 1n });
      expect(busy!.oldestReadyAge).toBeUndefined();
      expect(busy!.rates?.startedPerSecond).toBeCloseTo(3 / 60, 5);
      expect(busy!.rates?.succeededPerSecond).toBeCloseTo(2 / 60, 5);
      expect(busy!.rates?.failedPerSecond).toBe(0);
      expect(idle).toMatchObject({ paused: true, concurrencyLimit: 7, rateLimit: 2.5, webhookUrl: "https://hooks.example/idle" });
      expect(idle!.depth).toMatchObject({ ready: 0n, waiting: 0n, running: 0n });
      expect(idle!.updatedAt).toBeDefined();
      expect((await admin.listQueues({ namespace: "elsewhere" })).queues.map((q) => [q.name, q.paused])).toEqual([["fig-other", true]]);

      // Another server answers with the same figures: they come from Postgres, not from memory.
      const other = adminClient((await installation.startServer()).url);
      const { queue } = await other.getQueue({ queue: "fig-busy" });
      expect(queue?.depth).toEqual(busy!.depth);
      expect(queue?.rates?.startedPerSecond).toBeCloseTo(3 / 60, 5);
    } finally {
      release.resolve();
    }
  });

  it("UpdateQueue changes only the fields that are set, and 0 or \"\" removes a limit or webhook", async () => {
    await admin.updateQueue({ queue: "tuned", concurrencyLimit: 4, rateLimit: 9, webhookUrl: "https://hooks.example.com/hook" });
    expect((await admin.updateQueue({ queue: "tuned", rateLimit: 0 })).queue).toMatchObject({
      concurrencyLimit: 4,
      rateLimit: 0,
      webhookUrl: "https://hooks.example.com/hook",
    });
    expect((await admin.updateQueue({ queue: "tuned", concurrencyLimit: 0, webhookUrl: "" })).queue).toMatchObject({
      concurrencyLimit: 0,
      rateLimit: 0,
      webhookUrl: "",
      paused: false,
    });
  });
});

describe("AdminService validation", () => {
  it.each([
    ["a concurrency limit below 0", { queue: "q", concurrencyLimit: -1 }, "concurrency_limit: "],
    ["a concurrency limit too high", { queue: "q", concurrencyLimit: 100_001 }, "concurrency_limit: "],
    ["a rate limit below 0.01", { queue: "q", rateLimit: 0.001 }, "rate_limit: "],
    ["a webhook URL that is not http(s)", { queue: "q", webhookUrl: "ftp://example.com/x" }, "webhook_url: "],
    ["a webhook URL that is not a URL", { queue: "q", webhookUrl: "hooks" }, "webhook_url: "],
    ["no queue", { queue: "" }, "queue: "],
    ["a bad queue name", { queue: "a b" }, "queue: "],
    ["a bad namespace", { namespace: "Bad.NS", queue: "q" }, "namespace: "],
  ])("answers INVALID_ARGUMENT naming the field for %s", async (_, request, prefix) => {
    const error = await rpcError(admin.updateQueue(request));
    expect(error.code).toBe(Code.InvalidArgument);
    expect(error.rawMessage.startsWith(prefix)).toBe(true);
  });

  it("answers INVALID_ARGUMENT for PauseQueue without a queue, and NOT_FOUND for GetQueue of a queue nobody used", async () => {
    const missing = await rpcError(admin.pauseQueue({ queue: "" }));
    expect(missing.code).toBe(Code.InvalidArgument);
    expect(missing.rawMessage).toMatch(/^queue: /);
    const unknown = await rpcError(admin.getQueue({ queue: "never-used" }));
    expect(unknown.code).toBe(Code.NotFound);
    expect(unknown.rawMessage).toContain("never-used");
  });

  it("answers INVALID_ARGUMENT naming job.webhook_url for a job whose webhook is not an http(s) URL", async () => {
    const error = await rpcError(jobs.submitJob({ job: jobSpec("q", { webhookUrl: "mailto:ops@example.com" }) }));
    expect(error.code).toBe(Code.InvalidArgument);
    expect(error.rawMessage).toMatch(/^job\.webhook_url: /);
  });
});
