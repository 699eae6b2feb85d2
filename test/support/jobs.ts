import type { MessageInitShape } from "@bufbuild/protobuf";
import type { JsonObject } from "@bufbuild/protobuf";
import type { JobSpec, JobSpecSchema, Payload, PayloadSchema } from "@conveyor/client/gen/conveyor/v1/job_pb.js";

/** A JobSpec as a plain object literal (not an already created message), so that specs can be spread. */
export type JobSpecInit = Exclude<MessageInitShape<typeof JobSpecSchema>, JobSpec>;
export type PayloadInit = Exclude<MessageInitShape<typeof PayloadSchema>, Payload>;

export function jsonPayload(value: JsonObject): PayloadInit {
  return { kind: { case: "json", value } };
}

export function binaryPayload(value: Uint8Array): PayloadInit {
  return { kind: { case: "binary", value } };
}

/** A valid spec on `queue`, with whatever the test cares about on top. */
export function jobSpec(queue: string, more: JobSpecInit = {}): JobSpecInit {
  return { queue, type: "test.job", ...more };
}

/** `count` valid specs on `queue`, each with its index in the type so that order can be checked. */
export function jobSpecs(queue: string, count: number, more: JobSpecInit = {}): JobSpecInit[] {
  return Array.from({ length: count }, (_, i) => jobSpec(queue, { type: `test.job-${i}`, ...more }));
}
