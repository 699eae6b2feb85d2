// What commands print: tables for people, the proto3 JSON mapping of the API's messages as JSON or
// YAML for scripts (field names in lowerCamelCase, enums by name, timestamps in RFC 3339,
// durations as "3600s"; fields at their default are left out, as the JSON mapping does).
import { toJson, type DescMessage, type JsonValue, type MessageShape } from "@bufbuild/protobuf";
import Table from "cli-table3";
import kleur from "kleur";
import { stringify } from "yaml";
import type { GlobalOptions } from "./connection.ts";

export type OutputFormat = GlobalOptions["output"];

export interface Printer {
  readonly format: OutputFormat;
  /** Whether stdout is for people: a table format on a terminal. */
  readonly interactive: boolean;
  /** Prints a document (JSON or YAML) as is; for the table format, `human()` instead. */
  value(json: JsonValue, human: () => string): void;
  /** A message in its JSON mapping, or `human()` for the table format. */
  message<D extends DescMessage>(schema: D, message: MessageShape<D>, human: () => string): void;
  /** One line of a stream (watch): compact JSON, or a YAML document; `human()` for the table format. */
  streamed<D extends DescMessage>(schema: D, message: MessageShape<D>, human: () => string): void;
  /** A line on stdout in the table format only (JSON and YAML stay parseable). */
  note(text: string): void;
}

export function makePrinter(options: Pick<GlobalOptions, "output" | "color">, stream: NodeJS.WriteStream = process.stdout): Printer {
  // NO_COLOR (https://no-color.org), --no-color, or output that is not a terminal: plain text.
  kleur.enabled = options.color && stream.isTTY === true && !process.env["NO_COLOR"];
  const write = (text: string) => stream.write(text.endsWith("\n") ? text : text + "\n");
  const document = (json: JsonValue) => write(options.output === "yaml" ? stringify(json) : JSON.stringify(json, null, 2));
  return {
    format: options.output,
    interactive: options.output === "table" && stream.isTTY === true,
    value(json, human) {
      if (options.output === "table") write(human());
      else document(json);
    },
    message(schema, message, human) {
      if (options.output === "table") write(human());
      else document(toJson(schema, message));
    },
    streamed(schema, message, human) {
      if (options.output === "table") write(human());
      else if (options.output === "json") write(JSON.stringify(toJson(schema, message)));
      else write("---\n" + stringify(toJson(schema, message)));
    },
    note(text) {
      if (options.output === "table") write(text);
    },
  };
}

/** A borderless table (kubectl style), or "(none)" for no rows. */
export function table(head: string[], rows: string[][]): string {
  if (rows.length === 0) return kleur.dim("(none)");
  const made = new Table({
    head: head.map((h) => kleur.bold(h)),
    style: { head: [], border: [], compact: true },
    chars: { top: "", "top-mid": "", "top-left": "", "top-right": "", bottom: "", "bottom-mid": "", "bottom-left": "", "bottom-right": "", left: "", "left-mid": "", mid: "", "mid-mid": "", right: "", "right-mid": "", middle: "  " },
  });
  made.push(...rows);
  return made.toString().split("\n").map((line) => line.trimEnd().replace(/^ /, "")).join("\n");
}

/** Label: value lines, for one object. */
export function details(pairs: Array<[string, string | undefined]>): string {
  const shown = pairs.filter(([, value]) => value !== undefined && value !== "");
  const width = Math.max(...shown.map(([label]) => label.length));
  return shown.map(([label, value]) => `${kleur.bold(label.padEnd(width))}  ${value}`).join("\n");
}

const STATE_COLOURS: Record<string, (text: string) => string> = {
  SUCCEEDED: kleur.green,
  DEAD: kleur.red,
  FAILED: kleur.red,
  CANCELLED: kleur.yellow,
  SKIPPED: kleur.gray,
  RUNNING: kleur.cyan,
  READY: kleur.blue,
  RETRY_SCHEDULED: kleur.magenta,
};

/** A state name in its colour (when colours are on). */
export function colourState(name: string): string {
  return (STATE_COLOURS[name] ?? ((text: string) => text))(name);
}
