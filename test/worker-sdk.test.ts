// The worker SDK's lifecycle against a real server: a graceful drain takes no new jobs, lets the
// running ones finish and report, and loses nothing.
import type { Client } from "@connectrpc/connect";
import { AttemptOutcome, JobState } from "@conveyor/client/gen/conveyor/v1/job_pb.js";
import type { JobService } from "@conveyor/client/gen/conveyor/v1/job_service_pb.js";
import { beforeAll, describe, expect, it } from "vitest";
import { grpcClients } from "./support/clients.ts";
import { useConveyor } from "./support/conveyor-harness.ts";
import { deferred, jobHistory, useWorkers, waitForState } from "./support/execution.ts";
import { jobSpec } from "./support/jobs.ts";
import { within } from "./support/rpc.ts";

const { installation, server } = useConveyor({ amqpQueueType: "classic" });
const workers = useWorkers(() => server().url);
let jobs: Client<typeof JobService>;

beforeAll(() => {
  jobs = grpcClients(server().url).jobs;
});

describe("stop(): graceful drain", () => {
  it("takes no new job, lets the running one finish SUCCEEDED, and loses nothing", async () => {
    const release = deferred();
    const started = deferred<string>();
    const drainingRan: string[] = [];
    const { worker: draining } = await workers.start({ queues: ["drain"], concurrency: 2, drainTimeoutMs: 10_000 }, (w) =>
      w.handle("task", async (job) => {
        drainingRan.push(job.id);
        started.resolve(job.id);
        await release.promise;
        return { finishedBy: "draining" };
      }),
    );
    const { job: first } = await jobs.submitJob({ job: jobSpec("drain", { type: "task" }) });
    expect(await within(started.promise, 5_000, "the first job starting")).toBe(first!.id);

    const states: string[] = [];
    draining.on("state", (state) => states.push(state));
    const stopped = draining.stop();
    expect(draining.state).toBe("draining");

    // A job submitted during the drain goes to another worker, although the draining one has a free slot.
    const othersRan: string[] = [];
    const { worker: other } = await workers.start({ queues: ["drain"] }, (w) =>
      w.handle("task", (job) => {
        othersRan.push(job.id);
      }),
    );
    const { job: second } = await jobs.submitJob({ job: jobSpec("drain", { type: "task" }) });
    const secondDone = await waitForState(jobs, second!.id, JobState.SUCCEEDED, 5_000);
    expect(secondDone.attempts.map((a) => a.workerId)).toEqual([other.workerId]);
    expect(othersRan).toEqual([second!.id]);

    // The draining worker still holds its running job, and has been given nothing else.
    expect((await jobs.getJob({ id: first!.id })).job?.state).toBe(JobState.RUNNING);
    expect(drainingRan).toEqual([first!.id]);
    expect(draining.stats).toMatchObject({ leased: 1, running: 1, held: 1 });
    let resolved = false;
    void stopped.then(() => (resolved = true));
    expect(resolved).toBe(false);

    release.resolve();
    await within(stopped, 10_000, "stop() to resolve once the running job finished");
    expect(draining.state).toBe("stopped");
    expect(states).toEqual(["draining", "stopped"]);
    expect(draining.connection).toBe("disconnected");
    expect(draining.stats).toMatchObject({ leased: 1, succeeded: 1, failed: 0, released: 0, refused: 0, running: 0, held: 0 });

    const { job: firstDone } = await jobs.getJob({ id: first!.id });
    expect(firstDone?.state).toBe(JobState.SUCCEEDED);
    expect(firstDone?.result?.kind).toEqual({ case: "json", value: { finishedBy: "draining" } });
    expect(firstDone?.attempts.map((a) => [a.number, a.outcome, a.workerId])).toEqual([[1, AttemptOutcome.SUCCEEDED, draining.workerId]]);
    expect(await jobHistory(installation, first!.id)).toEqual(["->READY", "READY->RUNNING", "RUNNING->SUCCEEDED"]);
    expect(await installation.sql("select job_id, outcome from job_attempts where outcome <> 'SUCCEEDED'")).toEqual([]);
  });

  it("resolves stop() promptly when nothing runs, and every call returns the same promise", async () => {
    const { worker } = await workers.start({ queues: ["idle"] }, (w) => w.handle("task", () => {}));
    const first = worker.stop();
    expect(worker.stop()).toBe(first);
    await within(first, 5_000, "stop() of an idle worker");
    expect(worker.state).toBe("stopped");
    await expect.poll(() => server().context.dispatcher.connectedWorkers, { timeout: 5_000, interval: 20 }).toBe(0);
  });
});
