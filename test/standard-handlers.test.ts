// The ready-made handlers (@conveyor/worker-sdk/handlers) run by the standard worker against a
// real server, a real SMTP server (smtp-server) and a real HTTP server, all on this machine.
import { once } from "node:events";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Client } from "@connectrpc/connect";
import { JobState } from "@conveyor/client/gen/conveyor/v1/job_pb.js";
import type { JobService } from "@conveyor/client/gen/conveyor/v1/job_service_pb.js";
import { createStandardWorker, STANDARD_JOB_TYPES, type StandardWorkerOptions } from "@conveyor/worker-sdk/handlers";
import type { Worker } from "@conveyor/worker-sdk";
import { simpleParser, type ParsedMail } from "mailparser";
import { SMTPServer } from "smtp-server";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { grpcClients } from "./support/clients.ts";
import { useConveyor } from "./support/conveyor-harness.ts";
import { testLogger, waitForState } from "./support/execution.ts";
import { jobSpec, jsonPayload } from "./support/jobs.ts";

const { server } = useConveyor({ amqpQueueType: "classic" });
let jobs: Client<typeof JobService>;

/** An SMTP server that accepts user "mailer" with password "s3cret" and keeps every message. */
const received: { envelopeTo: string[]; mail: ParsedMail }[] = [];
let smtp: SMTPServer;
let smtpPort: number;
/** Recipients the SMTP server refuses for good (550). */
const REFUSED = "nobody@refused.test";

/** An HTTP server that answers each request with what the test set for its path. */
const requests: { method: string; path: string; headers: IncomingMessage["headers"]; body: string }[] = [];
const answers = new Map<string, { status: number; headers?: Record<string, string> }>();
let http: Server;
let httpUrl: string;

const workers: Worker<never>[] = [];

beforeAll(async () => {
  jobs = grpcClients(server().url).jobs;
  smtp = new SMTPServer({
    disabledCommands: ["STARTTLS"],
    authMethods: ["PLAIN", "LOGIN"],
    allowInsecureAuth: true,
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === "mailer" && auth.password === "s3cret") callback(null, { user: "mailer" });
      else callback(new Error("bad credentials"));
    },
    onRcptTo(address, _session, callback) {
      if (address.address === REFUSED) callback(Object.assign(new Error("no such mailbox"), { responseCode: 550 }));
      else callback();
    },
    onData(stream, session, callback) {
      simpleParser(stream).then(
        (mail) => {
          received.push({ envelopeTo: session.envelope.rcptTo.map((r) => r.address), mail });
          callback();
        },
        (error: Error) => callback(error),
      );
    },
  });
  smtp.listen(0, "127.0.0.1");
  await once(smtp.server, "listening");
  smtpPort = (smtp.server.address() as AddressInfo).port;

  http = createServer((request, response) => {
    let body = "";
    request.on("data", (chunk: Buffer) => (body += chunk.toString()));
    request.on("end", () => {
      requests.push({ method: request.method!, path: request.url!, headers: request.headers, body });
      const answer = answers.get(request.url!) ?? { status: 200 };
      response.writeHead(answer.status, { "content-type": "text/plain", ...answer.headers });
      response.end(`answered ${answer.status}`);
    });
  });
  http.listen(0, "127.0.0.1");
  await once(http, "listening");
  httpUrl = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
});

afterEach(async () => {
  await Promise.all(workers.splice(0).map((worker) => worker.stop({ force: true })));
});

afterAll(async () => {
  await new Promise<void>((resolve) => smtp.close(resolve));
  http.closeAllConnections();
  await new Promise<void>((resolve) => http.close(() => resolve()));
});

/** Starts a standard worker on `queue` and waits until its lease stream is open. */
async function startStandardWorker(queue: string, more: Partial<StandardWorkerOptions> = {}): Promise<Worker<never>> {
  const worker = createStandardWorker({ url: server().url, queues: [queue], logger: testLogger(), abortGraceMs: 1_000, ...more });
  workers.push(worker);
  const connected = new Promise<void>((resolve) => worker.on("connection", (state) => state === "connected" && resolve()));
  worker.run().catch(() => {});
  await connected;
  return worker;
}

const smtpSettings = () => ({ smtpUrl: `smtp://mailer@127.0.0.1:${smtpPort}`, from: "Conveyor <conveyor@example.test>" });

async function submit(queue: string, type: string, payload: Record<string, unknown>, more: Record<string, unknown> = {}) {
  const { job } = await jobs.submitJob({ job: jobSpec(queue, { type, payload: jsonPayload(payload as never), ...more }) });
  return job!.id;
}

describe("the standard worker", () => {
  it("registers every handler under its name and its upper-case alias", async () => {
    const worker = createStandardWorker({ url: server().url, queues: ["q"], logger: testLogger(), email: smtpSettings() });
    workers.push(worker);
    const registered: string[] = [];
    const handle = worker.handle.bind(worker);
    // handle() refuses duplicates, so registering them again tells us they are all there.
    for (const type of Object.values(STANDARD_JOB_TYPES).flat()) {
      expect(() => handle(type, () => {}), type).toThrow(/already registered/);
      registered.push(type);
    }
    expect(registered).toEqual(["send_email", "SEND_EMAIL", "webhook_call", "WEBHOOK_CALL", "delayed_message", "DELAYED_MESSAGE", "fail_sometimes", "FAIL_SOMETIMES"]);
  });
});

describe("send_email", () => {
  it("renders the templates and delivers the message through SMTP, authenticated with the password file", async () => {
    const { writeFileSync, mkdtempSync } = await import("node:fs");
    const { join } = await import("node:path");
    const { tmpdir } = await import("node:os");
    const passwordFile = join(mkdtempSync(join(tmpdir(), "conveyor-smtp-")), "password");
    writeFileSync(passwordFile, "s3cret\n");
    await startStandardWorker("mail", { email: { ...smtpSettings(), passwordFile } });
    const id = await submit("mail", "SEND_EMAIL", {
      to: ["ada@example.test"],
      subject: "Welcome, {{name}}",
      text: "Hello {{ name }}, you are user #{{n}}.",
      html: "<p>Hello {{name}}</p>",
      vars: { name: "Ada <admin>", n: 42 },
    });
    const job = await waitForState(jobs, id, JobState.SUCCEEDED, 20_000);
    const mail = received.find((m) => m.mail.headers.get("x-conveyor-job-id") === id);
    expect(mail, "the SMTP server received the message").toBeDefined();
    expect(mail!.envelopeTo).toEqual(["ada@example.test"]);
    expect(mail!.mail.subject).toBe("Welcome, Ada <admin>");
    expect(mail!.mail.text?.trim()).toBe("Hello Ada <admin>, you are user #42.");
    expect(mail!.mail.html).toBe("<p>Hello Ada &lt;admin&gt;</p>");
    expect(mail!.mail.from?.text).toBe('"Conveyor" <conveyor@example.test>');
    const result = job.result?.kind.case === "json" ? job.result.kind.value : undefined;
    expect(result).toMatchObject({ accepted: ["ada@example.test"], rejected: [], messageId: mail!.mail.messageId });
  });

  it("fails for good on a payload that does not fit, naming the fields", async () => {
    await startStandardWorker("mail-bad", { email: smtpSettings() });
    const id = await submit("mail-bad", "send_email", { to: "not-an-address", subject: "" }, { maxAttempts: 5 });
    const job = await waitForState(jobs, id, JobState.DEAD, 20_000);
    expect(job.attempt).toBe(1);
    expect(job.lastError).toContain("to: must be an email address");
    expect(job.lastError).toContain("subject: is required");
    expect(job.lastError).toContain("text: needs text or html");
  });

  it("fails for good when a template names a variable it was not given", async () => {
    await startStandardWorker("mail-vars", { email: smtpSettings() });
    const id = await submit("mail-vars", "send_email", { to: "a@example.test", subject: "Hi {{who}}", text: "x" }, { maxAttempts: 5 });
    const job = await waitForState(jobs, id, JobState.DEAD, 20_000);
    expect(job.lastError).toContain("subject: no value for {{who}}");
  });

  it("fails for good when the SMTP server refuses the recipient (5xx)", async () => {
    await startStandardWorker("mail-refused", { email: { ...smtpSettings(), smtpUrl: `smtp://mailer:s3cret@127.0.0.1:${smtpPort}` } });
    const id = await submit("mail-refused", "send_email", { to: REFUSED, subject: "s", text: "t" }, { maxAttempts: 5 });
    const job = await waitForState(jobs, id, JobState.DEAD, 20_000);
    expect(job.attempt).toBe(1);
    expect(job.lastError).toMatch(/SMTP delivery failed: .*no such mailbox/);
  });

  it("retries when the SMTP server cannot be reached", async () => {
    const closed = createServer();
    closed.listen(0, "127.0.0.1");
    await once(closed, "listening");
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    await startStandardWorker("mail-down", { email: { smtpUrl: `smtp://127.0.0.1:${port}`, from: "x@example.test" } });
    const id = await submit("mail-down", "send_email", { to: "a@example.test", subject: "s", text: "t" }, {
      maxAttempts: 2,
      backoff: { initial: { nanos: 10_000_000 }, jitter: 1e-9 },
    });
    const job = await waitForState(jobs, id, JobState.DEAD, 20_000);
    expect(job.attempt).toBe(2);
    expect(job.lastError).toMatch(/SMTP delivery failed: .*ECONNREFUSED/);
  });
});

describe("webhook_call", () => {
  it("sends the request and returns the answer", async () => {
    await startStandardWorker("hooks");
    answers.set("/ok", { status: 201 });
    const id = await submit("hooks", "WEBHOOK_CALL", { url: `${httpUrl}/ok`, method: "PUT", body: { order: 7 }, headers: { "x-extra": "yes" } });
    const job = await waitForState(jobs, id, JobState.SUCCEEDED, 20_000);
    expect(job.result?.kind.value).toEqual({ status: 201, body: "answered 201" });
    const request = requests.find((r) => r.path === "/ok")!;
    expect(request).toMatchObject({ method: "PUT", body: JSON.stringify({ order: 7 }) });
    expect(request.headers["x-conveyor-job-id"]).toBe(id);
    expect(request.headers["x-extra"]).toBe("yes");
    expect(request.headers["content-type"]).toBe("application/json");
  });

  it("does not retry a 4xx answer", async () => {
    await startStandardWorker("hooks-4xx");
    answers.set("/missing", { status: 404 });
    const id = await submit("hooks-4xx", "webhook_call", { url: `${httpUrl}/missing` }, { maxAttempts: 5 });
    const job = await waitForState(jobs, id, JobState.DEAD, 20_000);
    expect(job.attempt).toBe(1);
    expect(job.lastError).toContain("answered HTTP 404");
    expect(requests.filter((r) => r.path === "/missing")).toHaveLength(1);
  });

  it("retries 5xx, 408 and 429 within the job's attempts", async () => {
    await startStandardWorker("hooks-5xx");
    const fast = { maxAttempts: 3, backoff: { initial: { nanos: 10_000_000 }, jitter: 1e-9 } };
    for (const status of [503, 408, 429]) {
      answers.set(`/flaky-${status}`, { status });
      const id = await submit("hooks-5xx", "webhook_call", { url: `${httpUrl}/flaky-${status}` }, fast);
      const job = await waitForState(jobs, id, JobState.DEAD, 20_000);
      expect(job.attempt, `HTTP ${status}`).toBe(3);
      expect(requests.filter((r) => r.path === `/flaky-${status}`), `HTTP ${status}`).toHaveLength(3);
    }
  });

  it("retries a timed-out call, and refuses a payload without a usable URL", async () => {
    await startStandardWorker("hooks-timeout");
    const slow = createServer(() => {}); // never answers
    slow.listen(0, "127.0.0.1");
    await once(slow, "listening");
    try {
      const url = `http://127.0.0.1:${(slow.address() as AddressInfo).port}/slow`;
      const id = await submit("hooks-timeout", "webhook_call", { url, timeoutMs: 200 }, { maxAttempts: 2, backoff: { initial: { nanos: 10_000_000 }, jitter: 1e-9 } });
      const job = await waitForState(jobs, id, JobState.DEAD, 20_000);
      expect(job.attempt).toBe(2);
      expect(job.lastError).toContain("timed out after 200ms");
    } finally {
      slow.closeAllConnections();
      slow.close();
    }
    const bad = await submit("hooks-timeout", "webhook_call", { url: "ftp://example.test/x" }, { maxAttempts: 5 });
    const dead = await waitForState(jobs, bad, JobState.DEAD, 20_000);
    expect(dead.attempt).toBe(1);
    expect(dead.lastError).toContain("url: must be an http:// or https:// URL");
  });
});

describe("delayed_message", () => {
  it("delivers the message when the job falls due, not before", async () => {
    await startStandardWorker("later");
    const submittedAt = Date.now();
    const id = await submit("later", "DELAYED_MESSAGE", { message: "remember the milk" }, { delay: { nanos: 800_000_000 } });
    const job = await waitForState(jobs, id, JobState.SUCCEEDED, 20_000);
    const result = job.result?.kind.value as { message: string; deliveredAt: string; lateByMs: number };
    expect(result.message).toBe("remember the milk");
    expect(Date.parse(result.deliveredAt) - submittedAt).toBeGreaterThanOrEqual(800);
    expect(result.lateByMs).toBeGreaterThanOrEqual(0);
  });
});

describe("fail_sometimes", () => {
  it("fails every attempt at rate 1, none at rate 0, and goes straight to DEAD when asked", async () => {
    await startStandardWorker("chaos");
    const fast = { backoff: { initial: { nanos: 10_000_000 }, jitter: 1e-9 } };
    const always = await submit("chaos", "fail_sometimes", { failureRate: 1 }, { maxAttempts: 3, ...fast });
    const never = await submit("chaos", "FAIL_SOMETIMES", { failureRate: 0 }, { maxAttempts: 3, ...fast });
    const final = await submit("chaos", "fail_sometimes", { failureRate: 1, nonRetryable: true, message: "boom" }, { maxAttempts: 3, ...fast });
    const bad = await submit("chaos", "fail_sometimes", { failureRate: 2 }, { maxAttempts: 3, ...fast });
    expect((await waitForState(jobs, always, JobState.DEAD, 20_000)).attempt).toBe(3);
    expect((await waitForState(jobs, never, JobState.SUCCEEDED, 20_000)).attempt).toBe(1);
    const finalJob = await waitForState(jobs, final, JobState.DEAD, 20_000);
    expect([finalJob.attempt, finalJob.lastError]).toEqual([1, "boom (failure rate 1, attempt 1)"]);
    const badJob = await waitForState(jobs, bad, JobState.DEAD, 20_000);
    expect([badJob.attempt, badJob.lastError]).toEqual([1, "fail_sometimes: invalid payload: failureRate: must be from 0 to 1"]);
  });

  it("fails the configured share of attempts", async () => {
    // A fixed sequence instead of Math.random: 0.1, 0.3, 0.5, 0.7, 0.9 against a rate of 0.6.
    let i = 0;
    const random = () => [0.1, 0.3, 0.5, 0.7, 0.9][i++ % 5]!;
    await startStandardWorker("chaos-share", { concurrency: 1, failSometimes: { random } });
    const ids: string[] = [];
    for (let n = 0; n < 5; n++) ids.push(await submit("chaos-share", "fail_sometimes", { failureRate: 0.6 }, { maxAttempts: 1 }));
    const states = await Promise.all(ids.map(async (id) => (await waitForJobEnd(id)).state));
    expect(states.filter((s) => s === JobState.DEAD)).toHaveLength(3);
    expect(states.filter((s) => s === JobState.SUCCEEDED)).toHaveLength(2);
  });
});

async function waitForJobEnd(id: string) {
  for (const target of [JobState.SUCCEEDED, JobState.DEAD]) {
    try {
      return await waitForState(jobs, id, target, 20_000);
    } catch (error) {
      if (!/ended/.test((error as Error).message)) throw error;
    }
  }
  throw new Error(`job ${id} ended neither SUCCEEDED nor DEAD`);
}
