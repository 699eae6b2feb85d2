import { create } from "@bufbuild/protobuf";
import { LeaseOutcomeSchema, type LeaseOutcome } from "@conveyor/client/gen/conveyor/v1/worker_service_pb.js";
import type { LeaseKey } from "./held-job.ts";

/**
 * One outcome per lease sent, in the order sent. The server answers in request order, each
 * outcome naming its (job id, lease id); should it not (a different count or keys out of place),
 * outcomes are matched by key, and a lease without one counts as refused. An empty id matches
 * anything (a server that does not fill it in).
 */
export function alignOutcomes(sent: readonly LeaseKey[], outcomes: readonly LeaseOutcome[]): LeaseOutcome[] {
  const matches = (o: LeaseOutcome, lease: LeaseKey) => (o.jobId === "" || o.jobId === lease.jobId) && (o.leaseId === "" || o.leaseId === lease.leaseId);
  if (outcomes.length === sent.length && outcomes.every((o, i) => matches(o, sent[i]!))) return [...outcomes];
  return sent.map(
    (lease) =>
      outcomes.find((o) => o.jobId === lease.jobId && (o.leaseId === "" || o.leaseId === lease.leaseId)) ??
      create(LeaseOutcomeSchema, { jobId: lease.jobId, leaseId: lease.leaseId, accepted: false, code: "UNKNOWN", message: "the server returned no outcome for this lease" }),
  );
}
