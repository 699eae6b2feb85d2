#!/usr/bin/env node
// The `conveyor` command (`npx conveyor` in the repository). It runs the TypeScript sources, which
// needs Node >= 22.18; on an older node (Debian's is 20) it runs itself again with the Node 24 that
// scripts/quickstart.sh installs in ~/.cache/conveyor/node24, as scripts/with-node.sh does.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";

const [major, minor] = process.versions.node.split(".").map(Number);
if (major > 22 || (major === 22 && minor >= 18)) {
  await import("../src/main.ts");
} else {
  const newer = join(homedir(), ".cache", "conveyor", "node24", "node_modules", ".bin", "node");
  if (!existsSync(newer)) {
    process.stderr.write(`conveyor needs Node >= 22.18 (this is ${process.version}); run 'bash scripts/quickstart.sh' (it installs Node 24) or put a newer node on PATH\n`);
    process.exit(1);
  }
  const run = spawnSync(newer, [new URL("../src/main.ts", import.meta.url).pathname, ...process.argv.slice(2)], { stdio: "inherit" });
  process.exit(run.status ?? 1);
}
