import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type Browser } from "playwright-core";
import { build } from "vite";

const DASHBOARD = fileURLToPath(new URL("../../dashboard/", import.meta.url));
export const CHROMIUM = "/usr/bin/chromium";

/**
 * Builds the dashboard from its sources into a temporary folder (what `npm run build:dashboard`
 * does into dashboard/dist), so that the tests and the bench serve the code as it is now.
 */
export async function buildDashboard(): Promise<{ dir: string; remove: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "conveyor-dashboard-"));
  await build({ configFile: path.join(DASHBOARD, "vite.config.ts"), root: DASHBOARD, logLevel: "error", build: { outDir: dir, emptyOutDir: true } });
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

/** Debian's Chromium, headless, as test/clients-browser.test.ts runs it. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
}
