// An SDK worker run as a child process by the crash tests (see child-processes.ts). It reports on
// stdout, one JSON object a line: its connection state, and each job it starts.
//
//   TEST_WORKER_MODE=block   handlers never return (until the process is stopped or killed)
//   TEST_WORKER_MODE=record  handlers insert (job_id, attempt, worker_id) into the table
//                            `executions` of TEST_WORKER_DATABASE_URL, then succeed
import { createWorker } from "@conveyor/worker-sdk";
import pg from "pg";
import { pino } from "pino";

const env = process.env;
const mode = env["TEST_WORKER_MODE"];
const workerId = env["TEST_WORKER_ID"]!;
const say = (event: Record<string, unknown>) => process.stdout.write(JSON.stringify(event) + "\n");

const pool = mode === "record" ? new pg.Pool({ connectionString: env["TEST_WORKER_DATABASE_URL"], max: 4 }) : undefined;

const worker = createWorker({
  url: env["TEST_WORKER_URL"],
  queues: env["TEST_WORKER_QUEUES"]!.split(","),
  concurrency: Number(env["TEST_WORKER_CONCURRENCY"] ?? 1),
  workerId,
  logger: pino({ level: env["CONVEYOR_TEST_LOG_LEVEL"] || "silent" }, pino.destination(2)),
});

for (const type of env["TEST_WORKER_TYPES"]!.split(",")) {
  worker.handle(type, async (job) => {
    say({ event: "started", jobId: job.id, attempt: job.attempt });
    if (mode === "block") await new Promise(() => {});
    await pool!.query("insert into executions (job_id, attempt, worker_id) values ($1, $2, $3)", [job.id, job.attempt, workerId]);
    return { worker: workerId };
  });
}

worker.on("connection", (state) => say({ event: "connection", state }));
worker.installSignalHandlers();
await worker.run();
await pool?.end();
