import { fromJson, toJson, type JsonObject } from "@bufbuild/protobuf";
import { JobSchema, ListSchedulesResponseSchema, MisfirePolicy, OverlapPolicy, ScheduleSchema, ScheduleSpecSchema, type Schedule } from "@conveyor/client";
import kleur from "kleur";
import type { ActionContext } from "../client-runtime.ts";
import { CliError, EXIT } from "../exit-codes.ts";
import { details, table } from "../output.ts";
import { durationJson, integer, jsonObject, labels, readSpecFile, seconds, when } from "./values.ts";

interface SpecOptions {
  file?: string;
  name?: string;
  cron?: string;
  interval?: string;
  timezone?: string;
  queue?: string;
  type?: string;
  payload?: string;
  jitter?: string;
  label?: string[];
  paused?: boolean;
}

/** The flags over a base spec (the file's, or the schedule's current one), in the JSON mapping. */
function specFrom(base: Record<string, unknown>, options: SpecOptions) {
  const spec: Record<string, unknown> = { ...base, ...(options.file ? readSpecFile(options.file) : {}) };
  const job: Record<string, unknown> = { ...((spec["job"] as Record<string, unknown>) ?? {}) };
  const set = (target: Record<string, unknown>, key: string, value: unknown) => value !== undefined && (target[key] = value);
  set(spec, "name", options.name);
  if (options.cron !== undefined) {
    spec["cron"] = options.cron;
    delete spec["interval"];
  }
  if (options.interval !== undefined) {
    spec["interval"] = durationJson(options.interval, "--interval");
    delete spec["cron"];
  }
  set(spec, "timezone", options.timezone);
  set(spec, "jitter", options.jitter === undefined ? undefined : durationJson(options.jitter, "--jitter"));
  if (options.paused) spec["paused"] = true;
  set(job, "queue", options.queue);
  set(job, "type", options.type);
  if (options.payload !== undefined) job["payload"] = { json: jsonObject(options.payload, "--payload") };
  set(job, "labels", labels(options.label));
  spec["job"] = job;
  try {
    return fromJson(ScheduleSpecSchema, spec as JsonObject);
  } catch (error) {
    throw new CliError(`${options.file ?? "the schedule spec"}: ${(error as Error).message}`, EXIT.usage);
  }
}

export async function createSchedule(context: ActionContext, options: SpecOptions): Promise<void> {
  const { schedule } = await context.client.schedules.createSchedule({ namespace: context.namespace, schedule: specFrom({}, options) });
  context.print.message(ScheduleSchema, schedule!, () => `created schedule ${kleur.bold(schedule!.id)}, next run ${when(schedule!.nextRunAt) || "(none)"}`);
}

export async function updateSchedule(context: ActionContext, [id]: string[], options: SpecOptions): Promise<void> {
  const current = await context.client.schedules.getSchedule({ namespace: context.namespace, id: id! });
  const base = toJson(ScheduleSpecSchema, current.schedule!.spec!) as Record<string, unknown>;
  const { schedule } = await context.client.schedules.updateSchedule({ namespace: context.namespace, id: id!, schedule: specFrom(base, options) });
  context.print.message(ScheduleSchema, schedule!, () => `updated schedule ${kleur.bold(schedule!.id)}, next run ${when(schedule!.nextRunAt) || "(none)"}`);
}

export async function getSchedule(context: ActionContext, [id]: string[]): Promise<void> {
  const { schedule } = await context.client.schedules.getSchedule({ namespace: context.namespace, id: id! });
  context.print.message(ScheduleSchema, schedule!, () => scheduleDetails(schedule!));
}

export async function listSchedules(context: ActionContext, options: { limit: string; pageToken?: string }): Promise<void> {
  const response = await context.client.schedules.listSchedules({ namespace: context.namespace, pageSize: integer(options.limit, "--limit", 1), pageToken: options.pageToken ?? "" });
  context.print.message(ListSchedulesResponseSchema, response, () => {
    const rows = response.schedules.map((s) => [s.id, s.spec?.name ?? "", timing(s), `${s.spec?.job?.queue}/${s.spec?.job?.type}`, s.paused ? kleur.yellow("paused") : "active", when(s.nextRunAt)]);
    const more = response.nextPageToken ? `\n${kleur.dim(`more: --page-token ${response.nextPageToken}`)}` : "";
    return table(["ID", "NAME", "WHEN", "JOB", "STATUS", "NEXT RUN"], rows) + more;
  });
}

export async function steerSchedule(context: ActionContext, action: "pause" | "resume" | "trigger" | "delete", [id]: string[]): Promise<void> {
  const request = { namespace: context.namespace, id: id! };
  if (action === "trigger") {
    const { job } = await context.client.schedules.triggerSchedule(request);
    return context.print.message(JobSchema, job!, () => `schedule ${kleur.bold(id!)} submitted job ${kleur.bold(job!.id)}`);
  }
  if (action === "delete") {
    await context.client.schedules.deleteSchedule(request);
    return context.print.value({ id: id!, deleted: true }, () => `deleted schedule ${kleur.bold(id!)}`);
  }
  const { schedule } = action === "pause" ? await context.client.schedules.pauseSchedule(request) : await context.client.schedules.resumeSchedule(request);
  context.print.message(ScheduleSchema, schedule!, () => `schedule ${kleur.bold(id!)} ${schedule!.paused ? "paused" : `resumed, next run ${when(schedule!.nextRunAt)}`}`);
}

function timing(schedule: Schedule): string {
  const spec = schedule.spec;
  if (!spec) return "";
  return spec.cron ? `cron "${spec.cron}"${spec.timezone ? ` ${spec.timezone}` : ""}` : `every ${seconds(spec.interval)}`;
}

function scheduleDetails(schedule: Schedule): string {
  const spec = schedule.spec!;
  return details([
    ["id", schedule.id],
    ["name", spec.name],
    ["when", timing(schedule)],
    ["job", `${spec.job?.queue} / ${spec.job?.type}`],
    ["status", schedule.paused ? "paused" : "active"],
    ["next run", when(schedule.nextRunAt)],
    ["last fired", when(schedule.lastFiredAt)],
    ["last job", schedule.lastJobId],
    ["overlap", OverlapPolicy[spec.overlapPolicy]],
    ["misfire", MisfirePolicy[spec.misfirePolicy]],
    ["jitter", seconds(spec.jitter)],
    ["start at", when(spec.startAt)],
    ["end at", when(spec.endAt)],
  ]);
}
