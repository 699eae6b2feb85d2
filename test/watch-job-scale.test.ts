// Thousands of WatchJob streams share one LISTEN connection: database connections do not grow with watchers.
import { JobState } from "@conveyor/client/gen/conveyor/v1/job_pb.js";
import { describe, expect, it } from "vitest";
import { grpcClients } from "./support/clients.ts";
import { useConveyor } from "./support/conveyor-harness.ts";
import { jobSpecs } from "./support/jobs.ts";
import { watchJob } from "./support/watch.ts";

const { installation, server } = useConveyor();

const STREAMS = 1000;
/** The server's pool (10) plus its LISTEN connection, the harness's pool (2), and headroom. */
const MAX_CONNECTIONS = 30;
/**
 * Limits on waiting for events, not expectations of speed: a thousand streams on a busy 2-core
 * machine shared with other runs can take tens of seconds. Not a performance figure.
 */
const WAIT_MS = 90_000;

async function databaseConnections(): Promise<number> {
  const [row] = await installation.sql<{ n: number }>("select count(*)::int as n from pg_stat_activity where datname = current_database()");
  return row!.n;
}

describe("WatchJob at scale", () => {
  it(`delivers the terminal event to ${STREAMS} concurrent streams without a connection per stream`, { timeout: 5 * WAIT_MS }, async () => {
    const { jobs } = grpcClients(server().url);
    const listener = server().context.jobChanges;
    const { jobs: submitted } = await jobs.submitJobs({ namespace: "scale", jobs: jobSpecs("scale", STREAMS) });
    const ids = submitted.map((j) => j.id);

    const watches = ids.map((id) => watchJob(jobs, { namespace: "scale", id }));
    const snapshots = await Promise.all(watches.map((w) => w.next(WAIT_MS)));
    expect(snapshots.map((m) => m.job?.state)).toEqual(ids.map(() => JobState.READY));
    expect(snapshots.map((m) => m.job?.id)).toEqual(ids);
    // Every stream is open on the server, waiting on the one shared listener.
    expect(listener.watchedJobCount).toBe(STREAMS);
    expect(await databaseConnections()).toBeLessThan(MAX_CONNECTIONS);

    const events = Promise.all(watches.map((w) => w.next(WAIT_MS)));
    await Promise.all(ids.map((id) => jobs.cancelJob({ namespace: "scale", id })));
    const received = await events;
    received.forEach((message, i) => {
      expect(message.event).toMatchObject({ jobId: ids[i], fromState: JobState.READY, toState: JobState.CANCELLED });
      expect(message.job?.state).toBe(JobState.CANCELLED);
    });
    await Promise.all(watches.map((w) => w.ended(WAIT_MS)));

    expect(await databaseConnections()).toBeLessThan(MAX_CONNECTIONS);
    await expect.poll(() => listener.watchedJobCount, { timeout: WAIT_MS, interval: 20 }).toBe(0);
  });
});
