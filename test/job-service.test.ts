import { Code, ConnectError } from "@connectrpc/connect";
import { JobState } from "@conveyor/client/gen/conveyor/v1/job_pb.js";
import { describe, expect, it } from "vitest";
import { grpcClients } from "./support/clients.ts";
import { useConveyor } from "./support/conveyor-harness.ts";

const { server } = useConveyor();

describe("SubmitJob", () => {
  it("stores a due job as READY and returns it", async () => {
    const { jobs } = grpcClients(server().url);
    const { job, created } = await jobs.submitJob({
      job: { queue: "emails", type: "send_email", payload: { kind: { case: "json", value: { to: "a@example.com" } } } },
    });
    expect(created).toBe(true);
    expect(job?.state).toBe(JobState.READY);
    expect(job?.namespace).toBe("default");
    expect(job?.payload?.kind).toEqual({ case: "json", value: { to: "a@example.com" } });
    const fetched = await jobs.getJob({ id: job!.id });
    expect(fetched.job?.id).toBe(job!.id);
  });

  it("refuses a missing queue with INVALID_ARGUMENT naming the field", async () => {
    const { jobs } = grpcClients(server().url);
    const error = await jobs.submitJob({ job: { type: "x" } }).catch((e: unknown) => ConnectError.from(e));
    expect(error).toBeInstanceOf(ConnectError);
    expect((error as ConnectError).code).toBe(Code.InvalidArgument);
    expect((error as ConnectError).rawMessage).toMatch(/^job\.queue: /);
  });
});
