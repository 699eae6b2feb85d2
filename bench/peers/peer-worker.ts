// The worker process of one peer system (argv[2]): no-op handlers; probe handlers report their
// start time to the parent over IPC.
import { runBullMqWorker } from "./bullmq-system.ts";
import { runGraphileWorker } from "./graphile-worker-system.ts";
import { runPgBossWorker } from "./pg-boss-system.ts";

const report = (id: string, startedAt: number) => process.send!({ id, startedAt });
const runners: Record<string, (report: (id: string, startedAt: number) => void) => Promise<void>> = {
  "graphile-worker": runGraphileWorker,
  "pg-boss": runPgBossWorker,
  bullmq: runBullMqWorker,
};
const system = process.argv[2]!;
const runWorker = runners[system];
if (!runWorker) throw new Error(`unknown peer system ${system}; expected one of ${Object.keys(runners).join(", ")}`);
process.once("disconnect", () => process.kill(process.pid, "SIGTERM"));
await runWorker(report);
process.exit(0);
