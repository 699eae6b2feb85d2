// Dead letters. `dlq redrive` lists the matching DEAD jobs with ListJobs (which has the time
// filters), then moves them with the bulk RetryJobs RPC by id, a bounded batch (one transaction on
// the server) at a time, and reports the jobs that were no longer DEAD by then.
import { JobState } from "@conveyor/client";
import kleur from "kleur";
import type { ActionContext } from "../client-runtime.ts";
import { EXIT } from "../exit-codes.ts";
import { integer, timestampArg } from "./values.ts";
import { listJobs, type ListOptions } from "./job-actions.ts";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";

export async function listDead(context: ActionContext, options: ListOptions): Promise<void> {
  await listJobs(context, options, [JobState.DEAD]);
}

interface RedriveOptions extends Omit<ListOptions, "limit" | "pageToken" | "state"> {
  dryRun?: boolean;
  max: string;
  batchSize: string;
}

export async function redrive(context: ActionContext, options: RedriveOptions): Promise<number> {
  const max = integer(options.max, "--max", 1);
  // RetryJobs takes at most 1,000 ids a call.
  const batchSize = Math.min(1_000, integer(options.batchSize, "--batch-size", 1));
  // Every matching id first: retried jobs leave DEAD, which would shift the pages under a cursor.
  const ids: string[] = [];
  let pageToken = "";
  do {
    const page = await context.client.jobs.listJobs({
      namespace: context.namespace,
      queue: options.queue ?? "",
      type: options.type ?? "",
      states: [JobState.DEAD],
      createdAfter: options.createdAfter ? timestampFromDate(new Date(timestampArg(options.createdAfter, "--created-after"))) : undefined,
      createdBefore: options.createdBefore ? timestampFromDate(new Date(timestampArg(options.createdBefore, "--created-before"))) : undefined,
      pageSize: Math.min(500, max - ids.length),
      pageToken,
    });
    ids.push(...page.jobs.map((job) => job.id));
    pageToken = page.nextPageToken;
  } while (pageToken && ids.length < max);

  if (options.dryRun) {
    context.print.value({ dryRun: true, matched: ids.length, ids }, () => `${ids.length} DEAD job${ids.length === 1 ? "" : "s"} would be retried (dry run)`);
    return EXIT.ok;
  }
  const failed: Array<{ id: string; code: string; message: string }> = [];
  let retried = 0;
  for (let start = 0; start < ids.length; start += batchSize) {
    const batch = ids.slice(start, start + batchSize);
    const response = await context.client.jobs.retryJobs({ namespace: context.namespace, ids: batch });
    retried += response.retried;
    const moved = new Set(response.retriedIds);
    for (const id of batch) if (!moved.has(id)) failed.push({ id, code: "FAILED_PRECONDITION", message: "no longer DEAD" });
  }
  context.print.value({ dryRun: false, matched: ids.length, retried, failed }, () =>
    [
      `retried ${retried} of ${ids.length} DEAD job${ids.length === 1 ? "" : "s"}`,
      ...failed.map((f) => kleur.red(`  ${f.id}: ${f.code}: ${f.message}`)),
    ].join("\n"),
  );
  return failed.length ? EXIT.failure : EXIT.ok;
}
