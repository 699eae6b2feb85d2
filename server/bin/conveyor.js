#!/usr/bin/env node
// The `conveyor` command (`npx conveyor` in the repository). It runs the TypeScript sources, which
// needs Node >= 22.18; on an older node (Debian's is 20) it runs itself again with the Node 24 that
// scripts/quickstart.sh installs in ~/.cache/conveyor/node24, as scripts/with-node.sh does.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";

// In a checkout where the quick start made its development secret, `conveyor serve` and `conveyor
// token` use it unless a key source is configured: `npm start` after the quick start just works.
// Only this repository entry point does this; deployments run server/src/main.ts and configure keys.
const devSecret = new URL("../../.conveyor/dev-secret", import.meta.url).pathname;
const KEY_SOURCES = ["CONVEYOR_AUTH_HS256_SECRET", "CONVEYOR_AUTH_HS256_SECRET_FILE", "CONVEYOR_AUTH_JWKS_FILE", "CONVEYOR_AUTH_JWKS_URL", "CONVEYOR_CONFIG_FILE"];
const subcommand = process.argv[2];
if ((subcommand === "serve" || subcommand === "token") && process.env.CONVEYOR_AUTH_MODE !== "off" && !KEY_SOURCES.some((name) => process.env[name]) && existsSync(devSecret)) {
  process.env.CONVEYOR_AUTH_HS256_SECRET_FILE = devSecret;
  if (subcommand === "serve") process.stderr.write(`conveyor: verifying tokens with the quick start's development secret (${devSecret})\n`);
}

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
