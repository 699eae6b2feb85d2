// The generated Go client (clients/go) against a live server, built with Debian's Go 1.19 in GOPATH
// mode against Debian's grpc-go (golang-google-grpc-dev) and protobuf-go sources: a temporary
// GOPATH holds a copy of clients/go as conveyor.dev/clients/go, beside /usr/share/gocode. Everything is
// compiled once (go's build cache makes later runs fast): the generated package, the README's
// example and the test binary of clients/go/livetest, which then runs against this file's server
// (submit, get, WatchJob until cancelled, a Lease/Complete worker, error codes). Each Go test is
// reported here as one vitest test; the example program then runs as a user would run it, against
// this file's server and against a second one with authentication on, with and without a token.
import { cpSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectExampleToWatchWithToken, startServerWithAuth, type ServerWithAuth } from "./support/auth-server.ts";
import { checkToolchain, describeRun, run, startProcess, type RunResult } from "./support/client-toolchains.ts";
import { grpcClients } from "./support/clients.ts";
import { useConveyor } from "./support/conveyor-harness.ts";

const GO = "/usr/bin/go";
const IMPORT_PATH = "conveyor.dev/clients/go"; // go.mod's module, and the prefix of the protos' go_package
const clientDir = fileURLToPath(new URL("../clients/go", import.meta.url));

const go = checkToolchain("Go", [
  { path: GO, debianPackage: "golang-go" },
  { path: "/usr/share/gocode/src/google.golang.org/grpc/clientconn.go", debianPackage: "golang-google-grpc-dev" },
  { path: "/usr/share/gocode/src/google.golang.org/protobuf/proto/proto.go", debianPackage: "golang-google-protobuf-dev" },
  // grpc-go 1.33 marshals through github.com/golang/protobuf. Debian's grpc package is satisfied by
  // its 1.3 (apt's default pick), which crashes on protoc-gen-go 1.28 messages with oneofs; 1.4+
  // delegates to google.golang.org/protobuf. registry.go exists only from 1.4 on.
  { path: "/usr/share/gocode/src/github.com/golang/protobuf/proto/registry.go", debianPackage: "golang-github-golang-protobuf-1-5-dev" },
]);

/** The tests of clients/go/livetest; each must run and pass. */
const GO_TESTS = ["TestSubmitAndGet", "TestWatchJobStreamsUntilCancelled", "TestLeaseCompleteAndWatchToSuccess", "TestErrorsCarryTheServersCode"];

const { installation, server } = useConveyor();

describe.skipIf(go.skip)(go.title("Go client (grpc-go, generated stubs)"), () => {
  let scratch: string;
  let bin: string;
  let env: NodeJS.ProcessEnv;
  let build: RunResult;
  let compileTests: RunResult | undefined;
  let vet: RunResult | undefined;
  let tests: RunResult | undefined;
  const outcomes = new Map<string, string>();

  beforeAll(async () => {
    go.assertAvailable();
    scratch = mkdtempSync(join(tmpdir(), "conveyor-go-"));
    const gopath = join(scratch, "gopath");
    bin = join(scratch, "bin");
    mkdirSync(join(gopath, "src", "conveyor.dev", "clients"), { recursive: true });
    mkdirSync(bin);
    // A copy rather than a link: GOPATH mode does not follow a symlink for `...` patterns.
    cpSync(clientDir, join(gopath, "src", IMPORT_PATH), { recursive: true });
    env = {
      ...process.env,
      GO111MODULE: "off",
      GOPATH: `${gopath}:/usr/share/gocode`,
      GOFLAGS: "",
      // Kept between runs: the first build compiles grpc-go (~15 s on two cores), later ones reuse it.
      GOCACHE: process.env["GOCACHE"] ?? join(homedir(), ".cache", "go-build"),
    };
    const options = { cwd: join(gopath, "src", IMPORT_PATH), env, timeoutMs: 120_000, lowPriority: true };
    // The library, the example (its binary lands in bin/) and, with go test -c, the tests.
    build = await run(GO, ["build", "-o", `${bin}/`, `${IMPORT_PATH}/...`], options);
    if (build.code !== 0) return;
    compileTests = await run(GO, ["test", "-c", "-o", join(bin, "livetest.test"), `${IMPORT_PATH}/livetest`], options);
    if (compileTests.code !== 0) return;
    vet = await run(GO, ["vet", `${IMPORT_PATH}/...`], options);
    tests = await run(join(bin, "livetest.test"), ["-test.v", "-test.count=1"], {
      env: { ...env, CONVEYOR_TARGET: new URL(server().url).host },
      timeoutMs: 30_000,
    });
    for (const match of tests.stdout.matchAll(/^--- (PASS|FAIL|SKIP): (\w+) /gm)) outcomes.set(match[2]!, match[1]!);
  }, 180_000);

  afterAll(() => {
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  it("builds the generated package and the example with Debian's Go, in GOPATH mode", () => {
    expect(build.code, describeRun("go build", build)).toBe(0);
  });

  it("compiles the live tests", () => {
    expect(compileTests?.code, compileTests ? describeRun("go test -c", compileTests) : "not reached: the build failed").toBe(0);
  });

  it("passes go vet (generated code, example, tests)", () => {
    expect(vet?.code, vet ? describeRun("go vet", vet) : "not reached: the build failed").toBe(0);
  });

  it("runs every Go test against the server, and they pass", () => {
    expect(tests?.code, tests ? describeRun("livetest.test", tests) : "not reached: the build failed").toBe(0);
    expect([...outcomes.keys()].sort()).toEqual([...GO_TESTS].sort());
  });

  for (const name of GO_TESTS) {
    it(`go: ${name}`, () => {
      expect(outcomes.get(name), tests ? describeRun("livetest.test", tests) : "the tests did not run").toBe("PASS");
    });
  }

  it("runs the README's example program until the job it watches is cancelled", async () => {
    const queue = `go-example-${Date.now()}`;
    const example = startProcess(join(bin, "submit_and_watch"), [new URL(server().url).host, queue], { env });
    try {
      const submitted = await example.waitForLine(/^submitted /, 10_000);
      await example.waitForLine(/^JOB_STATE_READY$/, 10_000);
      const id = submitted.slice("submitted ".length);
      await grpcClients(server().url).jobs.cancelJob({ id, reason: "the example is done" });
      const result = await example.exited;
      expect(result.code, describeRun("submit_and_watch", result)).toBe(0);
      expect(example.lines.filter(Boolean)).toEqual([submitted, "JOB_STATE_READY", "JOB_STATE_CANCELLED"]);
    } finally {
      example.kill();
    }
  });

  describe("the example against a server with authentication on", () => {
    let secured: ServerWithAuth;
    beforeAll(async () => {
      secured = await startServerWithAuth(installation);
    });

    it("sends CONVEYOR_TOKEN on every call, WatchJob's stream included", async () => {
      await expectExampleToWatchWithToken(
        secured,
        (token) => startProcess(join(bin, "submit_and_watch"), [new URL(secured.server.url).host, `go-token-${Date.now()}`], { env: { ...env, CONVEYOR_TOKEN: token } }),
        { name: "submit_and_watch", states: ["JOB_STATE_READY", "JOB_STATE_CANCELLED"] },
      );
    });

    it("fails with Unauthenticated, and says so, without CONVEYOR_TOKEN", async () => {
      const result = await run(join(bin, "submit_and_watch"), [new URL(secured.server.url).host, "go-no-token"], {
        env: { ...env, CONVEYOR_TOKEN: undefined }, // undefined drops one this process inherited
        timeoutMs: 10_000,
      });
      expect(result.code, describeRun("submit_and_watch", result)).toBe(1);
      expect(result.stderr).toMatch(/Unauthenticated: no token/);
    });
  });
});
