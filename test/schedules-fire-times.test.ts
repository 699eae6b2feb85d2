// Pure computation of schedule fire times (no server): cron in a timezone across daylight-saving
// changes, intervals, start/end bounds, and the misfire policies' choice of fire times.
import { describe, expect, it } from "vitest";
import { cronProblem, dueFires, isKnownTimezone, jitterFor, nextFireAfter, type FireRule } from "../server/src/scheduler/fire-times.ts";

function cron(expression: string, timezone = "UTC", more: Partial<FireRule> = {}): FireRule {
  return { cron: expression, intervalMs: null, timezone, startAt: null, endAt: null, anchor: new Date(0), ...more };
}

/** The next `count` fire times after `from`, as ISO strings. */
function fires(rule: FireRule, from: string, count: number): string[] {
  const out: string[] = [];
  let at: Date | null = new Date(from);
  for (let i = 0; i < count && at; i++) {
    at = nextFireAfter(rule, at);
    if (at) out.push(at.toISOString());
  }
  return out;
}

describe("cron in America/New_York across daylight-saving changes", () => {
  it("2026-03-08 (clocks go forward 02:00 -> 03:00): the nonexistent 02:30 fires once, at 03:30 EDT", () => {
    expect(fires(cron("30 2 * * *", "America/New_York"), "2026-03-07T12:00:00Z", 3)).toEqual([
      "2026-03-08T07:30:00.000Z", // 03:30 EDT: 02:30 does not exist that day
      "2026-03-09T06:30:00.000Z", // 02:30 EDT
      "2026-03-10T06:30:00.000Z",
    ]);
    // The day before, 02:30 EST.
    expect(fires(cron("30 2 * * *", "America/New_York"), "2026-03-06T12:00:00Z", 1)).toEqual(["2026-03-07T07:30:00.000Z"]);
  });

  it("2026-03-08: an hourly schedule has no 02:xx fire, and the hour after 01:00 EST is 03:00 EDT", () => {
    expect(fires(cron("0 * * * *", "America/New_York"), "2026-03-08T05:30:00Z", 3)).toEqual([
      "2026-03-08T06:00:00.000Z", // 01:00 EST
      "2026-03-08T07:00:00.000Z", // 03:00 EDT
      "2026-03-08T08:00:00.000Z", // 04:00 EDT
    ]);
  });

  it("2026-11-01 (clocks go back 02:00 -> 01:00): the repeated 01:30 fires once, at its first occurrence", () => {
    expect(fires(cron("30 1 * * *", "America/New_York"), "2026-10-31T12:00:00Z", 3)).toEqual([
      "2026-11-01T05:30:00.000Z", // 01:30 EDT; 01:30 EST (06:30Z) does not fire
      "2026-11-02T06:30:00.000Z", // 01:30 EST
      "2026-11-03T06:30:00.000Z",
    ]);
  });

  it("2026-11-01: a */30 expression fires in both copies of the repeated hour", () => {
    expect(fires(cron("*/30 * * * *", "America/New_York"), "2026-11-01T04:45:00Z", 6)).toEqual([
      "2026-11-01T05:00:00.000Z", // 01:00 EDT
      "2026-11-01T05:30:00.000Z", // 01:30 EDT
      "2026-11-01T06:00:00.000Z", // 01:00 EST
      "2026-11-01T06:30:00.000Z", // 01:30 EST
      "2026-11-01T07:00:00.000Z", // 02:00 EST
      "2026-11-01T07:30:00.000Z",
    ]);
  });

  it("is deterministic: the same rule and time give the same fire time", () => {
    const rule = cron("15 9 * * 1-5", "Europe/Paris");
    expect(fires(rule, "2026-11-23T10:00:00Z", 5)).toEqual(fires(rule, "2026-11-23T10:00:00Z", 5));
  });
});

describe("rules", () => {
  it("6-field cron has seconds", () => {
    expect(fires(cron("*/15 * * * * *"), "2026-01-01T00:00:01Z", 3)).toEqual([
      "2026-01-01T00:00:15.000Z",
      "2026-01-01T00:00:30.000Z",
      "2026-01-01T00:00:45.000Z",
    ]);
  });

  it("intervals count from start_at (or the anchor) and stop at end_at", () => {
    const rule: FireRule = {
      cron: null,
      intervalMs: 60_000,
      timezone: "UTC",
      startAt: new Date("2026-01-01T00:00:10Z"),
      endAt: new Date("2026-01-01T00:02:10Z"),
      anchor: new Date(0),
    };
    expect(fires(rule, "2025-12-31T00:00:00Z", 5)).toEqual(["2026-01-01T00:00:10.000Z", "2026-01-01T00:01:10.000Z", "2026-01-01T00:02:10.000Z"]);
  });

  it("refuses bad expressions and unknown timezones", () => {
    expect(cronProblem("* * * *")).toMatch(/5 fields .* or 6/);
    expect(cronProblem("61 * * * *")).toMatch(/not a valid cron expression/);
    expect(cronProblem("*/5 * * * *")).toBeUndefined();
    expect(isKnownTimezone("America/New_York")).toBe(true);
    expect(isKnownTimezone("Mars/Olympus_Mons")).toBe(false);
  });

  it("jitter is fixed per schedule and fire time, within bounds", () => {
    const t = new Date("2026-01-01T00:00:00Z");
    expect(jitterFor("a", t, 1000)).toBe(jitterFor("a", t, 1000));
    expect(jitterFor("a", t, 0)).toBe(0);
    for (let i = 0; i < 100; i++) expect(jitterFor(`s${i}`, t, 500)).toBeLessThanOrEqual(500);
  });
});

describe("misfires", () => {
  const everySecond = cron("* * * * * *");
  const now = new Date("2026-01-01T01:00:00Z");
  const hourAgo = new Date("2026-01-01T00:00:00Z");

  it("SKIP drops missed fire times and keeps those within the grace", () => {
    const due = dueFires(everySecond, hourAgo, now, "SKIP", 10, 2_000);
    expect(due.fire.map((d) => d.toISOString())).toEqual(["2026-01-01T00:59:58.000Z", "2026-01-01T00:59:59.000Z", "2026-01-01T01:00:00.000Z"]);
    expect(due.next?.toISOString()).toBe("2026-01-01T01:00:01.000Z");
    expect(due.dropped).toBeGreaterThan(0);
  });

  it("RUN_ONCE fires the latest missed time once", () => {
    const due = dueFires(cron("0 * * * * *"), hourAgo, now, "RUN_ONCE", 10, 2_000);
    expect(due.fire.map((d) => d.toISOString())).toEqual(["2026-01-01T00:59:00.000Z", "2026-01-01T01:00:00.000Z"]);
  });

  it("RUN_ALL fires the latest misfire_limit missed times", () => {
    const due = dueFires(cron("0 * * * * *"), new Date("2026-01-01T00:55:00Z"), now, "RUN_ALL", 3, 2_000);
    expect(due.fire.map((d) => d.toISOString())).toEqual([
      "2026-01-01T00:57:00.000Z",
      "2026-01-01T00:58:00.000Z",
      "2026-01-01T00:59:00.000Z",
      "2026-01-01T01:00:00.000Z",
    ]);
    const all = dueFires(cron("0 * * * * *"), new Date("2026-01-01T00:57:00Z"), now, "RUN_ALL", 10, 2_000);
    expect(all.fire).toHaveLength(4);
    expect(all.dropped).toBe(0);
  });
});
