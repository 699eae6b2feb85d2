// Idempotency keys: the database's unique index decides, so racing submits all get the one job.
import type { Client } from "@connectrpc/connect";
import { JobState } from "@conveyor/client/gen/conveyor/v1/job_pb.js";
import type { JobService } from "@conveyor/client/gen/conveyor/v1/job_service_pb.js";
import { beforeAll, describe, expect, it } from "vitest";
import { grpcClients } from "./support/clients.ts";
import { useConveyor } from "./support/conveyor-harness.ts";
import { jobSpec, jsonPayload } from "./support/jobs.ts";

const { installation, server } = useConveyor();
let jobs: Client<typeof JobService>;

beforeAll(() => {
  jobs = grpcClients(server().url).jobs;
});

async function rowsWithKey(key: string): Promise<{ id: string; queue: string }[]> {
  return installation.sql("select id, queue from jobs where idempotency_key = $1 order by id", [key]);
}

describe("idempotency keys", () => {
  it("give 50 concurrent submits of one key the same job, created exactly once", async () => {
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        jobs.submitJob({ job: jobSpec("payments", { idempotencyKey: "charge-42", payload: jsonPayload({ caller: i }) }) }),
      ),
    );
    const ids = new Set(results.map((r) => r.job!.id));
    expect(ids.size).toBe(1);
    expect(results.filter((r) => r.created)).toHaveLength(1);
    const rows = await rowsWithKey("charge-42");
    expect(rows).toEqual([{ id: [...ids][0], queue: "payments" }]);
    // Everyone sees the job as stored: the winner's payload, not their own.
    const winner = results.find((r) => r.created)!;
    for (const result of results) expect(result.job?.payload).toEqual(winner.job?.payload);
    const [events] = await installation.sql<{ n: number }>("select count(*)::int as n from job_events where job_id = $1", [[...ids][0]]);
    expect(events?.n).toBe(1);
  });

  it("return the original job, unchanged, to a later submit with the same key", async () => {
    const first = await jobs.submitJob({ job: jobSpec("payments", { idempotencyKey: "refund-7", priority: 5 }) });
    const again = await jobs.submitJob({ job: jobSpec("payments", { idempotencyKey: "refund-7", priority: -5, type: "other" }) });
    expect(again.created).toBe(false);
    expect(again.job).toEqual(first.job);
  });

  it("return the original job even after it was cancelled", async () => {
    const first = await jobs.submitJob({ job: jobSpec("payments", { idempotencyKey: "cancelled-key" }) });
    await jobs.cancelJob({ id: first.job!.id });
    const again = await jobs.submitJob({ job: jobSpec("payments", { idempotencyKey: "cancelled-key" }) });
    expect(again).toMatchObject({ created: false, job: { id: first.job!.id, state: JobState.CANCELLED } });
  });

  it("are per queue: the same key on another queue makes a different job", async () => {
    const a = await jobs.submitJob({ job: jobSpec("queue-a", { idempotencyKey: "shared" }) });
    const b = await jobs.submitJob({ job: jobSpec("queue-b", { idempotencyKey: "shared" }) });
    expect(a.created).toBe(true);
    expect(b.created).toBe(true);
    expect(b.job?.id).not.toBe(a.job?.id);
    expect((await rowsWithKey("shared")).map((row) => row.queue).sort()).toEqual(["queue-a", "queue-b"]);
  });

  it("collapse a key repeated within one SubmitJobs batch into one job", async () => {
    const { jobs: submitted } = await jobs.submitJobs({
      jobs: [
        jobSpec("batch", { idempotencyKey: "twice" }),
        jobSpec("batch"),
        jobSpec("batch", { idempotencyKey: "twice" }),
      ],
    });
    expect(submitted).toHaveLength(3);
    expect(submitted[2]!.id).toBe(submitted[0]!.id);
    expect(submitted.map((j) => j.created)).toEqual([true, true, false]);
    expect(submitted[1]!.id).not.toBe(submitted[0]!.id);
    expect(await rowsWithKey("twice")).toHaveLength(1);
  });

  it("map a batch entry onto a job submitted earlier, keeping the batch order", async () => {
    const earlier = await jobs.submitJob({ job: jobSpec("batch", { idempotencyKey: "earlier" }) });
    const { jobs: submitted } = await jobs.submitJobs({
      jobs: [jobSpec("batch"), jobSpec("batch", { idempotencyKey: "earlier" }), jobSpec("batch")],
    });
    expect(submitted.map((j) => j.created)).toEqual([true, false, true]);
    expect(submitted[1]).toMatchObject({ id: earlier.job!.id, state: JobState.READY });
  });

  it("do not collide across concurrent batches sharing keys", async () => {
    const keys = Array.from({ length: 20 }, (_, i) => `race-${i}`);
    const batches = await Promise.all(
      Array.from({ length: 5 }, () => jobs.submitJobs({ jobs: keys.map((idempotencyKey) => jobSpec("race", { idempotencyKey })) })),
    );
    for (let i = 0; i < keys.length; i++) {
      const ids = new Set(batches.map((batch) => batch.jobs[i]!.id));
      expect(ids.size).toBe(1);
      expect(batches.filter((batch) => batch.jobs[i]!.created)).toHaveLength(1);
    }
    const [row] = await installation.sql<{ n: number }>("select count(*)::int as n from jobs where queue = 'race'");
    expect(row?.n).toBe(keys.length);
  });
});

describe("concurrent batches sharing keys in different orders", () => {
  it("all succeed, without deadlocking, each key naming one job", async () => {
    for (let round = 0; round < 5; round++) {
      const keys = Array.from({ length: 50 }, (_, i) => `order-${round}-${i}`);
      const results = await Promise.allSettled(
        Array.from({ length: 6 }, (_, b) =>
          jobs.submitJobs({ jobs: (b % 2 ? [...keys].reverse() : keys).map((idempotencyKey) => jobSpec("orders", { idempotencyKey })) }),
        ),
      );
      const failures = results.flatMap((r) => (r.status === "rejected" ? [String(r.reason)] : []));
      expect(failures).toEqual([]);
      const batches = results.map((r) => (r as PromiseFulfilledResult<Awaited<ReturnType<typeof jobs.submitJobs>>>).value);
      keys.forEach((_, i) => {
        // Batch b lists the keys reversed when b is odd: find key i in each.
        const ids = new Set(batches.map((batch, b) => batch.jobs[b % 2 ? keys.length - 1 - i : i]!.id));
        expect(ids.size).toBe(1);
      });
    }
    const [row] = await installation.sql<{ n: number }>("select count(*)::int as n from jobs where queue = 'orders'");
    expect(row?.n).toBe(5 * 50);
  });
});
