// An example Conveyor worker with four job types. Run it with `npm run worker:example`.
//
// Environment: CONVEYOR_URL (http://127.0.0.1:50051), CONVEYOR_NAMESPACE ("default"),
// CONVEYOR_QUEUES ("default,emails,webhooks"), CONVEYOR_CONCURRENCY (10), CONVEYOR_TOKEN or
// CONVEYOR_TOKEN_FILE (a token with the `worker` scope: `npm run -s token -- --scope worker`; a file
// as docker-compose.yml mounts it),
// CONVEYOR_LOG_LEVEL ("info"), CONVEYOR_MAIL_SINK (a .jsonl file; defaults to one under the OS
// temp directory), CONVEYOR_HEALTH_PORT (serve GET /healthz there, for container probes; unset:
// none).
import { randomUUID } from "node:crypto";
import { appendFile } from "node:fs/promises";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { JsonObject } from "@bufbuild/protobuf";
import { Code, ConnectError } from "@connectrpc/connect";
import { createWorker, NonRetryableError, RetryAfterError } from "../src/index.ts";

/** The payload of each job type this worker handles. */
type ExampleJobs = {
  send_email: { to: string; subject: string; template: string; vars?: Record<string, string | number | boolean> };
  webhook_call: { url: string; body?: JsonObject; timeoutMs?: number };
  delayed_message: { message: string };
  fail_sometimes: { probability: number };
};

const env = process.env;

const mailSink = env["CONVEYOR_MAIL_SINK"] || join(tmpdir(), "conveyor-mail-sink.jsonl");

// The SDK takes its token from CONVEYOR_TOKEN or CONVEYOR_TOKEN_FILE, as it takes CONVEYOR_URL.
const worker = createWorker<ExampleJobs>({
  namespace: env["CONVEYOR_NAMESPACE"] || undefined,
  queues: (env["CONVEYOR_QUEUES"] || "default,emails,webhooks")
    .split(",")
    .map((queue) => queue.trim())
    .filter(Boolean),
  concurrency: env["CONVEYOR_CONCURRENCY"] ? Number(env["CONVEYOR_CONCURRENCY"]) : undefined,
});

// Renders {{name}} placeholders in the subject and body, and "delivers" the mail by appending a
// JSON line to a local file: no real provider.
worker.handle("send_email", async (job, ctx) => {
  const { to, subject, template, vars = {} } = job.payload;
  if (typeof to !== "string" || !/^[^@\s]+@[^@\s]+$/.test(to)) throw new NonRetryableError(`invalid recipient ${JSON.stringify(to)}`);
  if (typeof template !== "string") throw new NonRetryableError("template must be a string");
  const render = (text: string) =>
    text.replace(/\{\{\s*([\w.-]+)\s*\}\}/g, (_, name: string) => (name in vars ? String(vars[name]) : ""));
  const mail = {
    messageId: randomUUID(),
    jobId: job.id,
    to,
    subject: render(typeof subject === "string" ? subject : ""),
    body: render(template),
    sentAt: new Date().toISOString(),
  };
  ctx.signal.throwIfAborted();
  await appendFile(mailSink, JSON.stringify(mail) + "\n");
  ctx.log("email delivered to the local sink", { to, sink: mailSink });
  return { messageId: mail.messageId, deliveredAt: mail.sentAt };
});

// A real HTTP POST. Network errors, timeouts and 5xx retry; 4xx other than 408 and 429 does not.
worker.handle("webhook_call", async (job, ctx) => {
  const { url, body = {}, timeoutMs = 10_000 } = job.payload;
  if (typeof url !== "string" || !/^https?:\/\//.test(url)) throw new NonRetryableError(`invalid webhook url ${JSON.stringify(url)}`);
  if (typeof timeoutMs !== "number" || !(timeoutMs > 0)) throw new NonRetryableError("timeoutMs must be a positive number");
  let response: Response;
  try {
    response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", "x-conveyor-job-id": job.id },
      body: JSON.stringify(body),
      signal: AbortSignal.any([ctx.signal, AbortSignal.timeout(timeoutMs)]),
    });
  } catch (error) {
    if (ctx.signal.aborted) throw error;
    if (error instanceof DOMException && error.name === "TimeoutError") throw new Error(`webhook timed out after ${timeoutMs}ms`);
    throw new Error(`webhook request failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  const text = await response.text().catch(() => "");
  if (response.ok) return { status: response.status, body: text.slice(0, 1_000) };
  const message = `webhook answered HTTP ${response.status}: ${text.slice(0, 200)}`;
  if (response.status === 429) {
    const retryAfterSeconds = Number(response.headers.get("retry-after"));
    if (Number.isFinite(retryAfterSeconds) && retryAfterSeconds > 0) throw new RetryAfterError(retryAfterSeconds * 1_000, message);
  }
  if (response.status >= 400 && response.status < 500 && response.status !== 408 && response.status !== 429) {
    throw new NonRetryableError(message);
  }
  throw new Error(message);
});

worker.handle("delayed_message", (job, ctx) => {
  ctx.log("delayed message", { message: job.payload.message });
  return { deliveredAt: new Date().toISOString() };
});

// For trying out retries and dead jobs.
worker.handle("fail_sometimes", (job) => {
  const { probability } = job.payload;
  if (typeof probability !== "number" || probability < 0 || probability > 1) {
    throw new NonRetryableError(`probability must be a number from 0 to 1, got ${JSON.stringify(probability)}`);
  }
  if (Math.random() < probability) throw new Error(`simulated failure (probability ${probability})`);
  return { ok: true };
});

// Liveness only: 200 until the worker has stopped. Not tied to the connection, so that a server
// outage (which the worker rides out by reconnecting) does not get every worker restarted.
if (env["CONVEYOR_HEALTH_PORT"]) {
  const health = createServer((request, response) => {
    const alive = request.url === "/healthz" && worker.state !== "stopped";
    response.writeHead(alive ? 200 : request.url === "/healthz" ? 503 : 404, { "content-type": "application/json" });
    response.end(JSON.stringify({ state: worker.state, connection: worker.connection }));
  });
  health.listen(Number(env["CONVEYOR_HEALTH_PORT"]));
  worker.on("state", (state) => state === "stopped" && health.close());
}

worker.installSignalHandlers();
try {
  await worker.run();
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  if (ConnectError.from(error).code === Code.Unauthenticated && !env["CONVEYOR_TOKEN"] && !env["CONVEYOR_TOKEN_FILE"]) {
    console.error("the server wants a token: CONVEYOR_TOKEN=$(npm run -s token -- --scope worker) npm run worker:example");
  }
  process.exitCode = 1;
}
