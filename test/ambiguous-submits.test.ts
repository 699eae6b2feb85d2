// An ambiguous submit: the server stored the jobs, but its answer was lost. The TypeScript client
// (@conveyor/client) retries such a submit by default with the same idempotency keys, generated
// when the caller gave none, so that the retry finds the jobs instead of making them twice.
import { createConveyorClient, type ConveyorClient } from "@conveyor/client";
import { ConnectError } from "@connectrpc/connect";
import { create } from "@bufbuild/protobuf";
import { SubmitJobRequestSchema } from "@conveyor/client/gen/conveyor/v1/job_service_pb.js";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { useConveyor } from "./support/conveyor-harness.ts";
import { pollUntil } from "./support/execution.ts";
import { jobSpec } from "./support/jobs.ts";
import { startTcpProxy, type TcpProxy } from "./support/tcp-proxy.ts";
import { AMBIGUOUS_CODES } from "@conveyor/client";

const { installation, server } = useConveyor();
let proxy: TcpProxy;
const clients: ConveyorClient[] = [];

beforeAll(async () => {
  proxy = await startTcpProxy(server().url);
  return () => proxy.close();
});

afterEach(() => {
  proxy.restore();
  proxy.resume();
  for (const client of clients.splice(0)) client.close();
});

function clientThroughProxy(options: Parameters<typeof createConveyorClient>[1] = {}): ConveyorClient {
  const client = createConveyorClient(proxy.url, options);
  clients.push(client);
  return client;
}

async function jobsIn(queue: string): Promise<{ id: string; idempotency_key: string | null }[]> {
  return installation.sql("select id, idempotency_key from jobs where queue = $1 order by id", [queue]);
}

/**
 * Sends the submit with the server's answers dropped, waits until the server has stored `count`
 * jobs on `queue`, then cuts the connection: the client has sent its submit and will never hear
 * back on that connection.
 */
async function loseTheAnswer<T>(queue: string, count: number, submit: () => Promise<T>): Promise<PromiseSettledResult<T>> {
  proxy.dropReplies();
  const submitting = submit();
  const settled = submitting.then(
    (value) => ({ status: "fulfilled" as const, value }),
    (reason: unknown) => ({ status: "rejected" as const, reason }),
  );
  await pollUntil(`${count} jobs stored on ${queue}`, () => jobsIn(queue), (rows) => rows.length >= count, 30_000);
  proxy.cut();
  proxy.restore();
  proxy.resume();
  return settled;
}

describe("a submit whose answer is lost after the server stored it", () => {
  it("is retried by the TypeScript client and yields each job once (SubmitJobs)", async () => {
    const client = clientThroughProxy();
    await client.jobs.listJobs({ pageSize: 1 }); // the connection is up before the answers go missing
    const queue = "ambiguous-batch";
    const result = await loseTheAnswer(queue, 3, () => client.jobs.submitJobs({ jobs: [jobSpec(queue), jobSpec(queue), jobSpec(queue)] }));

    expect(result.status, String((result as PromiseRejectedResult).reason)).toBe("fulfilled");
    const { jobs } = (result as PromiseFulfilledResult<Awaited<ReturnType<typeof client.jobs.submitJobs>>>).value;
    const rows = await jobsIn(queue);
    expect(rows).toHaveLength(3);
    // The retry found what the first try stored: the same ids, reported as not created by it.
    expect(jobs.map((j) => j.id).sort()).toEqual(rows.map((r) => r.id));
    expect(jobs.map((j) => j.created)).toEqual([false, false, false]);
    // Each job got a key of its own.
    expect(new Set(rows.map((r) => r.idempotency_key)).size).toBe(3);
  });

  it("keeps the caller's own idempotency key, and does not touch the caller's request", async () => {
    const client = clientThroughProxy();
    await client.jobs.listJobs({ pageSize: 1 });
    const queue = "ambiguous-own-key";
    const request = create(SubmitJobRequestSchema, { job: jobSpec(queue, { idempotencyKey: "order-17" }) });
    const unkeyed = create(SubmitJobRequestSchema, { job: jobSpec(queue) });
    const result = await loseTheAnswer(queue, 1, () => client.jobs.submitJob(request));
    expect(result.status).toBe("fulfilled");
    await client.jobs.submitJob(unkeyed);
    const rows = await jobsIn(queue);
    expect(rows.map((r) => r.idempotency_key).sort()).toEqual([expect.stringMatching(/^[0-9a-f]{32}$/), "order-17"].sort());
    expect(rows).toHaveLength(2);
    expect(unkeyed.job!.idempotencyKey).toBe("");
  });

  it("with submitRetries: false, is left to the caller, with an ambiguous code", async () => {
    const client = clientThroughProxy({ submitRetries: false });
    await client.jobs.listJobs({ pageSize: 1 });
    const queue = "ambiguous-no-retry";
    const result = await loseTheAnswer(queue, 1, () => client.jobs.submitJob({ job: jobSpec(queue) }));
    expect(result.status).toBe("rejected");
    expect(AMBIGUOUS_CODES.has(ConnectError.from((result as PromiseRejectedResult).reason).code)).toBe(true);
    expect((await jobsIn(queue))[0]!.idempotency_key).toBeNull();
  });
});
