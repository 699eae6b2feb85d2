// What the actions of API commands share, loaded only when such a command runs: the connection,
// the client, the printer, and the one place where errors become a message and an exit status.
import { Code, ConnectError, createConveyorClient, type ConveyorClient } from "@conveyor/client";
import type { Command } from "commander";
import { resolveConnection, type Connection, type GlobalOptions } from "./connection.ts";
import { CliError, EXIT, exitCodeForGrpcCode, GRPC_CODE_NAMES } from "./exit-codes.ts";
import { makePrinter, type Printer } from "./output.ts";

export interface ActionContext {
  client: ConveyorClient;
  connection: Connection;
  /** The namespace to put in every request. */
  namespace: string;
  print: Printer;
  options: GlobalOptions;
}

/** Unary calls that set no deadline of their own give up after this long. */
const CALL_TIMEOUT_MS = 30_000;

/**
 * Runs an API command: connects, runs `work`, closes, and exits with `work`'s status (0 if it
 * returns nothing) or the status its error maps to (see exit-codes.ts).
 */
export async function runClientAction(command: Command, work: (context: ActionContext) => Promise<number | void>): Promise<never> {
  const options = command.optsWithGlobals<GlobalOptions>();
  let connection: Connection | undefined;
  let client: ConveyorClient | undefined;
  let status: number;
  try {
    connection = resolveConnection(options);
    client = createConveyorClient(connection.url, { token: connection.token, defaultTimeoutMs: CALL_TIMEOUT_MS });
    status = (await work({ client, connection, namespace: connection.namespace, print: makePrinter(options), options })) ?? EXIT.ok;
  } catch (error) {
    status = report(error, connection);
  } finally {
    client?.close();
  }
  // Flush before exiting: stdout may be a pipe.
  await new Promise<void>((resolve) => process.stdout.write("", () => resolve()));
  process.exit(status);
}

/** Writes one line (two with a hint) on stderr and returns the exit status. */
export function report(error: unknown, connection?: Connection): number {
  if (error instanceof CliError) {
    process.stderr.write(`conveyor: ${error.message}\n`);
    return error.exitCode;
  }
  if (error instanceof ConnectError) {
    const name = GRPC_CODE_NAMES[error.code] ?? String(error.code);
    process.stderr.write(`conveyor: ${name}: ${error.rawMessage}\n`);
    const hint = hintFor(error.code, connection);
    if (hint) process.stderr.write(`hint: ${hint}\n`);
    return exitCodeForGrpcCode(error.code);
  }
  process.stderr.write(`conveyor: ${(error as Error)?.stack ?? String(error)}\n`);
  return EXIT.failure;
}

function hintFor(code: Code, connection: Connection | undefined): string | undefined {
  if (!connection) return undefined;
  if (code === Code.Unauthenticated && connection.token === undefined) {
    return "no token was sent: set CONVEYOR_TOKEN or CONVEYOR_TOKEN_FILE, pass --token or --token-file, or use a profile (conveyor config set-profile); in the repository, npm run -s token -- --scope \"jobs:write jobs:read\" mints a development token";
  }
  if (code === Code.Unauthenticated) return `the token (from ${connection.sources.token}) was refused`;
  if (code === Code.Unavailable) return `is a Conveyor server running at ${connection.url} (from ${connection.sources.url})?`;
  if (code === Code.PermissionDenied) return `the token is from ${connection.sources.token}; conveyor config show prints the connection`;
  return undefined;
}

/** Parses a JSON argument (payloads, labels), naming the option when it is not JSON. */
export function parseJsonOption(text: string, option: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new CliError(`${option} is not valid JSON: ${(error as Error).message}`, EXIT.usage);
  }
}
