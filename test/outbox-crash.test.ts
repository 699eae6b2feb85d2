// A server that dies after committing jobs but before RabbitMQ confirmed their announcements loses
// nothing: the outbox rows come back when its transaction dies with it, and another server
// publishes them.
import type { Client } from "@connectrpc/connect";
import { JobState } from "@conveyor/client/gen/conveyor/v1/job_pb.js";
import type { JobService } from "@conveyor/client/gen/conveyor/v1/job_service_pb.js";
import { afterAll, expect, it } from "vitest";
import { startChildServer, useChildProcesses } from "./support/child-processes.ts";
import { grpcClients } from "./support/clients.ts";
import { useConveyor } from "./support/conveyor-harness.ts";
import { jobHistory, outboxSize, pollUntil, useWorkers, waitForState } from "./support/execution.ts";
import { jobSpec } from "./support/jobs.ts";
import { startTcpProxy, type TcpProxy } from "./support/tcp-proxy.ts";
import { testEnv } from "./support/test-env.ts";

// No in-process server at first: its outbox relay would publish the rows this test wants stuck.
const { installation } = useConveyor({ amqpQueueType: "classic" }, { startServer: false });
useChildProcesses();
let proxy: TcpProxy | undefined;
let survivorUrl = "";
const workers = useWorkers(() => survivorUrl);

afterAll(async () => {
  await proxy?.close();
});

it("publishes, through another server, the announcements of a server killed between commit and publish; each job runs once", async () => {
  proxy = await startTcpProxy(testEnv.amqpUrl);
  const doomed = await startChildServer(installation, { amqpUrl: proxy.url });
  expect(proxy.connections).toBeGreaterThan(0);
  const doomedJobs: Client<typeof JobService> = grpcClients(doomed.url).jobs;

  // RabbitMQ stops answering the doomed server, but nothing tells it so: no confirm ever arrives.
  proxy.freeze();
  const ids: string[] = [];
  for (let i = 0; i < 3; i++) ids.push((await doomedJobs.submitJob({ job: jobSpec("crash-safe", { type: "single" }) })).job!.id);
  const { jobs: batch } = await doomedJobs.submitJobs({ jobs: Array.from({ length: 20 }, () => jobSpec("crash-safe", { type: "batch" })) });
  ids.push(...batch.map((job) => job.id));
  expect(new Set(ids).size).toBe(23);

  // Committed: the jobs are READY and their announcements are in the outbox...
  const states = await installation.sql<{ state: string; n: number }>("select state, count(*)::int as n from jobs group by state");
  expect(states).toEqual([{ state: "READY", n: 23 }]);
  expect(await outboxSize(installation)).toBeGreaterThanOrEqual(4);
  // ... and the doomed server's relay has claimed some (locked by its open transaction) and waits
  // for their confirms; rounds do not overlap, so the rest wait for the next round.
  const outboxLocks = async () =>
    (await installation.sql<{ total: number; free: number }>(
      "select (select count(*)::int from outbox) as total, (select count(*)::int from (select id from outbox for update skip locked) f) as free",
    ))[0]!;
  await pollUntil("the doomed relay to claim announcements", outboxLocks, (o) => o.total - o.free >= 1, 5_000);

  doomed.kill("SIGKILL");
  expect(await doomed.exited).toBe("SIGKILL");

  // Its transaction died with it: every announcement is back, unclaimed, and the jobs are still READY.
  await pollUntil("the dead relay's rows to be free again", outboxLocks, (o) => o.total >= 4 && o.free === o.total, 5_000);
  expect(await installation.sql("select state, count(*)::int as n from jobs group by state")).toEqual([{ state: "READY", n: 23 }]);

  // A healthy server and a worker: everything runs, once.
  const survivor = await installation.startServer();
  survivorUrl = survivor.url;
  const runs = new Map<string, number>();
  await workers.start({ queues: ["crash-safe"], concurrency: 10 }, (w) => {
    for (const type of ["single", "batch"]) {
      w.handle(type, (job) => {
        runs.set(job.id, (runs.get(job.id) ?? 0) + 1);
      });
    }
  });
  const jobs = grpcClients(survivor.url).jobs;
  await Promise.all(ids.map((id) => waitForState(jobs, id, JobState.SUCCEEDED, 10_000)));

  expect([...runs.keys()].sort()).toEqual([...ids].sort());
  expect([...runs.values()].every((n) => n === 1)).toBe(true);
  await pollUntil("the outbox to empty", () => outboxSize(installation), (n) => n === 0, 5_000);
  // READY all along: the crash left no trace in any job's history.
  for (const id of ids) expect(await jobHistory(installation, id)).toEqual(["->READY", "READY->RUNNING", "RUNNING->SUCCEEDED"]);
});
