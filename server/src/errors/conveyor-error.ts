/**
 * The domain's errors. Code below the API boundary throws these; `grpc-error-interceptor.ts` is
 * the one place that turns them (and low-level database or broker errors) into gRPC codes.
 */
export type ConveyorErrorKind =
  | "invalid_argument"
  | "not_found"
  | "already_exists"
  | "failed_precondition"
  | "resource_exhausted"
  | "unauthenticated"
  | "permission_denied"
  | "unavailable";

export class ConveyorError extends Error {
  override name = "ConveyorError";
  readonly kind: ConveyorErrorKind;

  constructor(kind: ConveyorErrorKind, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.kind = kind;
  }
}

/** A request field is missing or malformed; the message starts with the field's name. */
export class InvalidArgumentError extends ConveyorError {
  override name = "InvalidArgumentError";
  readonly field: string;

  constructor(field: string, problem: string) {
    super("invalid_argument", `${field}: ${problem}`);
    this.field = field;
  }
}

export class NotFoundError extends ConveyorError {
  override name = "NotFoundError";
  constructor(message: string) {
    super("not_found", message);
  }
}

export class FailedPreconditionError extends ConveyorError {
  override name = "FailedPreconditionError";
  constructor(message: string) {
    super("failed_precondition", message);
  }
}

export class ResourceExhaustedError extends ConveyorError {
  override name = "ResourceExhaustedError";
  constructor(message: string) {
    super("resource_exhausted", message);
  }
}

export class UnavailableError extends ConveyorError {
  override name = "UnavailableError";
  constructor(message: string, options?: { cause?: unknown }) {
    super("unavailable", message, options);
  }
}

/** No credentials, or credentials that do not verify. The message says what is wrong, never the token. */
export class UnauthenticatedError extends ConveyorError {
  override name = "UnauthenticatedError";
  constructor(message: string, options?: { cause?: unknown }) {
    super("unauthenticated", message, options);
  }
}

/** Valid credentials that do not grant this call: the message names the missing scope or namespace. */
export class PermissionDeniedError extends ConveyorError {
  override name = "PermissionDeniedError";
  constructor(message: string) {
    super("permission_denied", message);
  }
}

/** Turns whatever was thrown (user code, libraries) into an Error without losing it. */
export function coerceError(thrown: unknown): Error {
  if (thrown instanceof Error) return thrown;
  return new Error(typeof thrown === "string" ? thrown : JSON.stringify(thrown), { cause: thrown });
}
