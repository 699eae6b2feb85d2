import { create, type JsonObject } from "@bufbuild/protobuf";
import { PayloadSchema, type Payload } from "@conveyor/client/gen/conveyor/v1/job_pb.js";
import { NonRetryableError } from "./errors.ts";

/** What a handler may return: a JSON object, bytes, or nothing. */
export type HandlerResult = JsonObject | Uint8Array | undefined | void;

/** A job's payload as handlers see it: the JSON object, or the bytes of a binary payload. */
export function decodePayload(payload: Payload | undefined): JsonObject | Uint8Array {
  switch (payload?.kind.case) {
    case "json":
      return payload.kind.value;
    case "binary":
      return payload.kind.value;
    default:
      return {};
  }
}

/**
 * A handler's return value as a result Payload. The JSON round trip drops `undefined` fields and
 * turns Dates into strings, so that one odd value cannot break the serialization of a whole
 * Complete batch. Anything else than an object, bytes or nothing is a programming error: the
 * attempt fails for good rather than retrying into the same mistake.
 */
export function encodeResult(value: unknown): Payload | undefined {
  if (value === undefined || value === null) return undefined;
  if (value instanceof Uint8Array) return create(PayloadSchema, { kind: { case: "binary", value } });
  if (typeof value !== "object" || Array.isArray(value)) {
    throw new NonRetryableError(
      `handler returned ${Array.isArray(value) ? "an array" : `a ${typeof value}`}; return a JSON object, a Uint8Array or nothing`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(JSON.stringify(value));
  } catch (error) {
    throw new NonRetryableError("handler returned an object that is not JSON-serializable", { cause: error });
  }
  if (json === null || typeof json !== "object" || Array.isArray(json)) {
    throw new NonRetryableError("handler returned an object whose JSON form is not an object (a toJSON method?)");
  }
  return create(PayloadSchema, { kind: { case: "json", value: json as JsonObject } });
}
