// The generated Java client (clients/java) with Debian's grpc-java: javac compiles the generated
// code, the README's example and clients/java/src/test/java (a framework-free live test) against the
// jars in /usr/share/java, then both run on the JVM over grpc-netty (Debian's libgrpc-java ships
// grpc-netty; libnetty-java, libperfmark-java and libgoogle-gson-java complete its runtime) against
// this file's server: submit, get, WatchJob until cancelled, error codes. The example also runs
// against a second server with authentication on, with and without a token.
//
// Compiling takes 7-15 s on two cores, so the classes are kept in the temporary directory under a
// hash of the sources and jars: a run with nothing changed reuses them.
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { expectExampleToWatchWithToken, startServerWithAuth, type ServerWithAuth } from "./support/auth-server.ts";
import { checkToolchain, describeRun, run, startProcess, type Requirement, type RunResult } from "./support/client-toolchains.ts";
import { grpcClients } from "./support/clients.ts";
import { useConveyor } from "./support/conveyor-harness.ts";

const JAVA_HOME_BIN = "/usr/lib/jvm/java-17-openjdk-amd64/bin";
const JAVAC = existsSync("/usr/bin/javac") ? "/usr/bin/javac" : join(JAVA_HOME_BIN, "javac");
const JAVA = existsSync("/usr/bin/java") ? "/usr/bin/java" : join(JAVA_HOME_BIN, "java");
const clientDir = fileURLToPath(new URL("../clients/java", import.meta.url));
const jar = (name: string) => `/usr/share/java/${name}.jar`;
/** Short-lived JVMs start and finish sooner on C1 alone: javac here takes ~7 s instead of ~12 s. */
const FAST_JVM = ["-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"];

/** Enough to compile the generated code: the API, stubs, protobuf marshalling, Guava, @Generated. */
const COMPILE_JARS: Requirement[] = [
  { path: jar("grpc-api"), debianPackage: "libgrpc-java" },
  { path: jar("grpc-stub"), debianPackage: "libgrpc-java" },
  { path: jar("grpc-protobuf"), debianPackage: "libgrpc-java" },
  { path: jar("grpc-protobuf-lite"), debianPackage: "libgrpc-java" },
  { path: jar("protobuf"), debianPackage: "libprotobuf-java" },
  { path: jar("guava"), debianPackage: "libguava-java" },
  // javax.annotation.Generated, which the grpc-java plugin puts on every stub and JDK 17 lacks.
  { path: jar("geronimo-annotation-1.3-spec"), debianPackage: "libgeronimo-annotation-1.3-spec-java" },
];

/** What a channel needs at run time: grpc-core and the Netty transport, with their dependencies. */
const RUNTIME_JARS: Requirement[] = [
  ...COMPILE_JARS.filter((requirement) => !requirement.path.includes("geronimo")),
  { path: jar("grpc-core"), debianPackage: "libgrpc-java" },
  { path: jar("grpc-context"), debianPackage: "libgrpc-java" },
  { path: jar("grpc-netty"), debianPackage: "libgrpc-java" },
  { path: jar("perfmark-api"), debianPackage: "libperfmark-java" },
  { path: jar("gson"), debianPackage: "libgoogle-gson-java" },
  ...["buffer", "codec", "codec-http", "codec-http2", "codec-socks", "common", "handler", "handler-proxy", "resolver", "transport"].map((module) => ({
    path: jar(`netty-${module}`),
    debianPackage: "libnetty-java",
  })),
];

const java = checkToolchain("Java", [
  { path: JAVAC, debianPackage: "openjdk-17-jdk-headless" },
  { path: JAVA, debianPackage: "openjdk-17-jre-headless" },
  ...RUNTIME_JARS,
  ...COMPILE_JARS,
]);

const { installation, server } = useConveyor();

function javaSources(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((file) => file.endsWith(".java"))
    .map((file) => join(dir, file))
    .sort();
}

describe.skipIf(java.skip)(java.title("Java client (grpc-java, generated stubs)"), () => {
  let classes: string;
  let compile: RunResult | "cached";
  let liveTest: RunResult | undefined;
  const outcomes = new Map<string, string>();

  beforeAll(async () => {
    java.assertAvailable();
    const sources = [
      ...javaSources(join(clientDir, "src", "main", "java")),
      ...javaSources(join(clientDir, "src", "test", "java")),
      ...javaSources(join(clientDir, "examples")),
    ];
    const compileClasspath = COMPILE_JARS.map((requirement) => requirement.path);
    const hash = createHash("sha256");
    for (const file of sources) hash.update(file).update(readFileSync(file));
    for (const file of compileClasspath) hash.update(`${file}:${statSync(file).size}:${statSync(file).mtimeMs}`);
    classes = join(tmpdir(), `conveyor-java-classes-${hash.digest("hex").slice(0, 16)}`);
    if (existsSync(join(classes, ".complete"))) {
      compile = "cached";
    } else {
      const building = `${classes}.${process.pid}`;
      rmSync(building, { recursive: true, force: true });
      mkdirSync(building, { recursive: true });
      compile = await run(JAVAC, [...FAST_JVM.map((flag) => `-J${flag}`), "-nowarn", "-encoding", "UTF-8", "-d", building, "-cp", compileClasspath.join(":"), ...sources], { timeoutMs: 120_000, lowPriority: true });
      if (compile.code !== 0) return;
      writeFileSync(join(building, ".complete"), "");
      rmSync(classes, { recursive: true, force: true });
      renameSync(building, classes);
    }
    liveTest = await run(JAVA, [...FAST_JVM, "-cp", runtimeClasspath(), "dev.conveyor.v1.livetest.LiveTest", new URL(server().url).host], { timeoutMs: 45_000 });
    for (const match of liveTest.stdout.matchAll(/^(PASS|FAIL) (\w+)/gm)) outcomes.set(match[2]!, match[1]!);
  }, 180_000);

  const runtimeClasspath = () => [classes, ...RUNTIME_JARS.map((requirement) => requirement.path)].join(":");

  it("compiles the generated code, the example and the live test with javac against Debian's jars", () => {
    if (compile !== "cached") expect(compile.code, describeRun("javac", compile)).toBe(0);
    expect(existsSync(join(classes, "dev", "conveyor", "v1", "JobServiceGrpc.class"))).toBe(true);
    expect(existsSync(join(classes, "dev", "conveyor", "v1", "WorkerServiceGrpc.class"))).toBe(true);
  });

  it("runs on grpc-netty against the live server", () => {
    expect(liveTest, "not reached: compiling failed").toBeDefined();
    expect(liveTest!.code, describeRun("java LiveTest", liveTest!)).toBe(0);
    expect(liveTest!.stdout).toContain("transport: io.grpc.netty.NettyChannelProvider");
  });

  for (const name of ["submitAndGet", "watchUntilCancelled", "errorsCarryTheServersCode"]) {
    it(`java: ${name}`, () => {
      expect(outcomes.get(name), liveTest ? describeRun("java LiveTest", liveTest) : "the live test did not run").toBe("PASS");
    });
  }

  it("runs the README's example program until the job it watches is cancelled", async () => {
    const queue = `java-example-${Date.now()}`;
    const example = startProcess(JAVA, [...FAST_JVM, "-cp", runtimeClasspath(), "dev.conveyor.examples.SubmitAndWatch", new URL(server().url).host, queue], {});
    try {
      const submitted = await example.waitForLine(/^submitted /, 15_000);
      await example.waitForLine(/^JOB_STATE_READY$/, 10_000);
      await grpcClients(server().url).jobs.cancelJob({ id: submitted.slice("submitted ".length) });
      const result = await example.exited;
      expect(result.code, describeRun("SubmitAndWatch", result)).toBe(0);
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
    const exampleArgs = (queue: string) => [...FAST_JVM, "-cp", runtimeClasspath(), "dev.conveyor.examples.SubmitAndWatch", new URL(secured.server.url).host, queue];

    it("sends CONVEYOR_TOKEN on every call, the watchJob stream included", async () => {
      await expectExampleToWatchWithToken(
        secured,
        (token) => startProcess(JAVA, exampleArgs(`java-token-${Date.now()}`), { env: { ...process.env, CONVEYOR_TOKEN: token } }),
        { name: "SubmitAndWatch", states: ["JOB_STATE_READY", "JOB_STATE_CANCELLED"], firstLineTimeoutMs: 15_000 },
      );
    });

    it("fails with UNAUTHENTICATED, and says so, without CONVEYOR_TOKEN", async () => {
      // undefined drops a CONVEYOR_TOKEN this process inherited
      const result = await run(JAVA, exampleArgs("java-no-token"), { env: { ...process.env, CONVEYOR_TOKEN: undefined }, timeoutMs: 15_000 });
      expect(result.code, describeRun("SubmitAndWatch", result)).toBe(1);
      expect(result.stderr).toMatch(/^UNAUTHENTICATED: no token/m);
    });
  });
});
