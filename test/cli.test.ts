// The `conveyor` CLI, run as a child process against a live server with authentication on: every
// command in both output modes, the exit statuses of docs/cli.md, usage errors, a missing token and
// an unreachable server.
import { randomBytes } from "node:crypto";
import { writeFileSync } from "node:fs";
import { createServer, type AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { NonRetryableError } from "@conveyor/worker-sdk";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { mintDevelopmentToken } from "../server/src/auth/index.ts";
import { freshCliConfigPath, runCli, type CliRun } from "./support/cli.ts";
import { useConveyor } from "./support/conveyor-harness.ts";
import { useWorkers } from "./support/execution.ts";

// Each test runs the CLI several times, each a process of its own: seconds apiece on a busy machine.
vi.setConfig({ testTimeout: 300_000 });

const secret = randomBytes(32).toString("base64url");
const { server } = useConveyor({ authMode: "jwt", authHs256Secret: secret });
const workers = useWorkers(() => server().url);

const mint = (scopes: string, namespaces = ["default"]) =>
  mintDevelopmentToken(new TextEncoder().encode(secret), { scopes: scopes.split(" "), namespaces, ttl: "30m", subject: "cli-test" });

let jobsToken: string;
let adminToken: string;
let workerToken: string;
let env: Record<string, string>;

beforeAll(async () => {
  [jobsToken, adminToken, workerToken] = await Promise.all([mint("jobs:write jobs:read"), mint("admin"), mint("worker")]);
  env = { CONVEYOR_URL: server().url, CONVEYOR_TOKEN: jobsToken, CONVEYOR_CLI_CONFIG: freshCliConfigPath() };
});

const cli = (args: string[], more: Record<string, string | undefined> = {}) => runCli(args, { env: { ...env, ...more } });
const admin = (args: string[]) => cli(args, { CONVEYOR_TOKEN: adminToken });

function expectExit(run: CliRun, code: number): void {
  expect(run.code, `exit status of conveyor (stdout: ${run.stdout}; stderr: ${run.stderr})`).toBe(code);
}

/** A worker for `queue` whose handlers succeed with {ok: true}, or fail for good on payload {fail: true}. */
async function startWorker(queue: string) {
  await workers.start({ queues: [queue], token: workerToken, concurrency: 4 }, (worker) => {
    (worker as { handle(type: string, handler: (job: { payload: Record<string, unknown> }) => Promise<unknown>): void }).handle("echo", async (job) => {
      if (job.payload["fail"]) throw new NonRetryableError("asked to fail");
      return { ok: true, got: job.payload };
    });
  });
}

describe("usage errors", () => {
  it("suggests the nearest command and exits 2", async () => {
    const run = await cli(["jbo", "list"]);
    expectExit(run, 2);
    expect(run.stderr).toContain("unknown command 'jbo'");
    expect(run.stderr).toContain("Did you mean job?");
  });

  it("suggests the nearest option and exits 2", async () => {
    const run = await cli(["job", "list", "--queu", "x"]);
    expectExit(run, 2);
    expect(run.stderr).toContain("Did you mean --queue?");
  });

  it("refuses an unknown output format, a missing argument and a bad duration before calling the server", async () => {
    const [format, missing, duration] = await Promise.all([
      cli(["job", "list", "-o", "xml"]),
      cli(["job", "get"]),
      cli(["job", "submit", "-q", "q", "-t", "echo", "--delay", "soon"]),
    ]);
    expectExit(format, 2);
    expect(format.stderr).toContain("Allowed choices are table, json, yaml");
    expectExit(missing, 2);
    expect(missing.stderr).toContain("missing required argument 'id'");
    expectExit(duration, 2);
    expect(duration.stderr).toContain('--delay: "soon" is not a duration');
  });
});

describe("connection", () => {
  it("without a token: UNAUTHENTICATED, exit 26, and a hint on how to get one", async () => {
    const run = await cli(["job", "list"], { CONVEYOR_TOKEN: undefined });
    expectExit(run, 26);
    expect(run.stderr).toContain("UNAUTHENTICATED");
    expect(run.stderr).toContain("no token was sent");
  });

  it("a token without the method's scope: PERMISSION_DENIED, exit 17", async () => {
    const run = await cli(["queue", "list"]);
    expectExit(run, 17);
    expect(run.stderr).toContain("PERMISSION_DENIED");
  });

  it("an unreachable server: UNAVAILABLE, exit 24, naming the URL and where it came from", async () => {
    const port = await closedPort();
    const [call, health] = await Promise.all([cli(["job", "list", "--url", `http://127.0.0.1:${port}`]), cli(["health"], { CONVEYOR_URL: `http://127.0.0.1:${port}` })]);
    expectExit(call, 24);
    expect(call.stderr).toContain(`http://127.0.0.1:${port} (from flag)`);
    expectExit(health, 24);
    expect(health.stderr).toContain("env CONVEYOR_URL");
  });

  it("takes each setting from flag, then environment, then profile; config show masks the token", async () => {
    const configFile = freshCliConfigPath();
    const tokenFile = join(tmpdir(), `conveyor-cli-token-${process.pid}`);
    writeFileSync(tokenFile, jobsToken + "\n");
    const only = { CONVEYOR_URL: undefined, CONVEYOR_TOKEN: undefined, CONVEYOR_CLI_CONFIG: configFile };
    expectExit(await cli(["config", "set-profile", "local", "--url", server().url, "--token-file", tokenFile, "--namespace", "from-profile", "--use"], only), 0);

    const fromProfile = (await cli(["config", "show", "-o", "json"], only)).json<{ url: string; namespace: string; token: string; sources: Record<string, string> }>();
    expect(fromProfile).toMatchObject({ url: server().url, namespace: "from-profile", token: `${jobsToken.slice(0, 4)}…(${jobsToken.length} chars)` });
    expect(fromProfile.sources.token).toContain(`token-file ${tokenFile}`);
    expect(JSON.stringify(fromProfile)).not.toContain(jobsToken);

    const fromEnv = (await cli(["config", "show", "-o", "yaml"], { ...only, CONVEYOR_NAMESPACE: "from-env" })).yaml<{ namespace: string; sources: Record<string, string> }>();
    expect(fromEnv.namespace).toBe("from-env");
    expect(fromEnv.sources.namespace).toBe("env CONVEYOR_NAMESPACE");

    const fromFlag = (await cli(["config", "show", "-o", "json", "-n", "from-flag"], { ...only, CONVEYOR_NAMESPACE: "from-env" })).json<{ namespace: string }>();
    expect(fromFlag.namespace).toBe("from-flag");

    // The profile's connection works: its token reaches the server.
    expectExit(await cli(["job", "list", "-n", "default"], only), 0);
    const unknown = await cli(["config", "show", "--profile", "nope"], only);
    expectExit(unknown, 2);
    expect(unknown.stderr).toContain('no profile "nope"');
  });
});

describe("job commands", () => {
  it("submit, get and list in table, JSON and YAML", async () => {
    const submitted = await cli(["job", "submit", "-q", "cli-table", "-t", "echo", "-p", '{"n": 1}', "--label", "team=cli", "--max-attempts", "2", "-o", "json"]);
    expectExit(submitted, 0);
    const { job, created } = submitted.json<{ job: { id: string; state: string; labels: Record<string, string>; maxAttempts: number }; created: boolean }>();
    expect(created).toBe(true);
    expect(job).toMatchObject({ state: "JOB_STATE_READY", labels: { team: "cli" }, maxAttempts: 2 });

    const table = await cli(["job", "get", job.id]);
    expectExit(table, 0);
    expect(table.stdout).toMatch(new RegExp(`id\\s+${job.id}`));
    expect(table.stdout).toContain('{"n":1}');
    expect(table.stdout).not.toContain("\u001b["); // no colours: stdout is not a terminal

    const yaml = (await cli(["job", "get", job.id, "-o", "yaml"])).yaml<{ id: string; payload: { json: { n: number } } }>();
    expect(yaml).toMatchObject({ id: job.id, payload: { json: { n: 1 } } });

    const listed = (await cli(["job", "list", "-q", "cli-table", "-s", "READY", "-o", "json"])).json<{ jobs: Array<{ id: string }> }>();
    expect(listed.jobs.map((j) => j.id)).toEqual([job.id]);
    const listTable = await cli(["job", "list", "-q", "cli-table"]);
    expect(listTable.stdout.split("\n")[0]).toMatch(/^ID\s+QUEUE\s+TYPE\s+STATE/);
    expect(listTable.stdout).toContain(job.id);

    const quiet = await cli(["job", "submit", "-q", "cli-table", "-t", "echo", "--quiet"]);
    expect(quiet.stdout.trim()).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("a job that does not exist: NOT_FOUND, exit 15", async () => {
    const run = await cli(["job", "get", "0190c5d2-0000-7000-8000-000000000000"]);
    expectExit(run, 15);
    expect(run.stderr).toContain("NOT_FOUND");
  });

  it("watch ends with the job's outcome as the exit status: 0 SUCCEEDED, 3 DEAD", async () => {
    await startWorker("cli-watch");
    const ok = await cli(["job", "submit", "-q", "cli-watch", "-t", "echo", "-p", "{}", "--wait"]);
    expectExit(ok, 0);
    expect(ok.stdout).toContain("submitted job");
    expect(ok.stdout.trim().split("\n").at(-1)).toBe("SUCCEEDED");

    const dead = await cli(["job", "submit", "-q", "cli-watch", "-t", "echo", "-p", '{"fail": true}', "--quiet"]);
    const watched = await cli(["job", "watch", dead.stdout.trim(), "-o", "json"]);
    expectExit(watched, 3);
    const updates = watched.stdout.trim().split("\n").map((line) => JSON.parse(line) as { job: { state: string; lastError?: string } });
    expect(updates.at(-1)!.job).toMatchObject({ state: "JOB_STATE_DEAD", lastError: expect.stringContaining("asked to fail") });
  });

  it("cancel, then watch exits 4; retry brings a cancelled job back", async () => {
    const id = (await cli(["job", "submit", "-q", "cli-idle", "-t", "echo", "--delay", "1h", "--quiet"])).stdout.trim();
    const cancelled = await cli(["job", "cancel", id, "--reason", "testing", "-o", "json"]);
    expectExit(cancelled, 0);
    expect(cancelled.json()).toMatchObject({ id, state: "JOB_STATE_CANCELLED" });
    expectExit(await cli(["job", "watch", id]), 4);
    const retried = await cli(["job", "retry", id, "-o", "yaml"]);
    expectExit(retried, 0);
    expect(retried.yaml<{ state: string }>().state).not.toBe("JOB_STATE_CANCELLED");
    const again = await cli(["job", "retry", id]);
    expect(again.code).toBeGreaterThan(10); // not DEAD or CANCELLED any more: the server refuses
  });
});

describe("dlq", () => {
  it("lists DEAD jobs, counts them in a dry run, and redrives them", async () => {
    await startWorker("cli-dlq");
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const run = await cli(["job", "submit", "-q", "cli-dlq", "-t", "echo", "-p", '{"fail": true}', "--max-attempts", "1", "--wait", "--quiet"]);
      expectExit(run, 3);
      ids.push(run.stdout.trim());
    }
    await workers.stopAll();

    const listed = (await cli(["dlq", "list", "-q", "cli-dlq", "-o", "json"])).json<{ jobs: Array<{ id: string; state: string }> }>();
    expect(listed.jobs.map((j) => j.id).sort()).toEqual([...ids].sort());
    expect((await cli(["dlq", "list", "-q", "cli-dlq"])).stdout).toContain("asked to fail");

    const dry = await cli(["dlq", "redrive", "-q", "cli-dlq", "--dry-run"]);
    expectExit(dry, 0);
    expect(dry.stdout).toContain("3 DEAD jobs would be retried (dry run)");
    expect((await cli(["dlq", "list", "-q", "cli-dlq", "-o", "json"])).json<{ jobs: unknown[] }>().jobs).toHaveLength(3);

    const redriven = await cli(["dlq", "redrive", "-q", "cli-dlq", "--batch-size", "2", "-o", "json"]);
    expectExit(redriven, 0);
    expect(redriven.json()).toEqual({ dryRun: false, matched: 3, retried: 3, failed: [] });
    expect((await cli(["dlq", "list", "-q", "cli-dlq", "-o", "json"])).json<{ jobs?: unknown[] }>().jobs ?? []).toHaveLength(0);
  });
});

describe("worker commands and job logs", () => {
  it("lists the connected workers (admin), prints a job's log lines, and runs the ready-made handlers", async () => {
    await workers.start({ queues: ["cli-logs"], token: workerToken, workerId: "cli-logger" }, (worker) => {
      (worker as { handle(type: string, handler: (job: unknown, ctx: { log(message: string, fields?: Record<string, unknown>): void }) => unknown): void }).handle(
        "chatty",
        (_job, ctx) => {
          ctx.log("first line", { step: 1 });
          ctx.log("second line");
          return {};
        },
      );
    });
    const listed = await admin(["worker", "list", "-o", "json"]);
    expectExit(listed, 0);
    expect(listed.json<{ workers: { workerId: string; queues: string[] }[] }>().workers).toContainEqual(
      expect.objectContaining({ workerId: "cli-logger", queues: ["cli-logs"] }),
    );
    const denied = await cli(["worker", "list"]);
    expectExit(denied, 10 + 7);

    const submitted = await cli(["job", "submit", "-q", "cli-logs", "-t", "chatty", "--wait", "--quiet"]);
    expectExit(submitted, 0);
    const id = submitted.stdout.trim();
    const logs = await cli(["job", "logs", id, "-o", "json"]);
    expectExit(logs, 0);
    expect(logs.json<{ lines: { message: string }[] }>().lines.map((line) => line.message)).toEqual(["first line", "second line"]);
    const table = await cli(["job", "logs", id]);
    expect(table.stdout).toContain("first line");
    expect(table.stdout).toContain('{"step":1}');

    // A worker process with the standard handlers runs a delayed_message job to SUCCEEDED.
    const stop = new AbortController();
    const running = runCli(["worker", "run", "--handlers", "standard", "-q", "cli-standard"], {
      env: { ...env, CONVEYOR_TOKEN: workerToken },
      timeoutMs: 240_000,
      signal: stop.signal,
    });
    try {
      const done = await cli(["job", "submit", "-q", "cli-standard", "-t", "DELAYED_MESSAGE", "-p", '{"message": "hello"}', "--wait", "-o", "json"]);
      expectExit(done, 0);
    } finally {
      stop.abort();
      await running;
    }
    const unknown = await cli(["worker", "run", "--handlers", "mine"], { CONVEYOR_TOKEN: workerToken });
    expectExit(unknown, 2);
    expect(unknown.stderr).toContain('the one set is "standard"');
  });
});

describe("workflow commands", () => {
  it("submit -f a YAML spec, watch the task tree to SUCCEEDED, get and list", async () => {
    await startWorker("cli-wf");
    const spec = join(tmpdir(), `conveyor-cli-workflow-${process.pid}.yaml`);
    writeFileSync(
      spec,
      [
        "name: cli-diamond",
        "tasks:",
        "  - { name: fetch, job: { queue: cli-wf, type: echo, payload: { json: { step: 1 } } } }",
        "  - { name: left, dependsOn: [fetch], job: { queue: cli-wf, type: echo } }",
        "  - { name: right, dependsOn: [fetch], job: { queue: cli-wf, type: echo } }",
        "  - { name: join, dependsOn: [left, right], job: { queue: cli-wf, type: echo } }",
        "",
      ].join("\n"),
    );
    const submitted = await cli(["workflow", "submit", "-f", spec, "--wait"]);
    expectExit(submitted, 0);
    // The final tree: each task under what it depends on, join drawn once in full.
    expect(submitted.stdout).toMatch(/fetch SUCCEEDED[^\n]*\n├─ left SUCCEEDED[^\n]*\n│  └─ join SUCCEEDED[^\n]*\n└─ right SUCCEEDED[^\n]*\n   └─ join \(above\)/);
    const id = /workflow (\S+)/.exec(submitted.stdout)![1]!;

    const got = (await cli(["workflow", "get", id, "-o", "json"])).json<{ id: string; state: string; tasks: unknown[] }>();
    expect(got).toMatchObject({ id, state: "WORKFLOW_STATE_SUCCEEDED" });
    expect(got.tasks).toHaveLength(4);
    const listed = (await cli(["workflow", "list", "-o", "yaml"])).yaml<{ workflows: Array<{ id: string }> }>();
    expect(listed.workflows.map((w) => w.id)).toContain(id);
    expect((await cli(["workflow", "list"])).stdout).toContain("cli-diamond");
  });

  it("cancel: watch exits 4; a bad spec file exits 2 naming the file", async () => {
    const spec = join(tmpdir(), `conveyor-cli-workflow-idle-${process.pid}.json`);
    writeFileSync(spec, JSON.stringify({ name: "idle", tasks: [{ name: "wait", job: { queue: "cli-nobody", type: "echo" } }] }));
    const id = (await cli(["workflow", "submit", "-f", spec, "--quiet"])).stdout.trim();
    const cancelled = await cli(["workflow", "cancel", id, "-o", "json"]);
    expectExit(cancelled, 0);
    expect(cancelled.json()).toMatchObject({ id, state: "WORKFLOW_STATE_CANCELLED" });
    expectExit(await cli(["workflow", "watch", id]), 4);

    writeFileSync(spec, JSON.stringify({ name: "typo", taskz: [] }));
    const bad = await cli(["workflow", "submit", "-f", spec]);
    expectExit(bad, 2);
    expect(bad.stderr).toContain(spec);
    expect(bad.stderr).toContain("taskz");
  });
});

describe("schedule commands", () => {
  it("create, get, list, update, pause, resume, trigger and delete", async () => {
    const created = await cli(["schedule", "create", "--name", "cli-nightly", "--cron", "30 2 * * *", "--timezone", "Europe/Paris", "-q", "cli-sched", "-t", "echo", "-p", '{"scope": "daily"}', "-o", "json"]);
    expectExit(created, 0);
    const schedule = created.json<{ id: string; nextRunAt: string; spec: { cron: string } }>();
    expect(schedule.spec.cron).toBe("30 2 * * *");
    const { id } = schedule;

    const table = await cli(["schedule", "get", id]);
    expect(table.stdout).toContain('cron "30 2 * * *" Europe/Paris');
    expect((await cli(["schedule", "list", "-o", "json"])).json<{ schedules: Array<{ id: string }> }>().schedules.map((s) => s.id)).toContain(id);
    expect((await cli(["schedule", "list"])).stdout).toContain("cli-nightly");

    const updated = (await cli(["schedule", "update", id, "--interval", "90s", "-o", "json"])).json<{ spec: { interval: string; cron?: string; job: { queue: string } } }>();
    expect(updated.spec).toMatchObject({ interval: "90s", job: { queue: "cli-sched" } });
    expect(updated.spec.cron).toBeUndefined();

    expect((await cli(["schedule", "pause", id, "-o", "json"])).json()).toMatchObject({ paused: true });
    expect((await cli(["schedule", "resume", id, "-o", "json"])).json<{ paused?: boolean }>().paused).toBeUndefined();
    const triggered = await cli(["schedule", "trigger", id, "-o", "json"]);
    expectExit(triggered, 0);
    expect(triggered.json()).toMatchObject({ queue: "cli-sched", type: "echo", scheduleId: id });

    expect((await cli(["schedule", "delete", id, "-o", "json"])).json()).toEqual({ id, deleted: true });
    expectExit(await cli(["schedule", "get", id]), 15);
  });
});

describe("queue commands (admin)", () => {
  it("list, get, pause, resume and set-limits", async () => {
    expectExit(await cli(["job", "submit", "-q", "cli-admin", "-t", "echo", "--quiet"]), 0);
    const listed = (await admin(["queue", "list", "-o", "json"])).json<{ queues: Array<{ name: string }> }>();
    expect(listed.queues.map((q) => q.name)).toContain("cli-admin");
    expect((await admin(["queue", "list"])).stdout).toMatch(/^QUEUE\s+STATUS\s+READY/);

    expect((await admin(["queue", "pause", "cli-admin", "-o", "json"])).json()).toMatchObject({ name: "cli-admin", paused: true });
    expect((await admin(["queue", "get", "cli-admin"])).stdout).toMatch(/status\s+paused/);
    expect((await admin(["queue", "resume", "cli-admin", "-o", "yaml"])).yaml<{ paused?: boolean }>().paused).toBeUndefined();

    const limited = await admin(["queue", "set-limits", "cli-admin", "--concurrency", "3", "--rate", "2.5", "-o", "json"]);
    expectExit(limited, 0);
    expect(limited.json()).toMatchObject({ concurrencyLimit: 3, rateLimit: 2.5 });
    const nothing = await admin(["queue", "set-limits", "cli-admin"]);
    expectExit(nothing, 2);
  });
});

describe("other commands", () => {
  it("health: the server's readiness, exit 0", async () => {
    const run = await cli(["health", "-o", "json"], { CONVEYOR_TOKEN: undefined });
    expectExit(run, 0);
    expect(run.json()).toMatchObject({ ready: true, postgres: "ok", rabbitmq: "ok" });
    expect((await cli(["health"])).stdout).toMatch(/ready\s+yes/);
  });

  it("token mints a token the server accepts", async () => {
    const secretFile = join(tmpdir(), `conveyor-cli-secret-${process.pid}`);
    writeFileSync(secretFile, secret + "\n");
    const minted = await cli(["token", "--scope", "jobs:read", "--namespace", "default"], { CONVEYOR_AUTH_HS256_SECRET_FILE: secretFile });
    expectExit(minted, 0);
    expectExit(await cli(["job", "list"], { CONVEYOR_TOKEN: minted.stdout.trim() }), 0);
  });

  it("completion scripts for bash, zsh and fish name the commands", async () => {
    const [bash, zsh, fish, other] = (await Promise.all(["bash", "zsh", "fish", "tcsh"].map((shell) => cli(["completion", shell])))) as [CliRun, CliRun, CliRun, CliRun];
    expect(bash.stdout).toContain('"job") words="submit get list watch cancel retry');
    expect(bash.stdout).toContain("complete -o default -F _conveyor conveyor");
    expect(zsh.stdout.startsWith("#compdef conveyor")).toBe(true);
    expect(fish.stdout).toContain("complete -c conveyor -n '__fish_seen_subcommand_from dlq' -a redrive");
    expectExit(other, 2);
  });
});

async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}
