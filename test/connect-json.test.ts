// Connect JSON over HTTP/1.1 with plain fetch: exactly what
//   curl -X POST http://host:port/conveyor.v1.JobService/SubmitJob -H 'content-type: application/json' -d '{...}'
// does. No generated code, no HTTP/2.
import http from "node:http";
import { describe, expect, it } from "vitest";
import { useConveyor } from "./support/conveyor-harness.ts";

const { installation, server } = useConveyor();

interface JsonResponse {
  status: number;
  contentType: string | null;
  body: any;
}

async function post(method: string, body: unknown): Promise<JsonResponse> {
  const response = await fetch(`${server().url}/conveyor.v1.JobService/${method}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return { status: response.status, contentType: response.headers.get("content-type"), body: await response.json() };
}

async function get(path: string): Promise<JsonResponse> {
  const response = await fetch(`${server().url}${path}`);
  return { status: response.status, contentType: response.headers.get("content-type"), body: await response.json() };
}

describe("JobService as Connect JSON over HTTP/1.1", () => {
  it("submits a job", async () => {
    const { status, contentType, body } = await post("SubmitJob", {
      namespace: "curl",
      job: { queue: "emails", type: "send_email", payload: { json: { to: "a@example.com" } }, labels: { via: "curl" } },
    });
    expect(status).toBe(200);
    expect(contentType).toBe("application/json");
    expect(body.created).toBe(true);
    expect(body.job).toMatchObject({
      namespace: "curl",
      queue: "emails",
      type: "send_email",
      state: "JOB_STATE_READY",
      payload: { json: { to: "a@example.com" } },
      labels: { via: "curl" },
      maxAttempts: 5,
      timeout: "1800s",
      backoff: { initial: "1s", multiplier: 2, max: "3600s", jitter: 0.2 },
    });
    expect(body.job.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(new Date(body.job.createdAt).getTime()).toBeGreaterThan(Date.now() - 60_000);
    const [row] = await installation.sql("select namespace, state, payload from jobs where id = $1", [body.job.id]);
    expect(row).toEqual({ namespace: "curl", state: "READY", payload: { to: "a@example.com" } });
  });

  it("accepts the proto field names and a delay written as JSON duration", async () => {
    const { status, body } = await post("SubmitJob", {
      namespace: "curl",
      job: { queue: "later", type: "t", max_attempts: 9, delay: "3600s", idempotency_key: "curl-1" },
    });
    expect(status).toBe(200);
    expect(body.job).toMatchObject({ state: "JOB_STATE_SCHEDULED", maxAttempts: 9, idempotencyKey: "curl-1" });
  });

  it("gets a job", async () => {
    const submitted = await post("SubmitJob", { namespace: "curl", job: { queue: "q", type: "get-me" } });
    const { status, body } = await post("GetJob", { namespace: "curl", id: submitted.body.job.id });
    expect(status).toBe(200);
    expect(body.job).toMatchObject({ id: submitted.body.job.id, type: "get-me", state: "JOB_STATE_READY" });
  });

  it("lists jobs, newest first, with filters and pages", async () => {
    const ids: string[] = [];
    for (const type of ["a", "b", "c"]) ids.push((await post("SubmitJob", { namespace: "curl-list", job: { queue: "q", type } })).body.job.id);

    const all = await post("ListJobs", { namespace: "curl-list" });
    expect(all.status).toBe(200);
    expect(all.body.jobs.map((j: { id: string }) => j.id)).toEqual([...ids].reverse());
    // Empty fields are left out of Connect JSON: no token on the last page.
    expect(all.body.nextPageToken).toBeUndefined();

    const page = await post("ListJobs", { namespace: "curl-list", pageSize: 2, states: ["JOB_STATE_READY"] });
    expect(page.body.jobs).toHaveLength(2);
    expect(page.body.nextPageToken).toEqual(expect.any(String));
    const rest = await post("ListJobs", { namespace: "curl-list", pageSize: 2, states: ["JOB_STATE_READY"], pageToken: page.body.nextPageToken });
    expect(rest.body.jobs.map((j: { id: string }) => j.id)).toEqual([ids[0]]);
  });

  it("cancels a job, then refuses a second cancel with failed_precondition", async () => {
    const submitted = await post("SubmitJob", { namespace: "curl", job: { queue: "q", type: "cancel-me" } });
    const cancelled = await post("CancelJob", { namespace: "curl", id: submitted.body.job.id, reason: "via curl" });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.job).toMatchObject({ state: "JOB_STATE_CANCELLED", lastError: "via curl" });
    expect(new Date(cancelled.body.job.finishedAt).getTime()).not.toBeNaN();

    const again = await post("CancelJob", { namespace: "curl", id: submitted.body.job.id });
    expect(again.status).toBe(400);
    expect(again.body.code).toBe("failed_precondition");
  });

  it("answers an invalid request with HTTP 400 and {code, message} naming the field", async () => {
    const { status, contentType, body } = await post("SubmitJob", { job: { type: "t" } });
    expect(status).toBe(400);
    expect(contentType).toBe("application/json");
    expect(body).toEqual({ code: "invalid_argument", message: "job.queue: is required" });
  });

  it("answers an unknown job with HTTP 404 and not_found", async () => {
    const { status, body } = await post("GetJob", { id: "0190d8a4-0000-7000-8000-000000000000" });
    expect(status).toBe(404);
    expect(body.code).toBe("not_found");
  });

  it("answers JSON that does not fit the message with invalid_argument", async () => {
    const { status, body } = await post("SubmitJob", { job: { queue: "q", type: "t", priority: "high" } });
    expect(status).toBe(400);
    expect(body.code).toBe("invalid_argument");
  });

  it("refuses a misspelt field instead of falling back to its default, naming it", async () => {
    const { status, body } = await post("SubmitJob", { job: { queue: "typo", type: "t", maxAtempts: 3 } });
    expect(status).toBe(400);
    expect(body).toEqual({ code: "invalid_argument", message: expect.stringMatching(/JobSpec.*"maxAtempts" is unknown/) });
    const [row] = await installation.sql<{ n: number }>("select count(*)::int as n from jobs where queue = 'typo'");
    expect(row!.n).toBe(0);
  });

  it("really is HTTP/1.1", async () => {
    const version = await new Promise<string>((resolve, reject) => {
      const request = http.request(`${server().url}/conveyor.v1.JobService/GetJob`, {
        method: "POST",
        headers: { "content-type": "application/json" },
      });
      request.on("response", (response) => {
        response.resume();
        resolve(response.httpVersion);
      });
      request.on("error", reject);
      request.end(JSON.stringify({ id: "0190d8a4-0000-7000-8000-000000000000" }));
    });
    expect(version).toBe("1.1");
  });
});

describe("health endpoints", () => {
  it("GET /healthz answers 200", async () => {
    const { status, body } = await get("/healthz");
    expect(status).toBe(200);
    expect(body).toEqual({ status: "ok" });
  });

  it("GET /readyz answers 200 with postgres and rabbitmq ok", async () => {
    const { status, body } = await get("/readyz");
    expect(status).toBe(200);
    expect(body).toMatchObject({ ok: true, postgres: "ok", rabbitmq: "ok" });
  });

  it("GET of an unknown path answers 404", async () => {
    const { status, body } = await get("/no-such-thing");
    expect(status).toBe(404);
    expect(body.error).toContain("/no-such-thing");
  });
});
