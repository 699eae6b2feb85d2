import type { Command } from "commander";
import kleur from "kleur";
import { report } from "../client-runtime.ts";
import { resolveConnection, type Connection, type GlobalOptions } from "../connection.ts";
import { CliError, EXIT, exitCodeForGrpcCode } from "../exit-codes.ts";
import { details, makePrinter } from "../output.ts";

const UNAVAILABLE = exitCodeForGrpcCode(14);

/** GET /readyz on the server's port (plain HTTP, no token needed). */
export async function health(command: Command): Promise<never> {
  const options = command.optsWithGlobals<GlobalOptions>();
  let connection: Connection | undefined;
  let status: number;
  try {
    connection = resolveConnection(options);
    const print = makePrinter(options);
    let response: Response;
    try {
      response = await fetch(`${connection.url}/readyz`, { signal: AbortSignal.timeout(10_000) });
    } catch (error) {
      throw new CliError(`cannot reach ${connection.url} (from ${connection.sources.url}): ${((error as Error).cause as Error)?.message ?? (error as Error).message}`, UNAVAILABLE);
    }
    const body = (await response.json().catch(() => ({}))) as Record<string, string | boolean>;
    const ready = response.ok && body["ok"] === true;
    print.value({ url: connection.url, ready, ...body }, () =>
      details([
        ["server", connection!.url],
        ["ready", ready ? kleur.green("yes") : kleur.red("no")],
        ["postgres", String(body["postgres"] ?? "")],
        ["rabbitmq", String(body["rabbitmq"] ?? "")],
      ]),
    );
    status = ready ? EXIT.ok : UNAVAILABLE;
  } catch (error) {
    status = report(error, connection);
  }
  await new Promise<void>((resolve) => process.stdout.write("", () => resolve()));
  process.exit(status);
}
