// The TypeScript worker-sdk as a conformance worker (see test/worker-conformance.test.ts and
// docs/worker-protocol.md for the contract): it runs jobs of type "conformance" as their payload
// says, until SIGTERM.
import type { JsonObject, JsonValue } from "@bufbuild/protobuf";
import { createWorker } from "@conveyor/worker-sdk";
import { pino } from "pino";

const env = process.env;
const worker = createWorker({
  url: env["CONFORMANCE_URL"],
  queues: [env["CONFORMANCE_QUEUE"]!],
  concurrency: Number(env["CONFORMANCE_CAPACITY"]),
  workerId: env["CONFORMANCE_WORKER_ID"],
  logger: pino({ level: env["CONVEYOR_TEST_LOG_LEVEL"] || "silent" }, pino.destination(2)),
});

type Action = { action: "succeed"; echo?: JsonValue } | { action: "fail"; error: string } | { action: "sleep"; ms: number } | { action: "block" };

worker.handle("conformance", async (job, ctx): Promise<JsonObject> => {
  const payload = job.payload as Action;
  switch (payload.action) {
    case "succeed":
      return { echo: payload.echo ?? null };
    case "fail":
      throw new Error(payload.error);
    case "sleep":
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, payload.ms);
        ctx.signal.addEventListener("abort", () => (clearTimeout(timer), resolve()), { once: true });
      });
      return { slept: payload.ms };
    case "block":
      // Until the server ends the lease (cancelled, timed out); nothing is reported then.
      await new Promise((resolve) => ctx.signal.addEventListener("abort", resolve, { once: true }));
      return {};
  }
});

worker.installSignalHandlers();
await worker.run();
