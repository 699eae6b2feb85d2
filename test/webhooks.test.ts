// Webhooks: a job's (or its queue's) URL is POSTed a signed JSON body when the job SUCCEEDED, is
// DEAD or CANCELLED; non-2xx answers are retried with backoff, then the delivery is FAILED.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Code, type Client } from "@connectrpc/connect";
import type { AdminService } from "@conveyor/client/gen/conveyor/v1/admin_service_pb.js";
import { JobState } from "@conveyor/client/gen/conveyor/v1/job_pb.js";
import type { JobService } from "@conveyor/client/gen/conveyor/v1/job_service_pb.js";
import { NonRetryableError } from "@conveyor/worker-sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAddressGuard } from "../server/src/webhooks/address-guard.ts";
import { verifyWebhookSignature } from "../server/src/webhooks/webhook-signature.ts";
import { rpcError } from "./support/rpc.ts";
import { adminClient } from "./support/admin.ts";
import { grpcClients } from "./support/clients.ts";
import { useConveyor } from "./support/conveyor-harness.ts";
import { pollUntil, useWorkers, waitForState } from "./support/execution.ts";
import { jobSpec, jsonPayload } from "./support/jobs.ts";

const SECRET = "webhook-test-secret-0123456789";
const { installation, server } = useConveyor({
  amqpQueueType: "classic",
  webhookSecret: SECRET,
  webhookIntervalMs: 50,
  webhookBackoffMs: 100,
  webhookMaxAttempts: 3,
  webhookTimeoutMs: 1_000,
  // The test's receiver listens on loopback, which webhooks may not call unless allowed.
  webhookAllowedHosts: "127.0.0.1",
});
const workers = useWorkers(() => server().url);
let jobs: Client<typeof JobService>;
let admin: Client<typeof AdminService>;

/** A receiver on a local port: records every request, and answers each path with its next status (200 once they run out). */
interface Received {
  path: string;
  body: string;
  signature: string | undefined;
  contentType: string | undefined;
}
const received: Received[] = [];
const statuses = new Map<string, number[]>();
let receiver: Server;
let base: string;

beforeAll(async () => {
  jobs = grpcClients(server().url).jobs;
  admin = adminClient(server().url);
  receiver = createServer((request, response) => {
    let body = "";
    request.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")));
    request.on("end", () => {
      received.push({
        path: request.url ?? "",
        body,
        signature: request.headers["conveyor-signature"] as string | undefined,
        contentType: request.headers["content-type"],
      });
      response.statusCode = statuses.get(request.url ?? "")?.shift() ?? 200;
      response.end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => receiver.close(() => resolve()));
});

const requestsTo = (path: string) => received.filter((r) => r.path === path);

async function deliveriesOf(jobId: string): Promise<{ state: string; attempts: number; last_error: string | null; url: string }[]> {
  return installation.sql("select state, attempts, last_error, url from webhook_deliveries where job_id = $1 order by id", [jobId]);
}

describe("webhooks", () => {
  it("POSTs the finished job as signed JSON to the job's URL, once", async () => {
    await workers.start({ queues: ["hooked"] }, (w) => w.handle("test.job", () => ({ answer: 42 })));
    const { job } = await jobs.submitJob({ job: jobSpec("hooked", { webhookUrl: `${base}/ok`, payload: jsonPayload({ n: 1 }) }) });
    expect(job?.webhookUrl).toBe(`${base}/ok`);
    await waitForState(jobs, job!.id, JobState.SUCCEEDED);

    const [request] = await pollUntil("webhook received", async () => requestsTo("/ok"), (list) => list.length === 1);
    expect(request!.contentType).toBe("application/json");
    const body = JSON.parse(request!.body);
    expect(body).toMatchObject({ id: job!.id, namespace: "default", queue: "hooked", type: "test.job", state: "SUCCEEDED", result: { answer: 42 }, error: null, attempts: 1 });
    expect(new Date(body.finishedAt).getTime()).toBeGreaterThanOrEqual(new Date(body.createdAt).getTime());

    // The receiver's check, as the README shows it: the signature covers the timestamp and the exact body.
    expect(request!.signature).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(verifyWebhookSignature(SECRET, request!.body, request!.signature!)).toBe(true);
    expect(verifyWebhookSignature(SECRET, request!.body.replace("42", "43"), request!.signature!)).toBe(false);
    expect(verifyWebhookSignature("another-secret-0123456789", request!.body, request!.signature!)).toBe(false);

    await pollUntil("delivery recorded", () => deliveriesOf(job!.id), (rows) => rows[0]?.state === "DELIVERED");
    expect(await deliveriesOf(job!.id)).toEqual([{ state: "DELIVERED", attempts: 1, last_error: null, url: `${base}/ok` }]);
  });

  it("retries after a 500 with the same body, and records the delivery once it is accepted", async () => {
    statuses.set("/flaky", [500]);
    const { job } = await jobs.submitJob({ job: jobSpec("idle", { webhookUrl: `${base}/flaky` }) });
    await jobs.cancelJob({ id: job!.id, reason: "changed my mind" });

    const rows = await pollUntil("delivered on the second attempt", () => deliveriesOf(job!.id), (r) => r[0]?.state === "DELIVERED");
    expect(rows[0]).toMatchObject({ attempts: 2, last_error: null });
    const attempts = requestsTo("/flaky");
    expect(attempts).toHaveLength(2);
    expect(attempts[1]!.body).toBe(attempts[0]!.body);
    expect(JSON.parse(attempts[0]!.body)).toMatchObject({ id: job!.id, state: "CANCELLED", error: "changed my mind", attempts: 0 });
  });

  it("gives up after the configured number of attempts and records the delivery as FAILED", async () => {
    statuses.set("/down", [500, 503, 500, 500, 500]);
    const { job } = await jobs.submitJob({ job: jobSpec("idle", { webhookUrl: `${base}/down` }) });
    await jobs.cancelJob({ id: job!.id, reason: "stop" });

    const rows = await pollUntil("delivery failed for good", () => deliveriesOf(job!.id), (r) => r[0]?.state === "FAILED");
    expect(rows[0]).toMatchObject({ attempts: 3, last_error: "HTTP 500" });
    // No fourth attempt comes, even after more than the next backoff would be.
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(requestsTo("/down")).toHaveLength(3);
  });

  it("uses the queue's webhook for jobs without their own, the job's own when it has one, and none for other queues", async () => {
    await admin.updateQueue({ queue: "notified", webhookUrl: `${base}/queue` });
    await workers.start({ queues: ["notified"] }, (w) =>
      w.handle("test.job", () => undefined).handle("broken", () => {
        throw new NonRetryableError("no way");
      }),
    );
    const { job: viaQueue } = await jobs.submitJob({ job: jobSpec("notified", { type: "broken" }) });
    const { job: own } = await jobs.submitJob({ job: jobSpec("notified", { webhookUrl: `${base}/own` }) });
    const { job: silent } = await jobs.submitJob({ job: jobSpec("idle") });
    await waitForState(jobs, viaQueue!.id, JobState.DEAD);
    await waitForState(jobs, own!.id, JobState.SUCCEEDED);
    await jobs.cancelJob({ id: silent!.id, reason: "no hook" });

    const [queued] = await pollUntil("queue webhook", async () => requestsTo("/queue"), (list) => list.length === 1);
    expect(JSON.parse(queued!.body)).toMatchObject({ id: viaQueue!.id, state: "DEAD", error: "no way", attempts: 1, queue: "notified" });
    const [ownRequest] = await pollUntil("job webhook", async () => requestsTo("/own"), (list) => list.length === 1);
    expect(JSON.parse(ownRequest!.body)).toMatchObject({ id: own!.id, state: "SUCCEEDED" });
    expect(await deliveriesOf(silent!.id)).toEqual([]);
  });
});

describe("webhooks to internal addresses (SSRF)", () => {
  const hostile = [
    "http://127.0.0.1/",
    "http://localhost:8080/hook",
    "http://localhost./hook",
    "http://0x7f000001/",
    "http://2130706433/",
    "http://127.1/",
    "http://[::ffff:127.0.0.1]/",
    "http://[::1]/",
    "http://10.1.2.3/",
    "http://172.16.0.1/",
    "http://192.168.1.1/",
    "http://169.254.169.254/latest/meta-data",
    "http://[fe80::1]/",
    "http://[fd00::1]/",
    "http://100.64.0.1/",
    "http://0.0.0.0/",
  ];

  it("refuses them by default when a job or a queue names one, with INVALID_ARGUMENT naming the field, and stores nothing", async () => {
    const strict = await installation.startServer({ webhookAllowedHosts: "" });
    const strictJobs = grpcClients(strict.url).jobs;
    const strictAdmin = adminClient(strict.url);
    for (const url of hostile) {
      const error = await rpcError(strictJobs.submitJob({ job: jobSpec("ssrf", { webhookUrl: url }) }));
      expect([url, error.code, error.rawMessage]).toEqual([url, Code.InvalidArgument, expect.stringMatching(/^job\.webhook_url: may not call an internal address/)]);
    }
    const queueError = await rpcError(strictAdmin.updateQueue({ queue: "ssrf", webhookUrl: "http://169.254.169.254/" }));
    expect(queueError.code).toBe(Code.InvalidArgument);
    expect(queueError.rawMessage).toMatch(/^webhook_url: may not call an internal address: 169\.254\.169\.254 is a linkLocal address/);
    const [{ n }] = (await installation.sql<{ n: number }>("select count(*)::int as n from jobs where queue = 'ssrf'")) as [{ n: number }];
    expect(n).toBe(0);
    // A public address is accepted as before.
    const { job } = await strictJobs.submitJob({ job: jobSpec("ssrf", { webhookUrl: "https://hooks.example.com/done" }) });
    expect(job?.webhookUrl).toBe("https://hooks.example.com/done");
  });

  it("checks names when it connects: a name that resolves to loopback is refused unless allowed by name or address", async () => {
    const lookup = (guard: ReturnType<typeof createAddressGuard>, host: string) =>
      new Promise<string>((resolve) => guard.lookup(host, {}, (error, address) => resolve(error ? `refused: ${error.message}` : String(address))));
    expect(await lookup(createAddressGuard([]), "localhost")).toMatch(/^refused: webhook host localhost is not allowed: (127\.0\.0\.1|::1) is a loopback address/);
    expect(await lookup(createAddressGuard(["localhost"]), "localhost")).toMatch(/^(127\.0\.0\.1|::1)$/);
    expect(await lookup(createAddressGuard(["127.0.0.0/8", "::1"]), "localhost")).toMatch(/^(127\.0\.0\.1|::1)$/);
    expect(createAddressGuard(["10.0.0.0/8"]).problemWithUrl("http://10.9.8.7/")).toBeUndefined();
    expect(createAddressGuard(["10.0.0.0/8"]).problemWithUrl("http://11.9.8.7/")).toBeUndefined();
    expect(createAddressGuard(["10.0.0.0/8"]).problemWithUrl("http://192.168.0.1/")).toBe("192.168.0.1 is a private address");
  });
});
