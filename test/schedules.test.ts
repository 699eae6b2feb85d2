// ScheduleService against one server: CRUD and validation, fires that an SDK worker runs, pause,
// resume, trigger, the overlap policies, and the misfire policies after (simulated) downtime.
import { timestampDate } from "@bufbuild/protobuf/wkt";
import { durationFromMs } from "@bufbuild/protobuf/wkt";
import { Code, createClient, type Client } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import { JobState } from "@conveyor/client/gen/conveyor/v1/job_pb.js";
import type { JobService } from "@conveyor/client/gen/conveyor/v1/job_service_pb.js";
import { MisfirePolicy, OverlapPolicy, ScheduleService } from "@conveyor/client/gen/conveyor/v1/schedule_service_pb.js";
import { beforeAll, describe, expect, it } from "vitest";
import { grpcClients } from "./support/clients.ts";
import { useConveyor } from "./support/conveyor-harness.ts";
import { pollUntil, useWorkers } from "./support/execution.ts";
import { jobSpec, jsonPayload } from "./support/jobs.ts";
import { rpcError } from "./support/rpc.ts";

const { installation, server } = useConveyor({ amqpQueueType: "classic", scheduleIntervalMs: 200 });
const workers = useWorkers(() => server().url);
let schedules: Client<typeof ScheduleService>;
let jobs: Client<typeof JobService>;

beforeAll(() => {
  schedules = createClient(ScheduleService, createGrpcTransport({ baseUrl: server().url }));
  jobs = grpcClients(server().url).jobs;
});

async function failure(call: Promise<unknown>): Promise<{ code: string; message: string }> {
  const error = await rpcError(call);
  return { code: Code[error.code], message: error.rawMessage };
}

async function firedJobs(scheduleId: string) {
  return installation.sql<{ id: string; state: string; scheduled_for: Date; run_at: Date }>(
    "select id, state, scheduled_for, run_at from jobs where schedule_id = $1 order by scheduled_for",
    [scheduleId],
  );
}

describe("validation", () => {
  it("answers INVALID_ARGUMENT naming schedule.cron for a bad expression", async () => {
    expect(await failure(schedules.createSchedule({ schedule: { name: "bad", cron: "61 * * * *", job: jobSpec("q") } }))).toMatchObject({
      code: "InvalidArgument",
      message: expect.stringMatching(/^schedule\.cron: "61 \* \* \* \*" is not a valid cron expression/),
    });
    expect(await failure(schedules.createSchedule({ schedule: { name: "bad", cron: "* * *", job: jobSpec("q") } }))).toMatchObject({
      code: "InvalidArgument",
      message: expect.stringMatching(/^schedule\.cron: .*5 fields/),
    });
  });

  it("answers INVALID_ARGUMENT naming schedule.timezone for an unknown timezone", async () => {
    expect(
      await failure(schedules.createSchedule({ schedule: { name: "bad", cron: "* * * * *", timezone: "Mars/Olympus", job: jobSpec("q") } })),
    ).toMatchObject({ code: "InvalidArgument", message: expect.stringMatching(/^schedule\.timezone: unknown timezone "Mars\/Olympus"/) });
  });

  it("wants exactly one of cron and interval, a valid job, and no run time of its own in the job", async () => {
    expect((await failure(schedules.createSchedule({ schedule: { name: "x", job: jobSpec("q") } }))).message).toMatch(/^schedule\.cron: set exactly one/);
    expect((await failure(schedules.createSchedule({ schedule: { name: "x", cron: "* * * * *", interval: durationFromMs(1000), job: jobSpec("q") } }))).message).toMatch(
      /^schedule\.cron: set exactly one/,
    );
    expect((await failure(schedules.createSchedule({ schedule: { name: "x", interval: durationFromMs(10), job: jobSpec("q") } }))).message).toMatch(
      /^schedule\.interval: must be at least 1s/,
    );
    expect((await failure(schedules.createSchedule({ schedule: { name: "x", cron: "* * * * *", job: { queue: "", type: "t" } } }))).message).toMatch(/^schedule\.job\.queue:/);
    expect((await failure(schedules.createSchedule({ schedule: { name: "x", cron: "* * * * *", job: jobSpec("q", { idempotencyKey: "k" }) } }))).message).toMatch(
      /^schedule\.job\.idempotency_key:/,
    );
    expect((await failure(schedules.createSchedule({ schedule: { name: "x", cron: "* * * * *" } }))).message).toMatch(/^schedule\.job: is required/);
  });
});

describe("CRUD", () => {
  it("creates, gets, lists, updates and deletes; names are unique per namespace", async () => {
    const { schedule } = await schedules.createSchedule({
      schedule: { name: "nightly", cron: "30 2 * * *", timezone: "America/New_York", job: jobSpec("reports", { payload: jsonPayload({ a: 1 }) }) },
    });
    expect(schedule).toMatchObject({ namespace: "default", paused: false, lastJobId: "" });
    expect(schedule!.spec).toMatchObject({ name: "nightly", cron: "30 2 * * *", timezone: "America/New_York", overlapPolicy: OverlapPolicy.ALLOW, misfirePolicy: MisfirePolicy.RUN_ONCE, misfireLimit: 10 });
    expect(schedule!.spec!.job!.payload!.kind).toEqual({ case: "json", value: { a: 1 } });
    const next = timestampDate(schedule!.nextRunAt!);
    expect(next.getTime()).toBeGreaterThan(Date.now());
    const [row] = await installation.sql("select next_run_at from schedules where id = $1", [schedule!.id]);
    expect(row!["next_run_at"]).toEqual(next);

    expect((await schedules.getSchedule({ id: schedule!.id })).schedule).toEqual(schedule);
    expect(await failure(schedules.createSchedule({ schedule: { name: "nightly", cron: "* * * * *", job: jobSpec("q") } }))).toMatchObject({ code: "AlreadyExists" });
    await schedules.createSchedule({ namespace: "other", schedule: { name: "nightly", cron: "* * * * *", job: jobSpec("q") } });

    const { schedule: updated } = await schedules.updateSchedule({ id: schedule!.id, schedule: { name: "nightly", interval: durationFromMs(3_600_000), job: jobSpec("reports") } });
    expect(updated!.spec).toMatchObject({ cron: "", interval: { seconds: 3600n } });

    const { schedules: listed } = await schedules.listSchedules({});
    expect(listed.map((s) => s.spec!.name)).toContain("nightly");
    expect((await schedules.listSchedules({ namespace: "other" })).schedules).toHaveLength(1);

    await schedules.deleteSchedule({ id: schedule!.id });
    expect(await failure(schedules.getSchedule({ id: schedule!.id }))).toMatchObject({ code: "NotFound" });
    expect(await failure(schedules.deleteSchedule({ id: schedule!.id }))).toMatchObject({ code: "NotFound" });
  });
});

describe("firing", () => {
  it("fires a */1 * * * * * cron every second and a worker runs the jobs", async () => {
    const ran: string[] = [];
    await workers.start({ queues: ["ticks"], concurrency: 4 }, (w) => w.handle("tick", async (job) => void ran.push(job.id)));
    const { schedule } = await schedules.createSchedule({ schedule: { name: "ticker", cron: "*/1 * * * * *", job: { queue: "ticks", type: "tick" } } });
    await pollUntil("two fires run", () => firedJobs(schedule!.id), (rows) => rows.filter((r) => r.state === "SUCCEEDED").length >= 2, 5_000, 50);
    await schedules.pauseSchedule({ id: schedule!.id });
    const rows = await firedJobs(schedule!.id);
    // One job per fire time, each on a whole second.
    expect(new Set(rows.map((r) => r.scheduled_for.getTime())).size).toBe(rows.length);
    for (const r of rows) expect(r.scheduled_for.getTime() % 1000).toBe(0);
    const { job } = await jobs.getJob({ id: rows[0]!.id });
    expect(job!.scheduleId).toBe(schedule!.id);
    expect(timestampDate(job!.scheduledFor!)).toEqual(rows[0]!.scheduled_for);
    expect(ran).toContain(rows[0]!.id);
    const got = (await schedules.getSchedule({ id: schedule!.id })).schedule!;
    expect(got.lastJobId).toBe(rows.at(-1)!.id);
  });

  it("pause stops fires, resume starts them again from now", async () => {
    const { schedule } = await schedules.createSchedule({ schedule: { name: "pausable", interval: durationFromMs(1000), job: jobSpec("pausable"), paused: true } });
    expect(schedule!.paused).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 1_300));
    expect(await firedJobs(schedule!.id)).toHaveLength(0);
    const { schedule: resumed } = await schedules.resumeSchedule({ id: schedule!.id });
    expect(timestampDate(resumed!.nextRunAt!).getTime()).toBeGreaterThan(Date.now() - 1000);
    await pollUntil("a fire after resume", () => firedJobs(schedule!.id), (rows) => rows.length >= 1, 3_000, 50);
    await schedules.pauseSchedule({ id: schedule!.id });
  });

  it("TriggerSchedule runs the template now, even when paused, without moving next_run_at", async () => {
    const { schedule } = await schedules.createSchedule({ schedule: { name: "manual", cron: "0 0 1 1 *", job: jobSpec("manual"), paused: true } });
    const before = await installation.sql("select next_run_at from schedules where id = $1", [schedule!.id]);
    const { job } = await schedules.triggerSchedule({ id: schedule!.id });
    expect(job).toMatchObject({ queue: "manual", state: JobState.READY, scheduleId: schedule!.id });
    expect(await installation.sql("select next_run_at from schedules where id = $1", [schedule!.id])).toEqual(before);
    expect((await schedules.getSchedule({ id: schedule!.id })).schedule!.lastJobId).toBe(job!.id);
  });
});

describe("overlap policies", () => {
  it("SKIP fires nothing while the previous job has not finished", async () => {
    // No worker on this queue: the first job stays READY.
    const { schedule } = await schedules.createSchedule({
      schedule: { name: "skipper", interval: durationFromMs(1000), job: jobSpec("nobody-skip"), overlapPolicy: OverlapPolicy.SKIP },
    });
    await pollUntil("the first fire", () => firedJobs(schedule!.id), (rows) => rows.length >= 1, 3_000, 50);
    await new Promise((resolve) => setTimeout(resolve, 2_200));
    expect(await firedJobs(schedule!.id)).toHaveLength(1);
    await schedules.pauseSchedule({ id: schedule!.id });
  });

  it("QUEUE_ONE holds one fire time and fires it once the previous job finishes", async () => {
    const { schedule } = await schedules.createSchedule({
      schedule: { name: "queuer", interval: durationFromMs(1000), job: jobSpec("nobody-queue"), overlapPolicy: OverlapPolicy.QUEUE_ONE },
    });
    const [first] = await pollUntil("the first fire", () => firedJobs(schedule!.id), (rows) => rows.length >= 1, 3_000, 50);
    await pollUntil(
      "a held fire time",
      () => installation.sql("select queued_fire_at from schedules where id = $1", [schedule!.id]),
      (rows) => rows[0]!["queued_fire_at"] !== null,
      3_000,
      50,
    );
    const [held] = await installation.sql<{ queued_fire_at: Date }>("select queued_fire_at from schedules where id = $1", [schedule!.id]);
    await jobs.cancelJob({ id: first!.id });
    const rows = await pollUntil("the held fire", () => firedJobs(schedule!.id), (r) => r.length >= 2, 3_000, 50);
    expect(rows[0]!.id).toBe(first!.id);
    // The held fire time (or a later one it was replaced by) fired, and a third job waits again.
    expect(rows[1]!.scheduled_for.getTime()).toBeGreaterThanOrEqual(held!.queued_fire_at.getTime());
    await schedules.pauseSchedule({ id: schedule!.id });
  });
});

describe("misfire policies after downtime", () => {
  // An hourly schedule whose next fire time was 10 hours ago: 10 missed fire times.
  async function afterDowntime(name: string, misfirePolicy: MisfirePolicy, misfireLimit = 0) {
    const { schedule } = await schedules.createSchedule({ schedule: { name, cron: "0 0 * * * *", job: jobSpec(`misfire-${name}`), misfirePolicy, misfireLimit } });
    await installation.sql("update schedules set next_run_at = date_trunc('hour', now()) - interval '9 hours' where id = $1", [schedule!.id]);
    await pollUntil(
      "the schedule caught up",
      () => installation.sql<{ next_run_at: Date }>("select next_run_at from schedules where id = $1", [schedule!.id]),
      (rows) => rows[0]!.next_run_at.getTime() > Date.now(),
      3_000,
      50,
    );
    return firedJobs(schedule!.id);
  }
  // Unless the test runs within 5 s after the hour, no fire is on time.
  const onTime = () => (Date.now() % 3_600_000 < 6_000 ? 1 : 0);

  it("SKIP drops the missed fire times", async () => {
    const rows = await afterDowntime("skip", MisfirePolicy.SKIP);
    expect(rows.length).toBeLessThanOrEqual(onTime());
  });

  it("RUN_ONCE fires once, for the latest missed time", async () => {
    const rows = await afterDowntime("once", MisfirePolicy.RUN_ONCE);
    expect(rows.length - onTime()).toBeLessThanOrEqual(1);
    expect(rows.length).toBeGreaterThanOrEqual(1);
    expect(rows[0]!.scheduled_for.getTime() % 3_600_000).toBe(0);
  });

  it("RUN_ALL fires the latest misfire_limit missed times, one job each", async () => {
    const rows = await afterDowntime("all", MisfirePolicy.RUN_ALL, 3);
    expect(rows.length).toBeGreaterThanOrEqual(3);
    expect(rows.length).toBeLessThanOrEqual(4);
    const hours = rows.slice(0, 3).map((r) => r.scheduled_for.getTime());
    expect(hours[1]! - hours[0]!).toBe(3_600_000);
    expect(hours[2]! - hours[1]!).toBe(3_600_000);
  });
});
