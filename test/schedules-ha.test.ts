// High availability: three server processes share one database. Every fire time of a schedule
// makes exactly one job, delayed jobs run once, and when a server is killed the others keep the
// schedule firing without a gap.
import { durationFromMs } from "@bufbuild/protobuf/wkt";
import { createClient } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import { MisfirePolicy, ScheduleService } from "@conveyor/client/gen/conveyor/v1/schedule_service_pb.js";
import { expect, it } from "vitest";
import { useChildProcesses, startChildServer } from "./support/child-processes.ts";
import { grpcClients } from "./support/clients.ts";
import { useConveyor } from "./support/conveyor-harness.ts";
import { useWorkers } from "./support/execution.ts";
import { jobSpec } from "./support/jobs.ts";

const { installation } = useConveyor({ amqpQueueType: "classic", scheduleIntervalMs: 200 }, { startServer: false });
useChildProcesses();
let workerUrl = "";
const workers = useWorkers(() => workerUrl);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

it("three servers: one job per fire time, delayed jobs run once, and fires go on when a server dies", async () => {
  const servers = await Promise.all([0, 1, 2].map(() => startChildServer(installation)));
  workerUrl = servers[2]!.url;
  const ran = new Map<string, number>();
  await workers.start({ queues: ["ha"], concurrency: 20 }, (w) =>
    w.handle("tick", async (job) => void ran.set(job.id, (ran.get(job.id) ?? 0) + 1)),
  );

  const schedules = createClient(ScheduleService, createGrpcTransport({ baseUrl: servers[0]!.url }));
  const { schedule } = await schedules.createSchedule({ schedule: { name: "ha", interval: durationFromMs(1000), job: { queue: "ha", type: "tick" } } });
  // Delayed jobs submitted through every server: the promoters of all three must not dispatch one twice.
  await Promise.all(servers.map((s) => grpcClients(s.url).jobs.submitJobs({ jobs: Array.from({ length: 10 }, () => jobSpec("ha", { type: "tick", delay: durationFromMs(1500) })) })));
  await sleep(4_200);

  const perFire = () =>
    installation.sql<{ scheduled_for: Date; n: number; first_created: Date }>(
      "select scheduled_for, count(*)::int as n, min(created_at) as first_created from jobs where schedule_id = $1 group by scheduled_for order by scheduled_for",
      [schedule!.id],
    );
  const before = await perFire();
  expect(before.length).toBeGreaterThanOrEqual(3);
  for (const fire of before) expect(fire.n).toBe(1);

  // Kill the server that created the schedule (any may be the one firing it).
  servers[0]!.kill("SIGKILL");
  await servers[0]!.exited;
  const killedAt = Date.now();
  await sleep(3_200);
  await createClient(ScheduleService, createGrpcTransport({ baseUrl: servers[1]!.url })).pauseSchedule({ id: schedule!.id });

  const after = await perFire();
  for (const fire of after) expect(fire.n).toBe(1);
  const afterKill = after.filter((fire) => fire.scheduled_for.getTime() > killedAt);
  expect(afterKill.length).toBeGreaterThanOrEqual(2);
  // No fire time was lost: consecutive fire times are one interval apart, and each job was made within 2 s of it.
  for (let i = 1; i < after.length; i++) expect(after[i]!.scheduled_for.getTime() - after[i - 1]!.scheduled_for.getTime()).toBe(1000);
  for (const fire of after) expect(fire.first_created.getTime() - fire.scheduled_for.getTime()).toBeLessThan(2_000);

  // Every job ran exactly once: the 30 delayed ones and the fires.
  const rows = await installation.sql<{ id: string; state: string; attempts: number }>(
    "select j.id, j.state, (select count(*)::int from job_attempts a where a.job_id = j.id) as attempts from jobs j where j.queue = 'ha' and j.state = 'SUCCEEDED'",
  );
  expect(rows.length).toBeGreaterThanOrEqual(30);
  for (const row of rows) {
    expect(row.attempts).toBe(1);
    expect(ran.get(row.id)).toBe(1);
  }
}, 30_000);

it("three in-process servers racing on one database: catch-up fires and regular fires make one job each", async () => {
  const servers = await Promise.all([0, 1, 2].map(() => installation.startServer()));
  const clients = servers.map((s) => createClient(ScheduleService, createGrpcTransport({ baseUrl: s.url })));
  const { schedule } = await clients[0]!.createSchedule({
    schedule: { name: "race", cron: "*/1 * * * * *", job: { queue: "race", type: "tick" }, misfirePolicy: MisfirePolicy.RUN_ALL, misfireLimit: 10 },
  });
  // 20 s of downtime: all three servers see the schedule due at once.
  await installation.sql("update schedules set next_run_at = date_trunc('second', now()) - interval '20 seconds' where id = $1", [schedule!.id]);
  await sleep(2_500);
  await clients[1]!.pauseSchedule({ id: schedule!.id });
  const fires = await installation.sql<{ scheduled_for: Date; n: number }>(
    "select scheduled_for, count(*)::int as n from jobs where schedule_id = $1 group by scheduled_for order by scheduled_for",
    [schedule!.id],
  );
  for (const fire of fires) expect(fire.n).toBe(1);
  // 10 missed fire times (the latest 10 before the 5 s grace), the on-time ones, and the regular fires since.
  expect(fires.length).toBeGreaterThanOrEqual(10 + 5);
  for (let i = 1; i < fires.length; i++) expect(fires[i]!.scheduled_for.getTime() - fires[i - 1]!.scheduled_for.getTime()).toBe(1000);
}, 20_000);
