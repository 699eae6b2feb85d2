// Exit statuses of `conveyor`, documented in docs/cli.md. Cheap to import (no client code): the
// program uses it for usage errors before anything else is loaded.

export const EXIT = {
  ok: 0,
  /** Anything not below: an unreadable spec file, an unexpected error. */
  failure: 1,
  /** Unknown command or option, bad or missing value, bad CLI configuration. */
  usage: 2,
  /** A watched job ended DEAD, or a watched workflow FAILED. */
  jobDead: 3,
  /** A watched job or workflow ended CANCELLED. */
  jobCancelled: 4,
  /** A watched job ended SKIPPED (a workflow task whose dependency failed). */
  jobSkipped: 5,
  /** An RPC failed: 10 + its gRPC status code (NOT_FOUND 5 → 15, UNAVAILABLE 14 → 24, UNAUTHENTICATED 16 → 26). */
  rpcBase: 10,
} as const;

/** gRPC status names by code, for the docs table and messages. */
export const GRPC_CODE_NAMES = [
  "OK", "CANCELLED", "UNKNOWN", "INVALID_ARGUMENT", "DEADLINE_EXCEEDED", "NOT_FOUND", "ALREADY_EXISTS",
  "PERMISSION_DENIED", "RESOURCE_EXHAUSTED", "FAILED_PRECONDITION", "ABORTED", "OUT_OF_RANGE",
  "UNIMPLEMENTED", "INTERNAL", "UNAVAILABLE", "DATA_LOSS", "UNAUTHENTICATED",
] as const;

export function exitCodeForGrpcCode(code: number): number {
  return EXIT.rpcBase + code;
}

/** An error the CLI reports as one line on stderr and turns into an exit status. */
export class CliError extends Error {
  readonly exitCode: number;
  constructor(message: string, exitCode: number = EXIT.failure) {
    super(message);
    this.exitCode = exitCode;
    this.name = "CliError";
  }
}
