// A worker running the ready-made handlers (send_email, webhook_call, delayed_message,
// fail_sometimes, and their upper-case aliases). Run it with `npm run worker:standard`.
// Environment: see standardWorkerOptionsFromEnv in src/handlers/standard-worker.ts.
import { runStandardWorker, standardWorkerOptionsFromEnv } from "../src/handlers/index.ts";

try {
  await runStandardWorker(standardWorkerOptionsFromEnv());
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
}
