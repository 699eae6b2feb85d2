// JobService over real gRPC (HTTP/2): what callers of every language see.
import { randomUUID } from "node:crypto";
import { durationFromMs, timestampDate, timestampFromDate, timestampFromMs } from "@bufbuild/protobuf/wkt";
import { Code, ConnectError, type Client } from "@connectrpc/connect";
import { JobState } from "@conveyor/client/gen/conveyor/v1/job_pb.js";
import type { JobService } from "@conveyor/client/gen/conveyor/v1/job_service_pb.js";
import { beforeAll, describe, expect, it } from "vitest";
import { grpcClients } from "./support/clients.ts";
import { useConveyor } from "./support/conveyor-harness.ts";
import { binaryPayload, jobSpec, jobSpecs, jsonPayload, type JobSpecInit } from "./support/jobs.ts";
import { rpcError } from "./support/rpc.ts";

const { installation, server } = useConveyor();
let jobs: Client<typeof JobService>;

beforeAll(() => {
  jobs = grpcClients(server().url).jobs;
});

async function jobRowCount(): Promise<number> {
  const [row] = await installation.sql<{ n: number }>("select count(*)::int as n from jobs");
  return row!.n;
}

async function eventsOf(id: string) {
  return installation.sql<{ from_state: string | null; to_state: string; message: string | null }>(
    "select from_state, to_state, message from job_events where job_id = $1 order by id",
    [id],
  );
}

/** The code and message of a failed call, in one value so that a mismatch shows both. */
async function failure(call: Promise<unknown>): Promise<{ code: string; message: string }> {
  const error = await rpcError(call);
  return { code: Code[error.code], message: error.rawMessage };
}

describe("SubmitJob", () => {
  it("stores a due job as READY and returns it", async () => {
    const { job, created } = await jobs.submitJob({
      job: { queue: "emails", type: "send_email", payload: jsonPayload({ to: "a@example.com", n: 3, tags: ["x"] }) },
    });
    expect(created).toBe(true);
    expect(job?.state).toBe(JobState.READY);
    expect(job?.namespace).toBe("default");
    expect(job?.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(job?.payload?.kind).toEqual({ case: "json", value: { to: "a@example.com", n: 3, tags: ["x"] } });
    expect(job?.attempt).toBe(0);
    expect(job?.finishedAt).toBeUndefined();
    const [row] = await installation.sql("select state, queue, type from jobs where id = $1", [job!.id]);
    expect(row).toEqual({ state: "READY", queue: "emails", type: "send_email" });
    expect(await eventsOf(job!.id)).toEqual([{ from_state: null, to_state: "READY", message: null }]);
  });

  it("applies the defaults to everything left unset", async () => {
    const { job } = await jobs.submitJob({ job: jobSpec("defaults") });
    expect(job).toMatchObject({
      priority: 0,
      maxAttempts: 5,
      timeout: { seconds: 1800n, nanos: 0 },
      backoff: { initial: { seconds: 1n, nanos: 0 }, multiplier: 2, max: { seconds: 3600n, nanos: 0 }, jitter: 0.2 },
      idempotencyKey: "",
      labels: {},
      lastError: "",
    });
    expect(job?.payload).toBeUndefined();
    // Due now: run_at is the submission time.
    expect(Math.abs(timestampDate(job!.runAt!).getTime() - timestampDate(job!.createdAt!).getTime())).toBeLessThan(5_000);
  });

  it("keeps every option that was set", async () => {
    const { job } = await jobs.submitJob({
      job: jobSpec("options", {
        priority: -7,
        maxAttempts: 12,
        timeout: durationFromMs(90_000),
        backoff: { initial: durationFromMs(250), multiplier: 3, max: durationFromMs(60_000), jitter: 0.5 },
      }),
    });
    expect(job).toMatchObject({
      priority: -7,
      maxAttempts: 12,
      timeout: { seconds: 90n, nanos: 0 },
      backoff: { initial: { seconds: 0n, nanos: 250_000_000 }, multiplier: 3, max: { seconds: 60n }, jitter: 0.5 },
    });
  });

  it("schedules a job with a delay as SCHEDULED, due after the delay", async () => {
    const { job } = await jobs.submitJob({ job: jobSpec("later", { delay: durationFromMs(3_600_000) }) });
    expect(job?.state).toBe(JobState.SCHEDULED);
    const waitMs = timestampDate(job!.runAt!).getTime() - timestampDate(job!.createdAt!).getTime();
    expect(waitMs).toBeGreaterThan(3_600_000 - 5_000);
    expect(waitMs).toBeLessThan(3_600_000 + 5_000);
    const [row] = await installation.sql("select state from jobs where id = $1", [job!.id]);
    expect(row?.["state"]).toBe("SCHEDULED");
  });

  it("schedules a job with a future run_at as SCHEDULED at exactly that time, and a past one as READY", async () => {
    const runAt = new Date(Date.now() + 86_400_000);
    const future = await jobs.submitJob({ job: jobSpec("later", { runAt: timestampFromDate(runAt) }) });
    expect(future.job?.state).toBe(JobState.SCHEDULED);
    expect(timestampDate(future.job!.runAt!).getTime()).toBe(runAt.getTime());

    const past = await jobs.submitJob({ job: jobSpec("later", { runAt: timestampFromMs(Date.now() - 60_000) }) });
    expect(past.job?.state).toBe(JobState.READY);
  });

  it("round-trips a binary payload byte for byte", async () => {
    const bytes = new Uint8Array(512).map((_, i) => (i * 7) % 256);
    const { job } = await jobs.submitJob({ job: jobSpec("binary", { payload: binaryPayload(bytes) }) });
    const fetched = await jobs.getJob({ id: job!.id });
    expect(fetched.job?.payload?.kind.case).toBe("binary");
    expect(Buffer.from(fetched.job!.payload!.kind.value as Uint8Array).equals(Buffer.from(bytes))).toBe(true);
    const [row] = await installation.sql<{ payload: unknown; payload_bytes: Buffer }>("select payload, payload_bytes from jobs where id = $1", [job!.id]);
    expect(row?.payload).toBeNull();
    expect(row?.payload_bytes.equals(Buffer.from(bytes))).toBe(true);
  });

  it("keeps labels", async () => {
    const labels = { team: "billing", "app.kubernetes.io/name": "invoicer", empty: "" };
    const { job } = await jobs.submitJob({ job: jobSpec("labelled", { labels }) });
    expect(job?.labels).toEqual(labels);
    expect((await jobs.getJob({ id: job!.id })).job?.labels).toEqual(labels);
  });
});

describe("GetJob", () => {
  it("returns the stored job with its attempts (none yet)", async () => {
    const { job } = await jobs.submitJob({ namespace: "getters", job: jobSpec("get", { priority: 3 }) });
    const fetched = await jobs.getJob({ namespace: "getters", id: job!.id });
    expect(fetched.job).toEqual(job);
    expect(fetched.job?.attempts).toEqual([]);
  });

  it("finds a job by its id in upper case too", async () => {
    const { job } = await jobs.submitJob({ job: jobSpec("get") });
    expect((await jobs.getJob({ id: job!.id.toUpperCase() })).job?.id).toBe(job!.id);
  });

  it("answers NOT_FOUND for an unknown id", async () => {
    const id = randomUUID();
    expect(await failure(jobs.getJob({ id }))).toEqual({ code: "NotFound", message: `job ${id} not found in namespace default` });
  });
});

describe("namespaces", () => {
  it("keep a job of team-a invisible to GetJob, ListJobs and CancelJob in team-b", async () => {
    const { job } = await jobs.submitJob({ namespace: "team-a", job: jobSpec("shared-queue") });
    expect(job?.namespace).toBe("team-a");

    expect((await failure(jobs.getJob({ namespace: "team-b", id: job!.id }))).code).toBe("NotFound");
    // Not in the default namespace either.
    expect((await failure(jobs.getJob({ id: job!.id }))).code).toBe("NotFound");
    const listed = await jobs.listJobs({ namespace: "team-b", queue: "shared-queue" });
    expect(listed.jobs).toEqual([]);
    expect((await failure(jobs.cancelJob({ namespace: "team-b", id: job!.id }))).code).toBe("NotFound");
    expect((await failure(jobs.retryJob({ namespace: "team-b", id: job!.id }))).code).toBe("NotFound");
    const watch = jobs.watchJob({ namespace: "team-b", id: job!.id })[Symbol.asyncIterator]();
    expect(Code[(await rpcError(watch.next())).code]).toBe("NotFound");

    // Still there, untouched, for its own namespace.
    const own = await jobs.getJob({ namespace: "team-a", id: job!.id });
    expect(own.job?.state).toBe(JobState.READY);
    expect((await jobs.listJobs({ namespace: "team-a", queue: "shared-queue" })).jobs.map((j) => j.id)).toEqual([job!.id]);
  });

  it("give each namespace its own idempotency keys", async () => {
    const a = await jobs.submitJob({ namespace: "team-a", job: jobSpec("keys", { idempotencyKey: "k1" }) });
    const b = await jobs.submitJob({ namespace: "team-b", job: jobSpec("keys", { idempotencyKey: "k1" }) });
    expect(a.created).toBe(true);
    expect(b.created).toBe(true);
    expect(b.job?.id).not.toBe(a.job?.id);
  });
});

describe("SubmitJobs", () => {
  it("stores a batch and answers in the order of the request", async () => {
    const specs = [
      ...jobSpecs("batch", 5),
      jobSpec("batch", { type: "test.job-later", delay: durationFromMs(600_000) }),
      ...jobSpecs("batch-2", 3),
    ];
    const { jobs: submitted } = await jobs.submitJobs({ namespace: "batches", jobs: specs });
    expect(submitted).toHaveLength(specs.length);
    expect(new Set(submitted.map((j) => j.id)).size).toBe(specs.length);
    expect(submitted.every((j) => j.created)).toBe(true);
    expect(submitted.map((j) => j.state)).toEqual(specs.map((s) => (s.delay ? JobState.SCHEDULED : JobState.READY)));

    const rows = await installation.sql<{ id: string; queue: string; type: string; namespace: string }>(
      "select id, queue, type, namespace from jobs where id = any($1::uuid[])",
      [submitted.map((j) => j.id)],
    );
    const byId = new Map(rows.map((row) => [row.id, row]));
    submitted.forEach((answer, i) => {
      expect(byId.get(answer.id)).toMatchObject({ namespace: "batches", queue: specs[i]!.queue, type: specs[i]!.type });
    });
  });

  it("takes exactly 1,000 jobs and refuses 1,001 with INVALID_ARGUMENT naming jobs, storing nothing", async () => {
    const before = await jobRowCount();
    expect(await failure(jobs.submitJobs({ namespace: "big", jobs: jobSpecs("big", 1001) }))).toEqual({
      code: "InvalidArgument",
      message: "jobs: at most 1000 jobs per call",
    });
    expect(await jobRowCount()).toBe(before);

    const { jobs: submitted } = await jobs.submitJobs({ namespace: "big", jobs: jobSpecs("big", 1000) });
    expect(submitted).toHaveLength(1000);
    expect(await jobRowCount()).toBe(before + 1000);
  });

  it("refuses an empty batch", async () => {
    expect(await failure(jobs.submitJobs({ jobs: [] }))).toEqual({ code: "InvalidArgument", message: "jobs: needs at least one job" });
  });

  it("refuses a batch with one invalid spec, naming it by index, and stores none of the valid ones", async () => {
    const specs = jobSpecs("atomic", 10);
    specs[7] = jobSpec("atomic", { priority: 500 });
    const before = await jobRowCount();
    const { code, message } = await failure(jobs.submitJobs({ namespace: "atomic", jobs: specs }));
    expect(code).toBe("InvalidArgument");
    expect(message).toMatch(/^jobs\[7\]\.priority: /);
    expect(await jobRowCount()).toBe(before);
  });

  it("names the first invalid spec's field when the queue is bad", async () => {
    const specs = jobSpecs("atomic", 3);
    specs[2] = { type: "t", queue: "no spaces allowed" };
    expect((await failure(jobs.submitJobs({ jobs: specs }))).message).toMatch(/^jobs\[2\]\.queue: /);
  });
});

describe("ListJobs", () => {
  const ns = "listing";
  let ids: { emailsA: string; emailsB: string; reports: string; scheduled: string; cancelled: string };

  beforeAll(async () => {
    // Submitted one after the other, so their ids (UUIDv7) increase in this order.
    const submit = async (spec: JobSpecInit) => (await jobs.submitJob({ namespace: ns, job: spec })).job!.id;
    ids = {
      emailsA: await submit(jobSpec("emails", { type: "send" })),
      emailsB: await submit(jobSpec("emails", { type: "bounce" })),
      reports: await submit(jobSpec("reports", { type: "send" })),
      scheduled: await submit(jobSpec("reports", { type: "render", delay: durationFromMs(3_600_000) })),
      cancelled: await submit(jobSpec("emails", { type: "send" })),
    };
    await jobs.cancelJob({ namespace: ns, id: ids.cancelled });
    // Creation times a day apart, in id order, so that the range filters have clear edges.
    const order = [ids.emailsA, ids.emailsB, ids.reports, ids.scheduled, ids.cancelled];
    for (const [i, id] of order.entries()) {
      await installation.sql("update jobs set created_at = $2 where id = $1", [id, new Date(Date.UTC(2024, 0, 1 + i))]);
    }
  });

  const list = async (request: Parameters<Client<typeof JobService>["listJobs"]>[0]) =>
    (await jobs.listJobs({ namespace: ns, ...request })).jobs.map((j) => j.id);

  it("lists every job of the namespace, newest first", async () => {
    const { jobs: listed, nextPageToken } = await jobs.listJobs({ namespace: ns });
    expect(listed.map((j) => j.id)).toEqual([ids.cancelled, ids.scheduled, ids.reports, ids.emailsB, ids.emailsA]);
    expect(nextPageToken).toBe("");
    const created = listed.map((j) => timestampDate(j.createdAt!).getTime());
    expect(created).toEqual([...created].sort((a, b) => b - a));
  });

  it("filters by queue, by type, and by both", async () => {
    expect(await list({ queue: "emails" })).toEqual([ids.cancelled, ids.emailsB, ids.emailsA]);
    expect(await list({ type: "send" })).toEqual([ids.cancelled, ids.reports, ids.emailsA]);
    expect(await list({ queue: "reports", type: "send" })).toEqual([ids.reports]);
    expect(await list({ queue: "nothing-here" })).toEqual([]);
  });

  it("filters by states", async () => {
    expect(await list({ states: [JobState.SCHEDULED] })).toEqual([ids.scheduled]);
    expect(await list({ states: [JobState.CANCELLED, JobState.SCHEDULED] })).toEqual([ids.cancelled, ids.scheduled]);
    expect(await list({ states: [JobState.READY], queue: "emails" })).toEqual([ids.emailsB, ids.emailsA]);
    expect(await list({ states: [JobState.SUCCEEDED] })).toEqual([]);
  });

  it("filters by creation time: created_after inclusive, created_before exclusive", async () => {
    const day = (d: number) => timestampFromDate(new Date(Date.UTC(2024, 0, d)));
    expect(await list({ createdAfter: day(2), createdBefore: day(4) })).toEqual([ids.reports, ids.emailsB]);
    expect(await list({ createdAfter: day(4) })).toEqual([ids.cancelled, ids.scheduled]);
    expect(await list({ createdBefore: day(2) })).toEqual([ids.emailsA]);
    expect(await list({ createdAfter: day(2), createdBefore: day(4), type: "send" })).toEqual([ids.reports]);
  });

  it("walks all pages with the cursor, with no duplicates and no gaps", async () => {
    const { jobs: batch } = await jobs.submitJobs({ namespace: "paging", jobs: jobSpecs("pages", 25) });
    // A batch's ids increase in request order; newest first is the reverse.
    const expected = batch.map((j) => j.id).reverse();
    const seen: string[] = [];
    const pageSizes: number[] = [];
    let pageToken = "";
    for (let page = 0; page < 10; page++) {
      const response = await jobs.listJobs({ namespace: "paging", pageSize: 7, pageToken });
      seen.push(...response.jobs.map((j) => j.id));
      pageSizes.push(response.jobs.length);
      pageToken = response.nextPageToken;
      if (!pageToken) break;
    }
    expect(pageSizes).toEqual([7, 7, 7, 4]);
    expect(seen).toEqual(expected);
  });

  it("ends without an empty extra page when the last page is full", async () => {
    const first = await jobs.listJobs({ namespace: "paging", pageSize: 20 });
    expect(first.jobs).toHaveLength(20);
    expect(first.nextPageToken).not.toBe("");
    const last = await jobs.listJobs({ namespace: "paging", pageSize: 5, pageToken: first.nextPageToken });
    expect(last.jobs).toHaveLength(5);
    expect(last.nextPageToken).toBe("");
  });

  it("keeps the filters across pages", async () => {
    const first = await jobs.listJobs({ namespace: ns, queue: "emails", pageSize: 2 });
    const second = await jobs.listJobs({ namespace: ns, queue: "emails", pageSize: 2, pageToken: first.nextPageToken });
    expect([...first.jobs, ...second.jobs].map((j) => j.id)).toEqual([ids.cancelled, ids.emailsB, ids.emailsA]);
    expect(second.nextPageToken).toBe("");
  });

  it("defaults to pages of 100", async () => {
    await jobs.submitJobs({ namespace: "hundred", jobs: jobSpecs("q", 101) });
    const first = await jobs.listJobs({ namespace: "hundred" });
    expect(first.jobs).toHaveLength(100);
    const rest = await jobs.listJobs({ namespace: "hundred", pageToken: first.nextPageToken });
    expect(rest.jobs).toHaveLength(1);
  });

  it("refuses a page_token it did not hand out, and a bad page_size or state", async () => {
    expect(await failure(jobs.listJobs({ namespace: ns, pageToken: "not-a-token" }))).toEqual({
      code: "InvalidArgument",
      message: "page_token: is not a token from a previous ListJobs response",
    });
    expect((await failure(jobs.listJobs({ pageSize: 1001 }))).message).toMatch(/^page_size: /);
    expect((await failure(jobs.listJobs({ pageSize: -1 }))).message).toMatch(/^page_size: /);
    expect((await failure(jobs.listJobs({ states: [99 as JobState] }))).message).toMatch(/^states\[0\]: /);
  });
});

describe("CancelJob", () => {
  it("moves a READY job to CANCELLED with finished_at and a recorded event", async () => {
    const { job } = await jobs.submitJob({ job: jobSpec("cancel") });
    const { job: cancelled } = await jobs.cancelJob({ id: job!.id, reason: "changed my mind" });
    expect(cancelled?.state).toBe(JobState.CANCELLED);
    expect(cancelled?.finishedAt).toBeDefined();
    expect(timestampDate(cancelled!.finishedAt!).getTime()).toBeGreaterThanOrEqual(timestampDate(job!.createdAt!).getTime());
    expect((await jobs.getJob({ id: job!.id })).job?.state).toBe(JobState.CANCELLED);
    expect(await eventsOf(job!.id)).toEqual([
      { from_state: null, to_state: "READY", message: null },
      { from_state: "READY", to_state: "CANCELLED", message: "changed my mind" },
    ]);
  });

  it("cancels a SCHEDULED job, with a default reason", async () => {
    const { job } = await jobs.submitJob({ job: jobSpec("cancel", { delay: durationFromMs(600_000) }) });
    const { job: cancelled } = await jobs.cancelJob({ id: job!.id });
    expect(cancelled?.state).toBe(JobState.CANCELLED);
    expect((await eventsOf(job!.id)).at(-1)).toEqual({ from_state: "SCHEDULED", to_state: "CANCELLED", message: "cancelled by request" });
  });

  it("answers FAILED_PRECONDITION to a second cancel and leaves the job as it was", async () => {
    const { job } = await jobs.submitJob({ job: jobSpec("cancel") });
    const first = await jobs.cancelJob({ id: job!.id });
    const { code, message } = await failure(jobs.cancelJob({ id: job!.id }));
    expect(code).toBe("FailedPrecondition");
    expect(message).toContain("CANCELLED");
    expect((await jobs.getJob({ id: job!.id })).job?.finishedAt).toEqual(first.job?.finishedAt);
    expect(await eventsOf(job!.id)).toHaveLength(2);
  });

  it("answers NOT_FOUND for an unknown job", async () => {
    expect((await failure(jobs.cancelJob({ id: randomUUID() }))).code).toBe("NotFound");
  });
});

describe("RetryJob", () => {
  it("brings a CANCELLED job back to READY with a fresh set of attempts", async () => {
    const { job } = await jobs.submitJob({ job: jobSpec("retry") });
    await jobs.cancelJob({ id: job!.id });
    // As if two attempts had run before the cancel.
    await installation.sql("update jobs set attempt = 2 where id = $1", [job!.id]);
    const { job: revived } = await jobs.retryJob({ id: job!.id });
    expect(revived?.state).toBe(JobState.READY);
    // Attempt numbers carry on (the history keeps its numbering); the budget starts afresh.
    expect(revived?.attempt).toBe(2);
    expect(revived?.maxAttempts).toBe(job!.maxAttempts);
    expect((await installation.sql("select attempt_base from jobs where id = $1", [job!.id]))[0]?.attempt_base).toBe(2);
    expect(revived?.finishedAt).toBeUndefined();
    expect((await eventsOf(job!.id)).map((e) => `${e.from_state}->${e.to_state}`)).toEqual([
      "null->READY",
      "READY->CANCELLED",
      "CANCELLED->READY",
    ]);
    // And it can be cancelled again.
    expect((await jobs.cancelJob({ id: job!.id })).job?.state).toBe(JobState.CANCELLED);
  });

  it("answers FAILED_PRECONDITION for a job that has not finished", async () => {
    const { job } = await jobs.submitJob({ job: jobSpec("retry") });
    const { code, message } = await failure(jobs.retryJob({ id: job!.id }));
    expect(code).toBe("FailedPrecondition");
    expect(message).toContain("READY");
    expect(await eventsOf(job!.id)).toHaveLength(1);
  });

  it("answers NOT_FOUND for an unknown job", async () => {
    expect((await failure(jobs.retryJob({ id: randomUUID() }))).code).toBe("NotFound");
  });
});

describe("request validation", () => {
  const valid = (): JobSpecInit => jobSpec("validation");
  const cases: [string, { namespace?: string; job?: JobSpecInit }, RegExp][] = [
    ["a missing job", { job: undefined }, /^job: is required/],
    ["a missing queue", { job: { ...valid(), queue: "" } }, /^job\.queue: /],
    ["a queue with a space", { job: { ...valid(), queue: "two words" } }, /^job\.queue: /],
    ["a queue of 129 characters", { job: { ...valid(), queue: "q".repeat(129) } }, /^job\.queue: /],
    ["a missing type", { job: { ...valid(), type: "" } }, /^job\.type: /],
    ["a type with a slash", { job: { ...valid(), type: "a/b" } }, /^job\.type: /],
    ["priority 101", { job: { ...valid(), priority: 101 } }, /^job\.priority: /],
    ["priority -101", { job: { ...valid(), priority: -101 } }, /^job\.priority: /],
    ["max_attempts 1001", { job: { ...valid(), maxAttempts: 1001 } }, /^job\.max_attempts: /],
    ["negative max_attempts", { job: { ...valid(), maxAttempts: -1 } }, /^job\.max_attempts: /],
    ["both delay and run_at", { job: { ...valid(), delay: durationFromMs(1_000), runAt: timestampFromMs(Date.now() + 5_000) } }, /^job\.delay: /],
    ["a negative delay", { job: { ...valid(), delay: durationFromMs(-1_000) } }, /^job\.delay: /],
    ["a timeout of 50ms", { job: { ...valid(), timeout: durationFromMs(50) } }, /^job\.timeout: /],
    ["a timeout over 24h", { job: { ...valid(), timeout: durationFromMs(25 * 3_600_000) } }, /^job\.timeout: /],
    ["backoff multiplier 0.5", { job: { ...valid(), backoff: { multiplier: 0.5 } } }, /^job\.backoff\.multiplier: /],
    ["backoff jitter 1.5", { job: { ...valid(), backoff: { jitter: 1.5 } } }, /^job\.backoff\.jitter: /],
    ["backoff max below initial", { job: { ...valid(), backoff: { initial: durationFromMs(10_000), max: durationFromMs(5_000) } } }, /^job\.backoff\.max: /],
    ["an idempotency key of 257 characters", { job: { ...valid(), idempotencyKey: "k".repeat(257) } }, /^job\.idempotency_key: /],
    ["a label key with a space", { job: { ...valid(), labels: { "bad key": "v" } } }, /^job\.labels/],
    ["a label value of 257 characters", { job: { ...valid(), labels: { k: "v".repeat(257) } } }, /^job\.labels/],
    ["65 labels", { job: { ...valid(), labels: Object.fromEntries(Array.from({ length: 65 }, (_, i) => [`k${i}`, "v"])) } }, /^job\.labels: /],
    ["a namespace with a dot", { namespace: "team.a", job: valid() }, /^namespace: /],
    ["a namespace in upper case", { namespace: "TeamA", job: valid() }, /^namespace: /],
    ["a namespace starting with '-'", { namespace: "-a", job: valid() }, /^namespace: /],
  ];

  it.each(cases)("refuses %s with INVALID_ARGUMENT naming the field, storing nothing", async (_, request, message) => {
    const before = await jobRowCount();
    const result = await failure(jobs.submitJob(request));
    expect(result.code).toBe("InvalidArgument");
    expect(result.message).toMatch(message);
    expect(await jobRowCount()).toBe(before);
  });

  it("names the offending label key as the caller spelled it, and the rule", async () => {
    const { message } = await failure(jobs.submitJob({ job: { ...valid(), labels: { "Team Name": "x" } } }));
    expect(message).toContain("Team Name");
    expect(message).toMatch(/letters, digits/);
    const long = await failure(jobs.submitJob({ job: { ...valid(), labels: { ownerTeam: "v".repeat(257) } } }));
    expect(long.message).toContain("ownerTeam");
    expect(long.message).not.toContain("owner_team");
  });

  it.each([
    ["GetJob", () => jobs.getJob({ id: "42" })],
    ["CancelJob", () => jobs.cancelJob({ id: "not-a-uuid" })],
    ["RetryJob", () => jobs.retryJob({ id: "" })],
  ])("%s refuses an id that is not a UUID", async (_, call) => {
    const { code, message } = await failure(call());
    expect(code).toBe("InvalidArgument");
    expect(message).toMatch(/^id: /);
  });

  it("refuses a cancel reason over 1000 characters", async () => {
    const { job } = await jobs.submitJob({ job: valid() });
    const { code, message } = await failure(jobs.cancelJob({ id: job!.id, reason: "r".repeat(1001) }));
    expect(code).toBe("InvalidArgument");
    expect(message).toMatch(/^reason: /);
    expect((await jobs.getJob({ id: job!.id })).job?.state).toBe(JobState.READY);
  });

  it("refuses a namespace with a dot on reads too", async () => {
    expect((await failure(jobs.getJob({ namespace: "a.b", id: randomUUID() }))).message).toMatch(/^namespace: /);
    expect((await failure(jobs.listJobs({ namespace: "UPPER" }))).message).toMatch(/^namespace: /);
  });

  it.each([
    ["past year 9999", 253_402_300_800n],
    ["beyond what a JavaScript Date holds", 10_000_000_000_000n],
  ])("refuses a run_at %s as INVALID_ARGUMENT, not INTERNAL", async (_, seconds) => {
    const before = await jobRowCount();
    const result = await failure(jobs.submitJob({ job: { ...valid(), runAt: { seconds } } }));
    expect(result).toMatchObject({ code: "InvalidArgument", message: expect.stringMatching(/^job\.run_at: /) });
    expect(await jobRowCount()).toBe(before);
  });

  it("refuses a created_after out of the timestamp range as INVALID_ARGUMENT, not INTERNAL", async () => {
    const result = await failure(jobs.listJobs({ createdAfter: { seconds: 10_000_000_000_000n } }));
    expect(result).toMatchObject({ code: "InvalidArgument", message: expect.stringMatching(/^created_after: /) });
  });
});

describe("payload limit", () => {
  it("refuses a payload over max_payload_bytes with RESOURCE_EXHAUSTED and stores nothing", async () => {
    const small = await installation.startServer({ maxPayloadBytes: 2048 });
    const limited = grpcClients(small.url).jobs;
    const before = await jobRowCount();

    const binary = await failure(limited.submitJob({ job: jobSpec("big", { payload: binaryPayload(new Uint8Array(4096)) }) }));
    expect(binary.code).toBe("ResourceExhausted");
    expect(binary.message).toBe("job.payload: 4096 bytes is over the limit of 2048 bytes");

    const json = await failure(limited.submitJob({ job: jobSpec("big", { payload: jsonPayload({ text: "x".repeat(3000) }) }) }));
    expect(json.code).toBe("ResourceExhausted");
    expect(json.message).toMatch(/^job\.payload: /);

    const batch = await failure(
      limited.submitJobs({ jobs: [jobSpec("big"), jobSpec("big", { payload: binaryPayload(new Uint8Array(2049)) })] }),
    );
    expect(batch).toMatchObject({ code: "ResourceExhausted", message: expect.stringMatching(/^jobs\[1\]\.payload: /) });
    expect(await jobRowCount()).toBe(before);

    // At the limit is fine.
    const { job } = await limited.submitJob({ job: jobSpec("big", { payload: binaryPayload(new Uint8Array(2048)) }) });
    expect(job?.state).toBe(JobState.READY);
  });
});

describe("errors", () => {
  it("are ConnectErrors with a code the client can switch on", async () => {
    const error = await rpcError(jobs.submitJob({ job: { type: "x" } }));
    expect(error).toBeInstanceOf(ConnectError);
    expect(error.code).toBe(Code.InvalidArgument);
    expect(error.rawMessage).toMatch(/^job\.queue: /);
  });
});
