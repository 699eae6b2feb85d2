// Every shell block of the READMEs and docs/ marked runnable (see support/runnable-docs.ts) runs as
// written against a live server set up as the quick start leaves one: authentication on with a
// development secret that `npm run -s token` finds, the machine's node first on PATH (Node 20 on
// Debian 12), nothing else in the environment. The one liberty: the server listens on a port of its
// own, so "127.0.0.1:50051" in the blocks is rewritten to it. curl fails on HTTP errors (as with
// --fail-with-body), so a refused call fails its block.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { describeRun, run } from "./support/client-toolchains.ts";
import { useConveyor } from "./support/conveyor-harness.ts";
import { runnableBlocks, type RunnableBlock } from "./support/runnable-docs.ts";

const repoRoot = fileURLToPath(new URL("../", import.meta.url));
const docFiles = [
  "README.md",
  ...readdirSync(join(repoRoot, "docs")).filter((name) => name.endsWith(".md")).map((name) => `docs/${name}`),
  "worker-sdk/README.md",
  ...["typescript", "python", "go", "java"].map((language) => `clients/${language}/README.md`),
].filter((file) => existsSync(join(repoRoot, file)));

const secret = randomBytes(32).toString("base64url");
const { server } = useConveyor({ authMode: "jwt", authHs256Secret: secret });

let env: NodeJS.ProcessEnv;

beforeAll(() => {
  const scratch = mkdtempSync(join(tmpdir(), "conveyor-docs-"));
  const secretFile = join(scratch, "dev-secret");
  writeFileSync(secretFile, secret + "\n", { mode: 0o600 });
  env = {
    // The quick start's shell: the machine's node first; scripts/with-node.sh and `npx conveyor`
    // find Node 24 themselves.
    PATH: `/usr/local/bin:/usr/bin:/bin:${process.env["PATH"]}`,
    HOME: process.env["HOME"],
    CONVEYOR_AUTH_HS256_SECRET_FILE: secretFile,
    CONVEYOR_URL: server().url,
    CONVEYOR_CLI_CONFIG: join(scratch, "cli.yaml"),
    NO_COLOR: "1",
  };
});

/** Stops a background block and everything it started (its process group). */
async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  process.kill(-child.pid!, "SIGTERM");
  await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
  if (child.exitCode === null && child.signalCode === null) process.kill(-child.pid!, "SIGKILL");
}

// Last resort: a test runner that dies must not leave workers behind.
const started = new Set<ChildProcess>();
process.once("exit", () => {
  for (const child of started) if (child.exitCode === null) process.kill(-child.pid!, "SIGKILL");
});

function asWritten(block: RunnableBlock): string {
  const address = new URL(server().url).host;
  return block.code.replaceAll("127.0.0.1:50051", address).replaceAll("localhost:50051", address);
}

const PRELUDE = `curl() { command curl --fail-with-body "$@"; }\n`;

const withBlocks = docFiles.map((file) => ({ file, blocks: runnableBlocks(join(repoRoot, file)) })).filter(({ blocks }) => blocks.length > 0);

describe("runnable shell blocks of the docs", () => {
  it("there are some, in the README and in docs/", () => {
    expect(withBlocks.map(({ file }) => file)).toEqual(expect.arrayContaining(["README.md", "docs/cli.md"]));
  });

  // The files run side by side (each in its own shell, a worker of its own where it starts one):
  // npx and npm take seconds each on a busy machine.
  it.concurrent.each(withBlocks)("$file runs as written", async ({ file, blocks }) => {
    const background: ChildProcess[] = [];
    try {
      await runFile(file, blocks, background);
    } finally {
      await Promise.all(background.map(stop));
    }
  }, 900_000);
});

async function runFile(file: string, blocks: RunnableBlock[], background: ChildProcess[]): Promise<void> {
  let script = "set -euo pipefail\n" + PRELUDE;
  for (const block of blocks) {
    if (block.background) {
      // A background block (a worker) must come up (print a line saying it is connected,
      // listening or ready) and stay up while the other blocks run.
      const child = spawn("bash", ["-c", PRELUDE + asWritten(block)], { cwd: repoRoot, env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
      background.push(child);
      started.add(child);
      let output = "";
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`${file}:${block.line}: no "connected" line within 90 s:\n${output}`)), 90_000);
        const onData = (chunk: Buffer) => {
          output += chunk.toString();
          if (/connected|listening|ready/i.test(output)) {
            clearTimeout(timer);
            resolve();
          }
        };
        child.stdout!.on("data", onData);
        child.stderr!.on("data", onData);
        child.once("exit", (code) => {
          clearTimeout(timer);
          reject(new Error(`${file}:${block.line}: the background block exited (${code}) before it was up:\n${output}`));
        });
      });
      child.removeAllListeners("exit");
      continue;
    }
    script += `echo "::: ${file}:${block.line}" >&2\n${asWritten(block)}\n`;
  }
  const result = await run("bash", ["-c", script], { cwd: repoRoot, env, timeoutMs: 840_000 });
  for (const child of background) expect(child.exitCode ?? child.signalCode, `a background block of ${file} stopped while the others ran`).toBeNull();
  const failedAt = [...result.stderr.matchAll(/::: (\S+)/g)].at(-1)?.[1];
  expect(result.code, `${describeRun(`the runnable blocks of ${file}`, result)}\n(the last block started: ${failedAt})`).toBe(0);
}
