// A smoke run of the peer bench (npm run bench:peers): it checks that the bench runs every system
// and writes its table and chart, never its figures (performance lives in benches, not tests).
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";

const run = promisify(execFile);
const out = await mkdtemp(path.join(os.tmpdir(), "conveyor-peers-"));
afterAll(() => rm(out, { recursive: true, force: true }));

describe("the peer bench", () => {
  it("runs Conveyor, graphile-worker, pg-boss and BullMQ on the same small load and writes one table and a chart", async () => {
    const { stdout } = await run(process.execPath, ["bench/peers/peer-bench.ts", "--jobs", "2000", "--latency-samples", "5", "--out", out], {
      timeout: 280_000,
      maxBuffer: 16 * 1024 * 1024,
    });

    const page = await readFile(path.join(out, "peers.md"), "utf8");
    for (const system of ["Conveyor", "graphile-worker", "pg-boss", "BullMQ"]) {
      // A row: name and version, then end-to-end jobs/s as a number.
      expect(page).toMatch(new RegExp(`^\\| ${system} \\S+ +\\| +[\\d,]+ \\|`, "m"));
      expect(stdout).toContain(system);
    }
    expect(page).toMatch(/^- Machine: \d+ cores/m);
    const chart = await readFile(path.join(out, "peers.svg"), "utf8");
    expect(chart).toMatch(/^<svg[^>]*>/);
    expect(chart).toContain("graphile-worker");
  }, 300_000);
});
