// The one place where errors become gRPC codes, fed the errors that pg and the domain throw.
import { Code, ConnectError } from "@connectrpc/connect";
import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { toConnectError } from "../server/src/api/grpc-error-interceptor.ts";
import { specEncodeGrpcMessage } from "../server/src/http/grpc-message-encoding.ts";
import { FailedPreconditionError, InvalidArgumentError, NotFoundError, ResourceExhaustedError, UnavailableError } from "../server/src/errors/conveyor-error.ts";
import { IllegalTransitionError, transitions } from "../server/src/jobs/job-state-machine.ts";

const logger = pino({ level: "silent" });

/** What a pg DatabaseError looks like to the mapper: an Error with a SQLSTATE in `code`. */
function pgError(code: string, message = "database error"): Error {
  return Object.assign(new Error(message), { code });
}

describe("toConnectError", () => {
  it.each([
    ["InvalidArgumentError", new InvalidArgumentError("job.queue", "is required"), Code.InvalidArgument, "job.queue: is required"],
    ["NotFoundError", new NotFoundError("job x not found"), Code.NotFound, "job x not found"],
    ["FailedPreconditionError", new FailedPreconditionError("job x is SUCCEEDED"), Code.FailedPrecondition, "job x is SUCCEEDED"],
    ["ResourceExhaustedError", new ResourceExhaustedError("too big"), Code.ResourceExhausted, "too big"],
    ["UnavailableError", new UnavailableError("no broker"), Code.Unavailable, "no broker"],
  ])("keeps the message of a %s", (_, error, code, message) => {
    const mapped = toConnectError(error, logger, "Test");
    expect(mapped.code).toBe(code);
    expect(mapped.rawMessage).toBe(message);
    expect(mapped.cause).toBe(error);
  });

  it("maps an illegal transition to FAILED_PRECONDITION", () => {
    expect(toConnectError(new IllegalTransitionError(transitions.complete, "READY"), logger, "Test").code).toBe(Code.FailedPrecondition);
  });

  it.each([
    ["connection failure (08006)", pgError("08006"), Code.Unavailable],
    ["too many connections (53300)", pgError("53300"), Code.Unavailable],
    ["admin shutdown (57P01)", pgError("57P01"), Code.Unavailable],
    ["refused connection", pgError("ECONNREFUSED"), Code.Unavailable],
    ["unique violation (23505)", pgError("23505"), Code.AlreadyExists],
    ["deadlock (40P01)", pgError("40P01"), Code.Aborted],
    ["serialization failure (40001)", pgError("40001"), Code.Aborted],
  ])("maps a %s", (_, error, code) => {
    expect(toConnectError(error, logger, "Test").code).toBe(code);
  });

  it("hides the detail of anything unexpected behind INTERNAL", () => {
    const mapped = toConnectError(pgError("22007", "invalid input syntax for type timestamp: secret detail"), logger, "Test");
    expect(mapped.code).toBe(Code.Internal);
    expect(mapped.rawMessage).toBe("internal error");
    expect(toConnectError(new TypeError("x is undefined"), logger, "Test").rawMessage).toBe("internal error");
  });

  it("passes a ConnectError through unchanged", () => {
    const error = new ConnectError("already mapped", Code.PermissionDenied);
    expect(toConnectError(error, logger, "Test")).toBe(error);
  });

  it("logs a call the client abandoned at debug, not error, as CANCELLED", () => {
    const lines: { level: number; msg: string }[] = [];
    const capturing = pino({ level: "trace" }, { write: (line: string) => lines.push(JSON.parse(line)) });
    const client = new AbortController();
    client.abort();
    const mapped = toConnectError(new DOMException("This operation was aborted", "AbortError"), capturing, "WatchJob", client.signal);
    expect(mapped.code).toBe(Code.Canceled);
    expect(lines.map((line) => line.level)).toEqual([20]);
  });

  it("still logs an abort error at error level while the client is listening", () => {
    const lines: { level: number }[] = [];
    const capturing = pino({ level: "trace" }, { write: (line: string) => lines.push(JSON.parse(line)) });
    const mapped = toConnectError(new DOMException("This operation was aborted", "AbortError"), capturing, "WatchJob", new AbortController().signal);
    expect(mapped.code).toBe(Code.Internal);
    expect(lines.map((line) => line.level)).toEqual([50]);
  });
});

describe("specEncodeGrpcMessage", () => {
  it.each([
    ["job.queue%3A%20is%20required", "job.queue: is required"],
    ["a%2Cb%2Fc%3Fd%23e", "a,b/c?d#e"],
    ["50%25%20done", "50%25 done"],
    ["na%C3%AFve", "na%C3%AFve"],
    ["line%0Abreak", "line%0Abreak"],
    ["plain", "plain"],
  ])("re-encodes %s as %s", (connectEncoded, specEncoded) => {
    expect(specEncodeGrpcMessage(connectEncoded)).toBe(specEncoded);
  });

  it("leaves a value that is not valid percent-encoding alone", () => {
    expect(specEncodeGrpcMessage("100% broken")).toBe("100% broken");
  });

  it("round-trips through decodeURIComponent and through grpc-js's decodeURI", () => {
    const message = `jobs[3].labels: key "ключ, 100%": bad/odd?`;
    const encoded = specEncodeGrpcMessage(encodeURIComponent(message));
    expect(decodeURIComponent(encoded)).toBe(message);
    expect(decodeURI(encoded)).toBe(message);
  });
});
