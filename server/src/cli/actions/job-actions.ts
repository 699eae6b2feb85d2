// The bodies of `conveyor job …` (commands/job-commands.ts defines the commands).
import { fromJson, toJson, type JsonObject } from "@bufbuild/protobuf";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import {
  JobSchema,
  JobSpecSchema,
  JobState,
  ListJobLogsResponseSchema,
  ListJobsResponseSchema,
  LogLevel,
  SubmitJobResponseSchema,
  WatchJobResponseSchema,
  isTerminal,
  stateName,
  type Job,
  type JobLogLine,
} from "@conveyor/client";
import { create } from "@bufbuild/protobuf";
import kleur from "kleur";
import ora from "ora";
import type { ActionContext } from "../client-runtime.ts";
import { CliError, EXIT } from "../exit-codes.ts";
import { colourState, details, table } from "../output.ts";
import { durationJson, integer, jobStates, jsonObject, labels, readSpecFile, timestampArg, when } from "./values.ts";

export interface SubmitOptions {
  file?: string;
  queue?: string;
  type?: string;
  payload?: string;
  priority?: string;
  delay?: string;
  runAt?: string;
  maxAttempts?: string;
  timeout?: string;
  idempotencyKey?: string;
  label?: string[];
  webhookUrl?: string;
  wait?: boolean;
  quiet?: boolean;
}

export async function submitJob(context: ActionContext, options: SubmitOptions): Promise<number> {
  // A spec file (the JSON mapping of JobSpec) first, then flags over it.
  const spec: Record<string, unknown> = options.file ? readSpecFile(options.file) : {};
  const set = (key: string, value: unknown) => value !== undefined && (spec[key] = value);
  set("queue", options.queue);
  set("type", options.type);
  if (options.payload !== undefined) spec["payload"] = { json: jsonObject(options.payload, "--payload") };
  set("priority", options.priority === undefined ? undefined : integer(options.priority, "--priority", -2_147_483_648));
  set("delay", options.delay === undefined ? undefined : durationJson(options.delay, "--delay"));
  set("runAt", options.runAt === undefined ? undefined : timestampArg(options.runAt, "--run-at"));
  set("maxAttempts", options.maxAttempts === undefined ? undefined : integer(options.maxAttempts, "--max-attempts", 1));
  set("timeout", options.timeout === undefined ? undefined : durationJson(options.timeout, "--timeout"));
  set("idempotencyKey", options.idempotencyKey);
  set("labels", labels(options.label));
  set("webhookUrl", options.webhookUrl);
  const job = parseSpec(spec, options.file);
  const response = await context.client.jobs.submitJob({ namespace: context.namespace, job });
  if (options.quiet) process.stdout.write(response.job!.id + "\n");
  else context.print.message(SubmitJobResponseSchema, response, () => `${response.created ? "submitted" : "already submitted (idempotency key)"} job ${kleur.bold(response.job!.id)} ${colourState(stateName(response.job!.state))}`);
  if (options.wait) return watchJob(context, [response.job!.id], { quiet: options.quiet });
  return EXIT.ok;
}

function parseSpec(spec: Record<string, unknown>, file: string | undefined) {
  try {
    return fromJson(JobSpecSchema, spec as JsonObject);
  } catch (error) {
    throw new CliError(`${file ?? "the job spec"}: ${(error as Error).message}`, EXIT.usage);
  }
}

export async function getJob(context: ActionContext, [id]: string[]): Promise<void> {
  const { job } = await context.client.jobs.getJob({ namespace: context.namespace, id: id! });
  context.print.message(JobSchema, job!, () => jobDetails(job!));
}

export interface ListOptions {
  queue?: string;
  type?: string;
  state?: string[];
  createdAfter?: string;
  createdBefore?: string;
  limit: string;
  pageToken?: string;
}

export async function listJobs(context: ActionContext, options: ListOptions, forceStates?: JobState[]): Promise<void> {
  const response = await context.client.jobs.listJobs({
    namespace: context.namespace,
    queue: options.queue ?? "",
    type: options.type ?? "",
    states: forceStates ?? jobStates(options.state),
    createdAfter: options.createdAfter ? timestampFromDate(new Date(timestampArg(options.createdAfter, "--created-after"))) : undefined,
    createdBefore: options.createdBefore ? timestampFromDate(new Date(timestampArg(options.createdBefore, "--created-before"))) : undefined,
    pageSize: integer(options.limit, "--limit", 1),
    pageToken: options.pageToken ?? "",
  });
  context.print.message(ListJobsResponseSchema, response, () => {
    const rows = response.jobs.map((job) => [job.id, job.queue, job.type, colourState(stateName(job.state)), String(job.attempt), when(job.createdAt), job.lastError.split("\n")[0]!.slice(0, 60)]);
    const more = response.nextPageToken ? `\n${kleur.dim(`more: --page-token ${response.nextPageToken}`)}` : "";
    return table(["ID", "QUEUE", "TYPE", "STATE", "ATTEMPT", "CREATED", "LAST ERROR"], rows) + more;
  });
}

export async function cancelJob(context: ActionContext, [id]: string[], options: { reason?: string }): Promise<void> {
  const { job } = await context.client.jobs.cancelJob({ namespace: context.namespace, id: id!, reason: options.reason ?? "" });
  context.print.message(JobSchema, job!, () => `job ${kleur.bold(job!.id)} ${colourState(stateName(job!.state))}`);
}

export async function retryJob(context: ActionContext, [id]: string[]): Promise<void> {
  const { job } = await context.client.jobs.retryJob({ namespace: context.namespace, id: id! });
  context.print.message(JobSchema, job!, () => `job ${kleur.bold(job!.id)} ${colourState(stateName(job!.state))} (attempts start again from 1)`);
}

/** Every log line of the job (or the first --limit), read page by page; one response in JSON/YAML. */
export async function jobLogs(context: ActionContext, [id]: string[], options: { limit?: string }): Promise<void> {
  const limit = options.limit === undefined ? Infinity : integer(options.limit, "--limit");
  const lines: JobLogLine[] = [];
  let pageToken = "";
  let dropped = 0n;
  do {
    const page = await context.client.jobs.listJobLogs({ namespace: context.namespace, jobId: id!, pageSize: 1_000, pageToken });
    lines.push(...page.lines);
    dropped = page.dropped;
    pageToken = page.nextPageToken;
  } while (pageToken !== "" && lines.length < limit);
  const shown = lines.slice(0, limit);
  const response = create(ListJobLogsResponseSchema, { lines: shown, dropped });
  context.print.message(ListJobLogsResponseSchema, response, () =>
    [
      table(
        ["AT", "LEVEL", "MESSAGE", "FIELDS"],
        shown.map((line) => [when(line.at), LogLevel[line.level]?.replace(/^LOG_LEVEL_/, "") ?? "", line.message, line.fields && Object.keys(line.fields).length > 0 ? JSON.stringify(line.fields) : ""]),
      ),
      ...(dropped > 0n ? [kleur.yellow(`${dropped} more lines were not kept (the job's cap)`)] : []),
    ].join("\n"),
  );
}

/** Follows a job until it ends; the exit status says how it ended (0 SUCCEEDED, 3 DEAD, 4 CANCELLED, 5 SKIPPED). */
export async function watchJob(context: ActionContext, [id]: string[], options: { quiet?: boolean } = {}): Promise<number> {
  // The spinner goes to stderr, and only on a terminal in the table format.
  const spinner = context.print.interactive && !options.quiet ? ora({ text: `job ${id}`, stream: process.stderr }).start() : undefined;
  let last: Job | undefined;
  let state: JobState | undefined;
  try {
    for await (const update of context.client.jobs.watchJob({ namespace: context.namespace, id: id! }, { timeoutMs: 0 })) {
      // The job comes with the first message and the terminal one; events, progress and log lines between.
      if (update.job) last = update.job;
      state = update.event?.toState ?? update.job?.state ?? state;
      if (options.quiet) continue;
      const line = () => {
        if (update.log) return `${kleur.dim(when(update.log.at))}   ${kleur.dim(LogLevel[update.log.level] ?? "")} ${update.log.message}`;
        if (update.progress) {
          const { percent, details } = update.progress;
          return `${kleur.dim(when(update.progress.at))}   progress ${percent === undefined ? "" : `${percent}%`}${details ? ` ${JSON.stringify(details)}` : ""}`;
        }
        const event = update.event;
        if (!event) return `${kleur.dim(when(update.job?.updatedAt))} ${colourState(stateName(update.job!.state))}`;
        const from = event.fromState ? `${colourState(stateName(event.fromState))} → ` : "";
        const extra = [event.attempt ? `attempt ${event.attempt}` : "", event.workerId ? `worker ${event.workerId}` : "", event.message].filter(Boolean).join(", ");
        return `${kleur.dim(when(event.at))} ${from}${colourState(stateName(event.toState))}${extra ? `  ${kleur.dim(extra)}` : ""}`;
      };
      if (spinner) {
        spinner.clear();
        process.stdout.write(line() + "\n");
        spinner.text = `job ${id}: ${state === undefined ? "" : stateName(state)}`;
        spinner.render();
      } else {
        context.print.streamed(WatchJobResponseSchema, update, line);
      }
    }
  } finally {
    spinner?.stop();
  }
  if (!last || !isTerminal(last.state)) return EXIT.failure;
  if (!options.quiet && context.print.format === "table") {
    context.print.note(`${colourState(stateName(last.state))}${last.lastError ? `: ${last.lastError}` : ""}`);
  }
  return exitForJobState(last.state);
}

export function exitForJobState(state: JobState): number {
  if (state === JobState.SUCCEEDED) return EXIT.ok;
  if (state === JobState.DEAD) return EXIT.jobDead;
  if (state === JobState.CANCELLED) return EXIT.jobCancelled;
  if (state === JobState.SKIPPED) return EXIT.jobSkipped;
  return EXIT.failure;
}

export function jobDetails(job: Job): string {
  const json = toJson(JobSchema, job) as Record<string, unknown>;
  const attempts = job.attempts.map((a) => `#${a.number} ${a.workerId} ${when(a.startedAt)} → ${when(a.finishedAt)} ${a.error ? `(${a.error.split("\n")[0]})` : ""}`.trim());
  return details([
    ["id", job.id],
    ["namespace", job.namespace],
    ["queue", job.queue],
    ["type", job.type],
    ["state", colourState(stateName(job.state))],
    ["attempt", `${job.attempt} of ${job.maxAttempts}`],
    ["priority", String(job.priority)],
    ["run at", when(job.runAt)],
    ["created", when(job.createdAt)],
    ["finished", when(job.finishedAt)],
    ["payload", json["payload"] === undefined ? undefined : JSON.stringify((json["payload"] as Record<string, unknown>)["json"] ?? json["payload"])],
    ["result", json["result"] === undefined ? undefined : JSON.stringify((json["result"] as Record<string, unknown>)["json"] ?? json["result"])],
    ["last error", job.lastError],
    ["labels", Object.entries(job.labels).map(([k, v]) => `${k}=${v}`).join(", ")],
    ["workflow", job.workflowId ? `${job.workflowId} (task ${job.taskName})` : undefined],
    ["schedule", job.scheduleId],
    ["attempts", attempts.join("\n" + " ".repeat(12))],
  ]);
}
