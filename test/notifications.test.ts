// Notifications when jobs finish: email through a real SMTP server (smtp-server, started here) and
// webhooks, chosen per job and per queue and per outcome; and which webhook answers are retried.
import { once } from "node:events";
import { mkdtempSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Code, type Client } from "@connectrpc/connect";
import type { AdminService } from "@conveyor/client/gen/conveyor/v1/admin_service_pb.js";
import { JobState } from "@conveyor/client/gen/conveyor/v1/job_pb.js";
import type { JobService } from "@conveyor/client/gen/conveyor/v1/job_service_pb.js";
import { NonRetryableError } from "@conveyor/worker-sdk";
import { simpleParser, type ParsedMail } from "mailparser";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ConveyorServer } from "../server/src/conveyor-server.ts";
import { adminClient } from "./support/admin.ts";
import { grpcClients } from "./support/clients.ts";
import { useConveyor } from "./support/conveyor-harness.ts";
import { pollUntil, useWorkers, waitForState } from "./support/execution.ts";
import { jobSpec } from "./support/jobs.ts";
import { rpcError } from "./support/rpc.ts";

const { installation } = useConveyor({ amqpQueueType: "classic" }, { startServer: false });
let server: ConveyorServer;
const workers = useWorkers(() => server.url);
let jobs: Client<typeof JobService>;
let admin: Client<typeof AdminService>;

/** Mail the SMTP server accepted; recipients it answers 451 (try later) to, a given number of times. */
const mailbox: { to: string[]; mail: ParsedMail }[] = [];
const busyFor = new Map<string, number>();
let smtp: SMTPServer;
/** Webhook calls by path; each path answers its next status (200 once they run out). */
const calls = new Map<string, number>();
const statuses = new Map<string, number[]>();
let hooks: Server;
let hooksUrl: string;

beforeAll(async () => {
  smtp = new SMTPServer({
    disabledCommands: ["STARTTLS"],
    allowInsecureAuth: true,
    logger: false,
    onAuth: (auth, _session, callback) =>
      auth.username === "conveyor" && auth.password === "smtp-secret" ? callback(null, { user: "conveyor" }) : callback(new Error("bad credentials")),
    onRcptTo(address, _session, callback) {
      const busy = busyFor.get(address.address) ?? 0;
      if (busy > 0) {
        busyFor.set(address.address, busy - 1);
        return callback(Object.assign(new Error("mailbox busy, try later"), { responseCode: 451 }));
      }
      callback();
    },
    onData(stream, session, callback) {
      simpleParser(stream).then((mail) => {
        mailbox.push({ to: session.envelope.rcptTo.map((r) => r.address), mail });
        callback();
      }, callback);
    },
  });
  smtp.listen(0, "127.0.0.1");
  await once(smtp.server, "listening");
  hooks = createServer((request, response) => {
    calls.set(request.url!, (calls.get(request.url!) ?? 0) + 1);
    request.resume();
    request.on("end", () => {
      response.statusCode = statuses.get(request.url!)?.shift() ?? 200;
      response.end();
    });
  });
  hooks.listen(0, "127.0.0.1");
  await once(hooks, "listening");
  hooksUrl = `http://127.0.0.1:${(hooks.address() as AddressInfo).port}`;

  const passwordFile = join(mkdtempSync(join(tmpdir(), "conveyor-smtp-")), "password");
  writeFileSync(passwordFile, "smtp-secret\n");
  server = await installation.startServer({
    smtpUrl: `smtp://conveyor@127.0.0.1:${(smtp.server.address() as AddressInfo).port}`,
    smtpPasswordFile: passwordFile,
    emailFrom: "Jobs <jobs@example.test>",
    webhookIntervalMs: 50,
    webhookBackoffMs: 50,
    webhookMaxAttempts: 3,
    // The webhook receiver is on this machine, which webhooks may not reach by default.
    webhookAllowedHosts: "127.0.0.1",
  });
  jobs = grpcClients(server.url).jobs;
  admin = adminClient(server.url);
});

afterAll(async () => {
  await new Promise<void>((resolve) => smtp.close(resolve));
  hooks.closeAllConnections();
  await new Promise((resolve) => hooks.close(resolve));
});

const mailFor = (jobId: string) => mailbox.filter((m) => m.mail.headers.get("x-conveyor-job-id") === jobId);
const deliveries = (table: "email_deliveries" | "webhook_deliveries", jobId: string) =>
  installation.sql<{ state: string; attempts: number; last_error: string | null }>(`select state, attempts, last_error from ${table} where job_id = $1`, [jobId]);

/** A worker on `queue` whose "ok" jobs succeed and "bad" jobs fail for good. */
async function startWorker(queue: string) {
  await workers.start({ queues: [queue] }, (w) =>
    w
      .handle("ok", () => ({ fine: true }))
      .handle("bad", () => {
        throw new NonRetryableError("it broke");
      }),
  );
}

describe("email notifications", () => {
  it("mails a job's recipients on the outcomes it chose, and only those", async () => {
    await startWorker("mailed");
    const notifications = { emailTo: ["ops@example.test", "dev@example.test"], emailOn: [JobState.DEAD] };
    const { job: fine } = await jobs.submitJob({ job: jobSpec("mailed", { type: "ok", notifications }) });
    await waitForState(jobs, fine!.id, JobState.SUCCEEDED, 20_000);
    const { job: broken } = await jobs.submitJob({ job: jobSpec("mailed", { type: "bad", notifications }) });
    await waitForState(jobs, broken!.id, JobState.DEAD, 20_000);

    const [mail] = await pollUntil("the DEAD job's email", async () => mailFor(broken!.id), (m) => m.length > 0, 20_000);
    expect(mail!.to.sort()).toEqual(["dev@example.test", "ops@example.test"]);
    expect(mail!.mail.subject).toBe(`[Conveyor] job bad DEAD: ${broken!.id}`);
    expect(mail!.mail.text).toContain("Last error: it broke");
    expect(mail!.mail.from?.text).toBe('"Jobs" <jobs@example.test>');
    expect(await deliveries("email_deliveries", broken!.id)).toEqual([{ state: "DELIVERED", attempts: 1, last_error: null }]);
    // Written with the finishing transaction or not at all: the SUCCEEDED job has none.
    expect(await deliveries("email_deliveries", fine!.id)).toEqual([]);
    expect((await jobs.getJob({ id: broken!.id })).job!.notifications).toMatchObject({ emailTo: notifications.emailTo, emailOn: [JobState.DEAD], webhookOn: [] });
  });

  it("retries a temporary SMTP refusal until the message is accepted", async () => {
    await startWorker("mail-retry");
    busyFor.set("later@example.test", 1);
    const { job } = await jobs.submitJob({ job: jobSpec("mail-retry", { type: "ok", notifications: { emailTo: ["later@example.test"] } }) });
    await waitForState(jobs, job!.id, JobState.SUCCEEDED, 20_000);
    await pollUntil("the email", async () => mailFor(job!.id), (m) => m.length === 1, 20_000);
    expect(await deliveries("email_deliveries", job!.id)).toEqual([{ state: "DELIVERED", attempts: 2, last_error: null }]);
  });

  it("uses the queue's recipients and outcomes for jobs that leave them empty", async () => {
    await startWorker("queue-mail");
    const { queue } = await admin.setQueueNotifications({
      queue: "queue-mail",
      notifications: { emailTo: ["team@example.test"], emailOn: [JobState.SUCCEEDED], webhookOn: [JobState.DEAD] },
      webhookRetryStatuses: [404],
    });
    expect(queue).toMatchObject({ name: "queue-mail", notifications: { emailTo: ["team@example.test"], emailOn: [JobState.SUCCEEDED], webhookOn: [JobState.DEAD] }, webhookRetryStatuses: [404] });
    const { job: ok } = await jobs.submitJob({ job: jobSpec("queue-mail", { type: "ok", webhookUrl: `${hooksUrl}/queue-mail` }) });
    const { job: overridden } = await jobs.submitJob({ job: jobSpec("queue-mail", { type: "bad", notifications: { emailTo: ["own@example.test"], emailOn: [JobState.DEAD] } }) });
    await waitForState(jobs, ok!.id, JobState.SUCCEEDED, 20_000);
    await waitForState(jobs, overridden!.id, JobState.DEAD, 20_000);
    const [okMail] = await pollUntil("the queue's email", async () => mailFor(ok!.id), (m) => m.length > 0, 20_000);
    expect(okMail!.to).toEqual(["team@example.test"]);
    const [ownMail] = await pollUntil("the job's own email", async () => mailFor(overridden!.id), (m) => m.length > 0, 20_000);
    expect(ownMail!.to).toEqual(["own@example.test"]);
    // The queue calls its webhooks on DEAD only: the SUCCEEDED job's webhook is not called.
    expect(await deliveries("webhook_deliveries", ok!.id)).toEqual([]);
  });
});

describe("webhooks", () => {
  it("are called only on the outcomes chosen", async () => {
    await startWorker("hook-choice");
    const { job: fine } = await jobs.submitJob({ job: jobSpec("hook-choice", { type: "ok", webhookUrl: `${hooksUrl}/fine`, notifications: { webhookOn: [JobState.DEAD, JobState.CANCELLED] } }) });
    const { job: broken } = await jobs.submitJob({ job: jobSpec("hook-choice", { type: "bad", webhookUrl: `${hooksUrl}/broken`, notifications: { webhookOn: [JobState.DEAD] } }) });
    await waitForState(jobs, fine!.id, JobState.SUCCEEDED, 20_000);
    await waitForState(jobs, broken!.id, JobState.DEAD, 20_000);
    await pollUntil("the DEAD job's webhook", async () => (await deliveries("webhook_deliveries", broken!.id))[0]?.state, (s) => s === "DELIVERED", 20_000);
    expect(await deliveries("webhook_deliveries", fine!.id)).toEqual([]);
    expect(calls.get("/fine")).toBeUndefined();
  });

  it("retries 503 and 429 answers but fails for good on a 404, unless the queue retries 404", async () => {
    await startWorker("hook-retry");
    await startWorker("hook-retry-404");
    await admin.setQueueNotifications({ queue: "hook-retry-404", webhookRetryStatuses: [404] });
    statuses.set("/gone", [404, 404, 404]);
    statuses.set("/busy", [503, 429]);
    statuses.set("/gone-but-retried", [404]);
    const submit = async (queue: string, path: string) => (await jobs.submitJob({ job: jobSpec(queue, { type: "ok", webhookUrl: `${hooksUrl}${path}` }) })).job!.id;
    const gone = await submit("hook-retry", "/gone");
    const busy = await submit("hook-retry", "/busy");
    const retried = await submit("hook-retry-404", "/gone-but-retried");
    const settled = (id: string) => pollUntil(`the webhook delivery of ${id}`, () => deliveries("webhook_deliveries", id), (rows) => rows[0]?.state !== undefined && rows[0].state !== "PENDING", 20_000);
    expect(await settled(gone)).toEqual([{ state: "FAILED", attempts: 1, last_error: "HTTP 404" }]);
    expect(await settled(busy)).toEqual([{ state: "DELIVERED", attempts: 3, last_error: null }]);
    expect(await settled(retried)).toEqual([{ state: "DELIVERED", attempts: 2, last_error: null }]);
    expect(calls.get("/gone")).toBe(1);
  });
});

describe("validation", () => {
  it("refuses bad notification choices, naming the field", async () => {
    const cases: [Parameters<typeof jobs.submitJob>[0], Code, RegExp][] = [
      [{ job: jobSpec("v", { notifications: { emailTo: ["not an address"] } }) }, Code.InvalidArgument, /^job\.notifications\.email_to\[0\]: must be email addresses/],
      [{ job: jobSpec("v", { notifications: { webhookOn: [JobState.RUNNING] } }) }, Code.InvalidArgument, /^job\.notifications\.webhook_on: must name terminal states/],
      [{ job: jobSpec("v", { notifications: { emailOn: [99 as JobState] } }) }, Code.InvalidArgument, /^job\.notifications\.email_on: /],
      [{ job: jobSpec("v", { notifications: { emailTo: Array.from({ length: 21 }, (_, i) => `a${i}@example.test`) } }) }, Code.InvalidArgument, /at most 20/],
    ];
    for (const [request, code, message] of cases) {
      const error = await rpcError(jobs.submitJob(request));
      expect([Code[error.code], error.rawMessage]).toEqual([Code[code], expect.stringMatching(message)]);
    }
    const statusError = await rpcError(admin.setQueueNotifications({ queue: "v", webhookRetryStatuses: [200] }));
    expect([Code[statusError.code], statusError.rawMessage]).toEqual(["InvalidArgument", expect.stringMatching(/^webhook_retry_statuses\[0\]: must be HTTP statuses from 400 to 599/)]);
  });

  it("refuses email notifications on a server without SMTP settings", async () => {
    const noMail = await installation.startServer({});
    const client = grpcClients(noMail.url).jobs;
    const error = await rpcError(client.submitJob({ job: jobSpec("v", { notifications: { emailTo: ["ops@example.test"] } }) }));
    expect([Code[error.code], error.rawMessage]).toEqual(["FailedPrecondition", expect.stringMatching(/^job\.notifications\.email_to: this server sends no email/)]);
    const queueError = await rpcError(adminClient(noMail.url).setQueueNotifications({ queue: "v", notifications: { emailTo: ["ops@example.test"] } }));
    expect(Code[queueError.code]).toBe("FailedPrecondition");
    // Webhook choices need no SMTP.
    expect((await client.submitJob({ job: jobSpec("v", { notifications: { webhookOn: [JobState.DEAD] } }) })).job!.notifications?.webhookOn).toEqual([JobState.DEAD]);
  });
});
