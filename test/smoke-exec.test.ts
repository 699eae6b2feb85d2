import { create } from "@bufbuild/protobuf";
import { JobState } from "@conveyor/client/gen/conveyor/v1/job_pb.js";
import { LeaseRequestSchema, type LeaseRequest } from "@conveyor/client/gen/conveyor/v1/worker_service_pb.js";
import { expect, it } from "vitest";
import { AsyncQueue } from "../server/src/util/async-queue.ts";
import { grpcClients } from "./support/clients.ts";
import { useConveyor } from "./support/conveyor-harness.ts";

const { server } = useConveyor({ amqpQueueType: "classic" });

it("runs a job end to end through RabbitMQ and a raw Lease stream", async () => {
  const { jobs, workers } = grpcClients(server().url);
  const requests = new AsyncQueue<LeaseRequest>();
  requests.push(create(LeaseRequestSchema, { message: { case: "open", value: { workerId: "w1", queues: ["smoke"], capacity: 5 } } }));
  const stream = workers.lease(requests);
  const { job } = await jobs.submitJob({ job: { queue: "smoke", type: "noop" } });
  const t0 = Date.now();
  for await (const response of stream) {
    if (response.message.case !== "jobs" || response.message.value.jobs.length === 0) continue;
    const leased = response.message.value.jobs[0]!;
    expect(leased.job?.id).toBe(job!.id);
    console.log("enqueue-to-lease ms", Date.now() - t0);
    const done = await workers.complete({ completions: [{ lease: { jobId: leased.job!.id, leaseId: leased.leaseId }, result: { kind: { case: "json", value: { ok: true } } } }] });
    expect(done.results[0]?.accepted).toBe(true);
    break;
  }
  requests.close();
  const fetched = await jobs.getJob({ id: job!.id });
  expect(fetched.job?.state).toBe(JobState.SUCCEEDED);
  expect(fetched.job?.attempts).toHaveLength(1);
});
