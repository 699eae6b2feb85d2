// Conveyor: one server process (auth off, its own database and broker prefix) and one worker
// process on the worker SDK (concurrency 1,000); the producer calls SubmitJobs with 1,000 jobs.
import type { ChildProcess } from "node:child_process";
import { readFile } from "node:fs/promises";
import { createClient, type Client } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import { JobService } from "@conveyor/client/gen/conveyor/v1/job_service_pb.js";
import { startInstallation } from "../bench-support.ts";
import { peakRssMiB, ProbeStarts, type BenchSystem } from "./bench-system.ts";

export const conveyorConcurrency = 1000;
const queue = "bench";
export const completedNoopsQuery = "select count(*)::int as n from jobs where type = 'noop' and state = 'SUCCEEDED'";

export interface ConveyorSystemOptions {
  /** Runs on the installation's empty database before its server starts (see startInstallation). */
  prepareDatabase?: (database: string) => Promise<void>;
}

export async function makeConveyorSystem(options: ConveyorSystemOptions = {}): Promise<BenchSystem> {
  const probes = new ProbeStarts();
  let installation: Awaited<ReturnType<typeof startInstallation>> | undefined;
  let client: Client<typeof JobService> | undefined;
  let worker: ChildProcess | undefined;
  const { version } = JSON.parse(await readFile(new URL("../../package.json", import.meta.url), "utf8")) as { version: string };
  const system: BenchSystem = {
    name: "Conveyor",
    version,
    get database() {
      return installation?.database;
    },
    setup: `SubmitJobs of 1,000 over gRPC to one server (database pool 20, quorum queues); one worker-sdk process with concurrency ${conveyorConcurrency}`,
    async start() {
      installation = await startInstallation("peers", {}, options.prepareDatabase);
      client = createClient(JobService, createGrpcTransport({ baseUrl: installation.url }));
      worker = installation.startWorker({ BENCH_QUEUE: queue, BENCH_CONCURRENCY: String(conveyorConcurrency), BENCH_REPORT_NOOP: "0" });
      probes.listen(worker);
      await probes.startedAt(await system.enqueueProbe());
    },
    async enqueueNoops(count) {
      await client!.submitJobs({ jobs: Array.from({ length: count }, () => ({ queue, type: "noop" })) });
    },
    async completedNoops() {
      const { rows } = await installation!.pool.query<{ n: number }>(completedNoopsQuery);
      return rows[0]!.n;
    },
    async enqueueProbe() {
      const { job } = await client!.submitJob({ job: { queue, type: "probe" } });
      return job!.id;
    },
    probeStartedAt: (id) => probes.startedAt(id),
    async peakRssMiB() {
      return { worker: await peakRssMiB(worker!.pid!), server: await peakRssMiB(installation!.serverPid) };
    },
    async close() {
      await installation?.close();
    },
  };
  return system;
}
