// The web console (dashboard/) in a real headless Chromium (Debian's chromium, driven by
// playwright-core), served by a live server with authentication on, against PostgreSQL and
// RabbitMQ. Jobs and workflows are submitted through the API and run by SDK workers; the page is
// driven the way a person would (paste a token, click, confirm) and checked against the API.
//
// Screenshots of every page are written to SCREENSHOTS (test-results/dashboard-screenshots/).
import { randomBytes } from "node:crypto";
import { mkdir } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { createClient, type Client } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import { AdminService } from "@conveyor/client/gen/conveyor/v1/admin_service_pb.js";
import { JobService } from "@conveyor/client/gen/conveyor/v1/job_service_pb.js";
import { JobState } from "@conveyor/client/gen/conveyor/v1/job_pb.js";
import { WorkflowService } from "@conveyor/client/gen/conveyor/v1/workflow_service_pb.js";
import { ScheduleService } from "@conveyor/client/gen/conveyor/v1/schedule_service_pb.js";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mintDevelopmentToken } from "../server/src/auth/index.ts";
import type { ConveyorServer } from "../server/src/conveyor-server.ts";
import { checkToolchain } from "./support/client-toolchains.ts";
import { useConveyor } from "./support/conveyor-harness.ts";
import { buildDashboard, CHROMIUM, launchChromium } from "./support/dashboard-build.ts";
import { deferred, pollUntil, useWorkers, waitForState } from "./support/execution.ts";
import { jsonPayload } from "./support/jobs.ts";
import { task } from "./support/workflows.ts";

const chromiumCheck = checkToolchain("Chromium", [{ path: CHROMIUM, debianPackage: "chromium" }]);
const SCREENSHOTS = fileURLToPath(new URL("../test-results/dashboard-screenshots/", import.meta.url));
const SECRET = randomBytes(32).toString("base64url");
const built = buildDashboard();

// One server, with authentication on (as by default) and this test's build of the dashboard.
const { installation } = useConveyor({ authMode: "jwt", authHs256Secret: SECRET }, { startServer: false });
let dashboardServer: ConveyorServer;

function token(scopes: string, ttl = "10m"): Promise<string> {
  return mintDevelopmentToken(new TextEncoder().encode(SECRET), { scopes: scopes.split(" "), namespaces: ["default"], ttl, subject: `dashboard-test (${scopes})` });
}

describe.skipIf(chromiumCheck.skip)(chromiumCheck.title("Dashboard in headless Chromium"), () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let adminToken: string;
  let jobs: Client<typeof JobService>;
  let admin: Client<typeof AdminService>;
  let workflows: Client<typeof WorkflowService>;
  let schedules: Client<typeof ScheduleService>;
  const pageErrors: string[] = [];
  const workers = useWorkers(() => dashboardServer.url);
  let workerToken: string;

  beforeAll(async () => {
    chromiumCheck.assertAvailable();
    const { dir } = await built;
    dashboardServer = await installation.startServer({ dashboardDir: dir });
    adminToken = await token("admin");
    workerToken = await token("worker");
    const transport = createGrpcTransport({ baseUrl: dashboardServer.url, interceptors: [(next) => (req) => (req.header.set("authorization", `Bearer ${adminToken}`), next(req))] });
    jobs = createClient(JobService, transport);
    admin = createClient(AdminService, transport);
    workflows = createClient(WorkflowService, transport);
    schedules = createClient(ScheduleService, transport);
    await mkdir(SCREENSHOTS, { recursive: true });
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1360, height: 900 } });
    // Generous: the machine may be busy, and each step waits for an event, never for a fixed time.
    context.setDefaultTimeout(60_000);
    page = await context.newPage();
    page.on("pageerror", (error) => pageErrors.push(String(error)));
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await (await built).remove();
  });

  async function signIn(p: Page, tokenText: string, path = "/") {
    await p.goto(`${dashboardServer.url}${path}`);
    await p.getByLabel("Token").fill(tokenText);
    await p.getByRole("button", { name: "Use this token" }).click();
    await p.locator("header.top").waitFor();
  }

  const shot = (name: string, p: Page = page) => p.screenshot({ path: `${SCREENSHOTS}${name}.png`, fullPage: true });

  it("serves the page at / with caching headers, and index.html for client routes; the API keeps its paths", async () => {
    const index = await fetch(`${dashboardServer.url}/`);
    expect(index.status).toBe(200);
    expect(index.headers.get("cache-control")).toBe("no-cache");
    const html = await index.text();
    const asset = /src="(\/assets\/[^"]+\.js)"/.exec(html)![1]!;
    const script = await fetch(`${dashboardServer.url}${asset}`);
    expect(script.status).toBe(200);
    expect(script.headers.get("cache-control")).toContain("immutable");
    const route = await fetch(`${dashboardServer.url}/jobs/0190d8a4-0000-7000-8000-000000000000`);
    expect(route.status).toBe(200);
    expect(await route.text()).toBe(html);
    expect((await fetch(`${dashboardServer.url}/assets/gone-123.js`)).status).toBe(404);
    // Only the page's own routes fall back to it; other paths stay unknown.
    expect((await fetch(`${dashboardServer.url}/no-such-thing`)).status).toBe(404);
    expect((await fetch(`${dashboardServer.url}/healthz`)).status).toBe(200);
  });

  it("asks for a token, then lists submitted jobs and follows them live as a worker runs them", async () => {
    await page.goto(`${dashboardServer.url}/jobs?queue=dash-live`);
    await page.getByLabel("Token").waitFor();
    await shot("sign-in");
    await page.getByLabel("Token").fill(adminToken);
    await page.getByRole("button", { name: "Use this token" }).click();
    const submitted = await jobs.submitJobs({ jobs: [1, 2, 3].map((n) => ({ queue: "dash-live", type: "greet", payload: jsonPayload({ n }), labels: { batch: "live" } })) });
    const ids = submitted.jobs.map((j) => j.id);
    const rows = page.locator("[data-testid=jobs-table] tbody tr");
    await expect.poll(() => rows.count(), { timeout: 60_000 }).toBe(3);
    expect(await page.locator("[data-testid=jobs-table] tbody tr[data-state=READY]").count()).toBe(3);
    await shot("jobs-ready");

    await workers.start({ token: workerToken, queues: ["dash-live"], workerId: "dash-worker-1", concurrency: 4, labels: { host: "test" } }, (w) => w.handle("greet", async () => ({ ok: true })));
    for (const id of ids) await waitForState(jobs, id, JobState.SUCCEEDED, 60_000);
    await page.locator("[data-testid=jobs-table] tbody tr[data-state=SUCCEEDED]").nth(2).waitFor({ timeout: 60_000 });
    expect(await page.locator("[data-testid=jobs-table] tbody tr[data-state=SUCCEEDED]").count()).toBe(3);
    await shot("jobs");

    // Keyboard: the first row takes focus, Enter opens the job.
    await rows.first().focus();
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("Enter");
    await page.getByRole("heading", { name: /^Job / }).waitFor();
    expect(page.url()).toContain(`/jobs/${ids[1]}`);
    await page.getByText('"n": 2').waitFor();

    await page.getByRole("link", { name: "Workers" }).click();
    await page.locator("[data-worker=dash-worker-1]").waitFor();
    await shot("workers");
    await page.getByRole("link", { name: "Overview" }).click();
    await page.locator("[data-queue=dash-live]").waitFor();
    await page.locator("figure svg").first().waitFor();
    await shot("overview");
  });

  it("shows a DEAD job's attempts and errors, and redriving it from the dead letters makes it run", async () => {
    let healed = false;
    await workers.start({ token: workerToken, queues: ["dash-dead"], workerId: "dash-worker-2" }, (w) =>
      w.handle("flaky", async (ctx) => {
        if (!healed) throw new Error(`boom on attempt ${ctx.attempt}`);
        return { healed: true };
      }),
    );
    const { job } = await jobs.submitJob({ job: { queue: "dash-dead", type: "flaky", maxAttempts: 2, backoff: { initial: { nanos: 10_000_000 } }, payload: { kind: { case: "binary", value: new Uint8Array([0xca, 0xfe, 0x00, 0x41]) } } } });
    await waitForState(jobs, job!.id, JobState.DEAD, 60_000);

    await page.goto(`${dashboardServer.url}/jobs/${job!.id}`);
    const attempts = page.locator("[data-testid=attempts] tbody tr");
    await expect.poll(() => attempts.count(), { timeout: 60_000 }).toBe(2);
    expect(await attempts.nth(0).innerText()).toContain("boom on attempt 1");
    expect(await attempts.nth(1).innerText()).toContain("boom on attempt 2");
    await page.getByText("Binary, 4 bytes").waitFor();
    await page.getByText("ca fe 00 41").waitFor();
    await shot("job-dead");

    healed = true;
    await page.getByRole("link", { name: "Dead letters" }).click();
    const group = page.locator('tbody[data-group="dash-dead/flaky"]');
    await group.waitFor();
    await shot("dead-letters");
    await group.getByRole("checkbox").first().check();
    await page.getByRole("button", { name: "Redrive selected (1)" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Redrive selected (1)" }).click();
    await page.getByText("1 job moved to READY").waitFor();
    const revived = await waitForState(jobs, job!.id, JobState.SUCCEEDED, 60_000);
    expect(revived.attempts.at(-1)?.outcome).toBeDefined();
  });

  it("pausing a queue in the page stops leasing, as the API shows; resuming lets it run", async () => {
    const release = deferred();
    await workers.start({ token: workerToken, queues: ["dash-pause"], workerId: "dash-worker-3", concurrency: 2 }, (w) => w.handle("hold", async () => release.promise.then(() => ({}))));
    await jobs.submitJob({ job: { queue: "dash-pause", type: "warmup" } }).then(({ job }) => jobs.cancelJob({ id: job!.id }));
    await page.goto(`${dashboardServer.url}/queues`);
    const row = page.locator("tr[data-queue=dash-pause]");
    await row.getByRole("button", { name: "Pause" }).click();
    await page.getByRole("dialog", { name: "Pause" }).getByRole("button", { name: "Pause" }).click();
    await row.getByText("paused").waitFor();
    expect((await admin.getQueue({ queue: "dash-pause" })).queue?.paused).toBe(true);
    await shot("queues");

    const { job } = await jobs.submitJob({ job: { queue: "dash-pause", type: "hold" } });
    // The worker has room and is connected; the job must still be READY a while later.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect((await jobs.getJob({ id: job!.id })).job?.state).toBe(JobState.READY);
    // The positive control: the same worker takes it as soon as the page resumes the queue.
    await row.getByRole("button", { name: "Resume" }).click();
    await waitForState(jobs, job!.id, JobState.RUNNING, 60_000);
    expect((await admin.getQueue({ queue: "dash-pause" })).queue?.paused).toBe(false);
    release.resolve();
    await waitForState(jobs, job!.id, JobState.SUCCEEDED, 60_000);
  });

  it("draws every task of a workflow and recolours them as they finish", async () => {
    const gate = deferred();
    await workers.start({ token: workerToken, queues: ["dash-flow"], workerId: "dash-worker-4", concurrency: 8 }, (w) => w.handle("step", async () => gate.promise.then(() => ({}))));
    const names = ["extract", "clean", "enrich", "join", "report", "notify"];
    const { workflow } = await workflows.submitWorkflow({
      workflow: {
        name: "nightly etl",
        tasks: [
          task("extract", [], "dash-flow"),
          task("clean", ["extract"], "dash-flow"),
          task("enrich", ["extract"], "dash-flow"),
          task("join", ["clean", "enrich"], "dash-flow"),
          task("report", ["join"], "dash-flow"),
          task("notify", ["report"], "dash-flow"),
        ],
      },
    });
    await page.goto(`${dashboardServer.url}/workflows/${workflow!.id}`);
    await page.locator("[data-testid=dag]").waitFor({ timeout: 60_000 });
    await expect.poll(() => page.locator(".react-flow__node").count(), { timeout: 60_000 }).toBe(names.length);
    for (const name of names) await page.locator(`.dag-node[data-task="${name}"]`).waitFor();
    expect(await page.locator('.dag-node[data-task="notify"]').getAttribute("data-state")).toBe("BLOCKED");
    await page.locator('.dag-node[data-task="extract"][data-state=RUNNING]').waitFor({ timeout: 60_000 });
    await shot("workflow-running");

    gate.resolve();
    await expect.poll(() => page.locator(".dag-node[data-state=SUCCEEDED]").count(), { timeout: 60_000 }).toBe(names.length);
    await page.getByRole("heading", { name: /nightly etl/ }).getByText("succeeded").waitFor({ timeout: 60_000 });
    await shot("workflow");
    await page.locator('.react-flow__node[data-id="report"]').click();
    await page.getByRole("heading", { name: /^Job / }).waitFor();
    await page.getByText("task report").waitFor();

    await page.getByRole("link", { name: "Workflows" }).click();
    await page.locator(`[data-workflow-id="${workflow!.id}"]`).waitFor();
    await shot("workflows");
    await page.emulateMedia({ colorScheme: "dark" });
    await page.goto(`${dashboardServer.url}/workflows/${workflow!.id}`);
    await expect.poll(() => page.locator(".dag-node[data-state=SUCCEEDED]").count(), { timeout: 60_000 }).toBe(names.length);
    await shot("workflow-dark");
    await page.emulateMedia({ colorScheme: "light" });
  });

  it("creates a schedule from a form whose cron expression the server checks as it is typed", async () => {
    await page.goto(`${dashboardServer.url}/schedules`);
    await page.getByText("No schedules in namespace default").waitFor();
    await page.getByLabel("Name", { exact: true }).fill("hourly-report");
    await page.getByLabel("Queue").fill("dash-cron");
    await page.getByLabel("Job type").fill("report");
    await page.getByLabel("Time zone").fill("Europe/Paris");
    await page.getByLabel("Cron expression").fill("61 * * * *");
    const check = page.getByTestId("schedule-check");
    await expect.poll(() => check.innerText(), { timeout: 60_000 }).toMatch(/^schedule\.cron: /);
    expect(await page.getByRole("button", { name: "Create schedule" }).isDisabled()).toBe(true);
    await page.getByLabel("Cron expression").fill("0 * * * *");
    await expect.poll(() => check.innerText(), { timeout: 60_000 }).toContain("Valid. First fire:");
    await page.getByRole("button", { name: "Create schedule" }).click();
    await page.locator("tr[data-schedule=hourly-report]").waitFor();
    expect(await page.locator("tr[data-schedule=hourly-report]").innerText()).toContain("(Europe/Paris)");
    const listed = await schedules.listSchedules({});
    expect(listed.schedules.map((s) => [s.spec?.name, s.spec?.cron, s.spec?.timezone])).toEqual([["hourly-report", "0 * * * *", "Europe/Paris"]]);
    await shot("schedules");
  });

  it("shows a read-only token its admin and write actions disabled, with the reason", async () => {
    const { job } = await jobs.submitJob({ job: { queue: "dash-readonly", type: "idle" } });
    const readOnly = await browser.newContext({ viewport: { width: 1360, height: 900 } });
    readOnly.setDefaultTimeout(60_000);
    try {
      const p = await readOnly.newPage();
      await signIn(p, await token("jobs:read"), `/jobs/${job!.id}`);
      const cancel = p.getByRole("button", { name: "Cancel job" });
      await cancel.waitFor();
      expect(await cancel.isDisabled()).toBe(true);
      await p.getByText('Your token lacks the "jobs:write" scope (or admin).').first().waitFor();
      await p.getByRole("link", { name: /Queues/ }).click();
      await p.getByText("Permission denied: this page needs a token with the admin scope").waitFor();
      await shot("read-only-queues", p);
      expect((await jobs.getJob({ id: job!.id })).job?.state).toBe(JobState.READY);
    } finally {
      await readOnly.close();
    }
  });

  it("asks for a token again once the one in use has expired", async () => {
    const shortLived = await browser.newContext();
    shortLived.setDefaultTimeout(60_000);
    try {
      const p = await shortLived.newPage();
      // Long enough to sign in on a busy machine (the prompt refuses an expired token outright).
      await signIn(p, await token("admin", "15s"), "/jobs");
      await p.getByRole("heading", { name: "Jobs" }).waitFor();
      await p.getByText(/Your token expired at/).waitFor({ timeout: 60_000 });
      await p.getByLabel("Token").waitFor();
      await shot("token-expired", p);
      // sessionStorage no longer holds it: a reload asks too.
      await p.reload();
      await p.getByLabel("Token").waitFor();
    } finally {
      await shortLived.close();
    }
  });

  it("shows a job that no longer exists plainly", async () => {
    await page.goto(`${dashboardServer.url}/jobs/0190d8a4-0000-7000-8000-000000000000`);
    await page.getByText("This job no longer exists in namespace default").waitFor();
    await shot("job-missing");
  });

  it("raised no uncaught errors in the page", () => {
    expect(pageErrors).toEqual([]);
  });
}, 180_000);

