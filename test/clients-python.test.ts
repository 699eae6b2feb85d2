// The generated Python client (clients/python) against a live server, under Debian's /usr/bin/python3
// with python3-grpcio and python3-protobuf: the package is installed from its pyproject.toml with
// pip (--target, into a temporary directory), then clients/python/tests/test_live.py runs with
// unittest. It submits, watches to completion, checks RpcError codes, and runs the example worker,
// which uses WorkerService Lease / Complete / Fail directly. Each Python test is reported here as
// one vitest test; the server's database is then checked for what the Python worker did.
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkToolchain, describeRun, run, type RunResult } from "./support/client-toolchains.ts";
import { useConveyor } from "./support/conveyor-harness.ts";

const PYTHON = "/usr/bin/python3"; // not the `python3` first on PATH, which does not see Debian's dist-packages
const clientDir = fileURLToPath(new URL("../clients/python", import.meta.url));

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
  let install: RunResult;
  let unittest: RunResult;
  const outcomes = new Map<string, string>();

  beforeAll(async () => {
    python.assertAvailable();
    scratch = mkdtempSync(join(tmpdir(), "conveyor-python-"));
    // pip builds in the source tree; a copy keeps build/ and *.egg-info out of clients/.
    const source = join(scratch, "source");
    const target = join(scratch, "site");
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
  });
});
