import { create } from "@bufbuild/protobuf";
import { LeaseOutcomeSchema, type LeaseOutcome } from "@conveyor/client/gen/conveyor/v1/worker_service_pb.js";
import type { LeaseKey } from "./held-job.ts";

/**
 * One outcome per lease sent, in the order sent. The server answers in request order; should it
 * not (a different count or job ids out of place), outcomes are matched by job id, and a lease
 * without one counts as refused.
 */
export function alignOutcomes(sent: readonly LeaseKey[], outcomes: readonly LeaseOutcome[]): LeaseOutcome[] {
  if (outcomes.length === sent.length && outcomes.every((o, i) => o.jobId === "" || o.jobId === sent[i]!.jobId)) {
    return [...outcomes];
  }
  const byJob = new Map(outcomes.map((o) => [o.jobId, o]));
  return sent.map(
    (lease) =>
      byJob.get(lease.jobId) ??
      create(LeaseOutcomeSchema, { jobId: lease.jobId, accepted: false, code: "UNKNOWN", message: "the server returned no outcome for this lease" }),
  );
}
