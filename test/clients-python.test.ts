// The generated Python client (clients/python) against a live server, under Debian's /usr/bin/python3
// with python3-grpcio and python3-protobuf: the package is installed from its pyproject.toml with
// pip (--target, into a temporary directory), then clients/python/tests/test_live.py runs with
// unittest. It submits, watches to completion, checks RpcError codes, and runs the example worker,
// which uses WorkerService Lease / Complete / Fail directly. Each Python test is reported here as
// one vitest test; the server's database is then checked for what the Python worker did. Last, the
// two examples run against a second server with authentication on, with and without CONVEYOR_TOKEN.
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServerWithAuth, type ServerWithAuth } from "./support/auth-server.ts";
import { checkToolchain, describeRun, run, startProcess, type RunResult } from "./support/client-toolchains.ts";
import { useConveyor } from "./support/conveyor-harness.ts";

const PYTHON = "/usr/bin/python3"; // not the `python3` first on PATH, which does not see Debian's dist-packages
const clientDir = fileURLToPath(new URL("../clients/python", import.meta.url));
const examplesDir = join(clientDir, "examples");

const python = checkToolchain("Python", [
  { path: PYTHON, debianPackage: "python3" },
  { path: "/usr/lib/python3/dist-packages/grpc/__init__.py", debianPackage: "python3-grpcio" },
  { path: "/usr/lib/python3/dist-packages/google/protobuf/__init__.py", debianPackage: "python3-protobuf" },
  { path: "/usr/lib/python3/dist-packages/pip/__init__.py", debianPackage: "python3-pip" },
  { path: "/usr/lib/python3/dist-packages/setuptools/__init__.py", debianPackage: "python3-setuptools" },
]);

/** The tests of clients/python/tests/test_live.py; each must run and pass. */
const PYTHON_TESTS = [
  "test_a_handler_error_is_reported_with_fail",
  "test_an_unknown_job_is_not_found_on_get_and_on_watch",
  "test_bad_input_is_a_grpc_error_with_invalid_argument",
  "test_submit_and_watch_until_the_python_worker_completes_it",
  "test_the_examples_end_to_end",
  "test_worker_protocol_errors",
];

const { installation, server } = useConveyor();

describe.skipIf(python.skip)(python.title("Python client (grpcio, generated stubs)"), () => {
  let scratch: string;
  /** Where pip installed the package. */
  let target: string;
  let install: RunResult;
  let unittest: RunResult;
  const outcomes = new Map<string, string>();

  beforeAll(async () => {
    python.assertAvailable();
    scratch = mkdtempSync(join(tmpdir(), "conveyor-python-"));
    // pip builds in the source tree; a copy keeps build/ and *.egg-info out of clients/.
    const source = join(scratch, "source");
    target = join(scratch, "site");
    cpSync(clientDir, source, { recursive: true, filter: (path) => !path.includes("__pycache__") });
    install = await run(
      PYTHON,
      ["-m", "pip", "install", "--no-deps", "--no-build-isolation", "--no-index", "--disable-pip-version-check", "--quiet", "--target", target, source],
      { timeoutMs: 60_000, env: { ...process.env, PIP_ROOT_USER_ACTION: "ignore" } },
    );
    if (install.code !== 0) return;
    unittest = await run(PYTHON, ["-m", "unittest", "-v", "test_live"], {
      cwd: join(clientDir, "tests"),
      timeoutMs: 45_000,
      env: {
        ...process.env,
        // The installed package, and nothing from the source tree: that is what a user imports.
        PYTHONPATH: target,
        PYTHONDONTWRITEBYTECODE: "1",
        PYTHONUNBUFFERED: "1",
        CONVEYOR_TARGET: new URL(server().url).host,
      },
    });
    // "test_x (test_live.LiveServerTest.test_x) ... ok"
    for (const match of unittest.stderr.matchAll(/^(test_\w+) \([\w.]+\) \.\.\. (.+)$/gm)) outcomes.set(match[1]!, match[2]!);
  }, 120_000);

  afterAll(() => {
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  it("installs from pyproject.toml with pip, as the import package conveyor.v1", () => {
    expect(install.code, describeRun("pip install", install)).toBe(0);
  });

  it("runs the whole unittest suite, and it passes", () => {
    expect(unittest, "the suite did not run (see the pip install test)").toBeDefined();
    expect(unittest.code, describeRun("python3 -m unittest", unittest)).toBe(0);
    expect(unittest.stderr).toMatch(new RegExp(`^Ran ${PYTHON_TESTS.length} tests in `, "m"));
    expect([...outcomes.keys()].sort()).toEqual(PYTHON_TESTS);
  });

  for (const name of PYTHON_TESTS) {
    it(`python: ${name.replace(/^test_/, "").replaceAll("_", " ")}`, () => {
      expect(outcomes.get(name), unittest ? describeRun("python3 -m unittest", unittest) : "the suite did not run").toBe("ok");
    });
  }

  it("left the jobs the Python worker ran in the database, with its worker id", async () => {
    const rows = await installation.sql<{ state: string; worker_id: string; outcome: string }>(
      `select j.state, a.worker_id, a.outcome
         from jobs j join job_attempts a on a.job_id = j.id
        where j.namespace = 'python' and j.queue like 'py-watch-%'`,
    );
    expect(rows).toEqual([{ state: "SUCCEEDED", worker_id: "python-test-worker", outcome: "SUCCEEDED" }]);
    // The example sends a log line and its progress (JobReports) before it completes the job.
    const reports = await installation.sql<{ message: string; progress_percent: number }>(
      `select l.message, r.progress_percent
         from jobs j join job_logs l on l.job_id = j.id join job_reports r on r.job_id = j.id
        where j.namespace = 'python' and j.queue like 'py-watch-%'`,
    );
    expect(reports).toEqual([{ message: "handled by the Python example worker", progress_percent: 100 }]);
  });

  describe("the examples against a server with authentication on", () => {
    let secured: ServerWithAuth;
    beforeAll(async () => {
      secured = await startServerWithAuth(installation);
    });

    /** How a user runs an example: the installed package, and CONVEYOR_TOKEN only when given one. */
    const exampleEnv = (token: string | undefined): NodeJS.ProcessEnv => ({
      ...process.env,
      PYTHONPATH: target,
      PYTHONDONTWRITEBYTECODE: "1",
      PYTHONUNBUFFERED: "1",
      CONVEYOR_TOKEN: token, // undefined drops one this process inherited
    });
    const exampleArgs = (script: string, ...args: string[]) => [join(examplesDir, script), new URL(secured.server.url).host, ...args];

    it("send CONVEYOR_TOKEN on every call: the worker's Lease stream and Complete, the submitter's SubmitJob and WatchJob stream", async () => {
      const queue = `py-token-${Date.now()}`;
      const submitter = startProcess(PYTHON, exampleArgs("submit_and_watch.py", queue), { env: exampleEnv(await secured.token("jobs:write jobs:read")) });
      const worker = startProcess(PYTHON, exampleArgs("worker.py", queue, "--jobs", "1"), { env: exampleEnv(await secured.token("worker")) });
      try {
        const submitted = await submitter.waitForLine(/^submitted /, 10_000);
        const submitterResult = await submitter.exited;
        expect(submitterResult.code, describeRun("submit_and_watch.py", submitterResult)).toBe(0);
        expect(submitter.lines.filter(Boolean).slice(-3)).toEqual(["JOB_STATE_RUNNING", "JOB_STATE_SUCCEEDED", 'result {"subject": "HELLO", "to": "ADA@EXAMPLE.COM"}']);
        expect(submitter.lines[0]).toBe(submitted);
        const workerResult = await worker.exited;
        expect(workerResult.code, describeRun("worker.py", workerResult)).toBe(0);
        expect(worker.lines.filter(Boolean)).toEqual(["worker ready", "worker ran 1 jobs"]);
      } finally {
        submitter.kill();
        worker.kill();
      }
    });

    it("fail with UNAUTHENTICATED, and say so, without CONVEYOR_TOKEN", async () => {
      const [submitter, worker] = await Promise.all([
        run(PYTHON, exampleArgs("submit_and_watch.py", "py-no-token"), { env: exampleEnv(undefined), timeoutMs: 15_000 }),
        run(PYTHON, exampleArgs("worker.py", "py-no-token", "--jobs", "1"), { env: exampleEnv(undefined), timeoutMs: 15_000 }),
      ]);
      expect(submitter.code, describeRun("submit_and_watch.py", submitter)).toBe(1);
      expect(submitter.stderr).toMatch(/^UNAUTHENTICATED: no token/m);
      expect(worker.code, describeRun("worker.py", worker)).toBe(1);
      expect(worker.stderr).toMatch(/^UNAUTHENTICATED: no token/m);
    });
  });
});
