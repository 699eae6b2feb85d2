// The packages as a user installs them, outside the repository: `npm run build:packages` builds
// @conveyor/client and @conveyor/worker-sdk to JavaScript and packs them; the tarballs go into an
// empty project under the OS temp directory, installed and run with the machine's node (Node 20 on
// Debian 12, where the repository itself needs 22.18), a worker and a submit against a live server.
// The Python client is installed with pip into a virtual environment, as its README says.
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { mintDevelopmentToken } from "../server/src/auth/index.ts";
import { checkToolchain, describeRun, run, startProcess } from "./support/client-toolchains.ts";
import { useConveyor } from "./support/conveyor-harness.ts";

const repoRoot = fileURLToPath(new URL("../", import.meta.url));
const secret = randomBytes(32).toString("base64url");
const { server } = useConveyor({ authMode: "jwt", authHs256Secret: secret });
const mint = (scopes: string) => mintDevelopmentToken(new TextEncoder().encode(secret), { scopes: scopes.split(" "), namespaces: ["default"], ttl: "30m", subject: "packages-test" });

/** The machine's node and npm when they exist (Debian's Node 20), else the ones running the tests. */
const systemNode = existsSync("/usr/bin/node") && existsSync("/usr/bin/npm") ? { node: "/usr/bin/node", npm: "/usr/bin/npm" } : { node: process.execPath, npm: "npm" };

const WORKER = `
import { createWorker } from "@conveyor/worker-sdk";
// url from CONVEYOR_URL, token from CONVEYOR_TOKEN_FILE: the SDK's environment defaults.
const worker = createWorker({ queues: ["packaged"], logger: { child() { return this; }, debug() {}, info() {}, warn() {}, error: console.error } });
worker.handle("greet", async (job) => ({ greeting: "hello " + job.payload.name, node: process.version }));
worker.on("connection", (state) => state === "connected" && console.log("connected"));
worker.installSignalHandlers();
await worker.run();
`;

const SUBMIT = `
import { createConveyorClient, jsonPayload, payloadJson, stateName, isTerminal } from "@conveyor/client";
const conveyor = createConveyorClient(process.env.CONVEYOR_URL, { token: process.env.CONVEYOR_TOKEN });
const { job } = await conveyor.jobs.submitJob({ job: { queue: "packaged", type: "greet", payload: jsonPayload({ name: "Ada" }) } });
for await (const update of conveyor.jobs.watchJob({ id: job.id })) {
  if (isTerminal(update.job.state)) {
    console.log(JSON.stringify({ state: stateName(update.job.state), result: payloadJson(update.job.result) }));
    break;
  }
}
conveyor.close();
`;

describe("the npm packages, installed from their tarballs into an empty project", () => {
  let project: string;

  beforeAll(async () => {
    const built = execFileSync(process.execPath, [join(repoRoot, "scripts/build-packages.ts")], { cwd: repoRoot, encoding: "utf8" }).trim().split("\n");
    const tarballs = built.filter((line) => line.endsWith(".tgz"));
    expect(tarballs).toHaveLength(2);
    project = mkdtempSync(join(tmpdir(), "conveyor-user-app-"));
    writeFileSync(join(project, "package.json"), JSON.stringify({ name: "user-app", private: true, type: "module" }));
    writeFileSync(join(project, "worker.js"), WORKER);
    writeFileSync(join(project, "submit.js"), SUBMIT);
    const install = await run(systemNode.npm, ["install", "--no-audit", "--no-fund", ...tarballs], {
      cwd: project,
      timeoutMs: 180_000,
      env: { ...process.env, PATH: `/usr/bin:${process.env["PATH"]}` },
    });
    expect(install.code, describeRun("npm install", install)).toBe(0);
  }, 300_000);

  it("ships JavaScript and declarations, no TypeScript sources", () => {
    for (const file of ["@conveyor/client/index.js", "@conveyor/client/index.d.ts", "@conveyor/client/gen/conveyor/v1/job_pb.js", "@conveyor/worker-sdk/index.js", "@conveyor/worker-sdk/index.d.ts"]) {
      expect(existsSync(join(project, "node_modules", file)), file).toBe(true);
    }
    expect(existsSync(join(project, "node_modules/@conveyor/client/index.ts"))).toBe(false);
  });

  it(`a worker and a submit run on ${systemNode.node === "/usr/bin/node" ? "the machine's node" : "node"} against a live server`, async () => {
    const tokenFile = join(project, "worker-token");
    writeFileSync(tokenFile, (await mint("worker")) + "\n");
    const env = { PATH: process.env["PATH"], HOME: process.env["HOME"], CONVEYOR_URL: server().url };
    const worker = startProcess(systemNode.node, ["worker.js"], { cwd: project, env: { ...env, CONVEYOR_TOKEN_FILE: tokenFile } });
    try {
      await worker.waitForLine(/^connected$/, 30_000);
      const submit = await run(systemNode.node, ["submit.js"], { cwd: project, env: { ...env, CONVEYOR_TOKEN: await mint("jobs:write jobs:read") }, timeoutMs: 60_000 });
      expect(submit.code, describeRun("submit.js", submit)).toBe(0);
      const outcome = JSON.parse(submit.stdout.trim()) as { state: string; result: { greeting: string; node: string } };
      expect(outcome.state).toBe("SUCCEEDED");
      expect(outcome.result.greeting).toBe("hello Ada");
      if (systemNode.node === "/usr/bin/node") expect(outcome.result.node).toBe(execFileSync("/usr/bin/node", ["--version"], { encoding: "utf8" }).trim());
    } finally {
      worker.kill();
      await worker.exited;
    }
  }, 120_000);
});

const PYTHON = "/usr/bin/python3";
const python = checkToolchain("Python", [
  { path: PYTHON, debianPackage: "python3" },
  { path: "/usr/lib/python3/dist-packages/grpc/__init__.py", debianPackage: "python3-grpcio" },
  { path: "/usr/lib/python3/dist-packages/google/protobuf/__init__.py", debianPackage: "python3-protobuf" },
  { path: "/usr/lib/python3.11/ensurepip/__init__.py", debianPackage: "python3-venv" },
]);

describe.skipIf(python.skip)(python.title("the Python client, pip-installed into a virtual environment"), () => {
  it("installs with pip and submits a job", async () => {
    python.assertAvailable();
    const scratch = mkdtempSync(join(tmpdir(), "conveyor-venv-"));
    const venv = join(scratch, "venv");
    // --system-site-packages: Debian's grpcio and protobuf satisfy the dependencies, no PyPI needed.
    const made = await run(PYTHON, ["-m", "venv", "--system-site-packages", venv], { timeoutMs: 60_000 });
    expect(made.code, describeRun("venv", made)).toBe(0);
    // A copy: pip builds in the source tree, which would leave build/ and *.egg-info in clients/.
    execFileSync("cp", ["-r", join(repoRoot, "clients/python"), join(scratch, "source")]);
    const install = await run(join(venv, "bin/pip"), ["install", "--no-build-isolation", "--disable-pip-version-check", "--quiet", join(scratch, "source")], {
      timeoutMs: 120_000,
      env: { ...process.env, PIP_ROOT_USER_ACTION: "ignore" },
    });
    expect(install.code, describeRun("pip install", install)).toBe(0);
    const target = server().url.replace(/^http:\/\//, "");
    // Nothing serves py-packaged: the example prints the submit and READY, then waits to be stopped.
    const example = startProcess(join(venv, "bin/python"), [join(repoRoot, "clients/python/examples/submit_and_watch.py"), target, "py-packaged"], {
      cwd: scratch, // not the repository: the package must come from the venv
      env: { PATH: process.env["PATH"], CONVEYOR_TOKEN: await mint("jobs:write jobs:read") },
    });
    try {
      await example.waitForLine(/^submitted [0-9a-f-]{36}$/, 60_000);
      await example.waitForLine(/READY/, 30_000);
    } finally {
      example.kill();
      await example.exited;
    }
  }, 240_000);
});
