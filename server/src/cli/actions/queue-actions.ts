import { ListQueuesResponseSchema, QueueSchema, type Queue } from "@conveyor/client";
import kleur from "kleur";
import type { ActionContext } from "../client-runtime.ts";
import { CliError, EXIT } from "../exit-codes.ts";
import { details, table } from "../output.ts";
import { decimal, integer, seconds, when } from "./values.ts";

export async function listQueues(context: ActionContext): Promise<void> {
  const response = await context.client.admin.listQueues({ namespace: context.namespace });
  context.print.message(ListQueuesResponseSchema, response, () =>
    table(
      ["QUEUE", "STATUS", "READY", "WAITING", "RUNNING", "OLDEST READY", "CONCURRENCY", "RATE/S"],
      response.queues.map((q) => [q.name, status(q), String(q.depth?.ready ?? 0), String(q.depth?.waiting ?? 0), String(q.depth?.running ?? 0), seconds(q.oldestReadyAge), limit(q.concurrencyLimit), limit(q.rateLimit)]),
    ),
  );
}

export async function getQueue(context: ActionContext, [name]: string[]): Promise<void> {
  const { queue } = await context.client.admin.getQueue({ namespace: context.namespace, queue: name! });
  context.print.message(QueueSchema, queue!, () => queueDetails(queue!));
}

export async function pauseQueue(context: ActionContext, [name]: string[], pause: boolean): Promise<void> {
  const request = { namespace: context.namespace, queue: name! };
  const { queue } = pause ? await context.client.admin.pauseQueue(request) : await context.client.admin.resumeQueue(request);
  context.print.message(QueueSchema, queue!, () => `queue ${kleur.bold(queue!.name)} ${status(queue!)}`);
}

export async function setLimits(context: ActionContext, [name]: string[], options: { concurrency?: string; rate?: string; webhookUrl?: string }): Promise<void> {
  if (options.concurrency === undefined && options.rate === undefined && options.webhookUrl === undefined) {
    throw new CliError("set-limits needs --concurrency, --rate or --webhook-url", EXIT.usage);
  }
  const { queue } = await context.client.admin.updateQueue({
    namespace: context.namespace,
    queue: name!,
    concurrencyLimit: options.concurrency === undefined ? undefined : integer(options.concurrency, "--concurrency"),
    rateLimit: options.rate === undefined ? undefined : decimal(options.rate, "--rate"),
    webhookUrl: options.webhookUrl,
  });
  context.print.message(QueueSchema, queue!, () => queueDetails(queue!));
}

const status = (queue: Queue) => (queue.paused ? kleur.yellow("paused") : "active");
const limit = (value: number) => (value > 0 ? String(value) : "-");

function queueDetails(queue: Queue): string {
  return details([
    ["queue", queue.name],
    ["namespace", queue.namespace],
    ["status", status(queue)],
    ["ready", String(queue.depth?.ready ?? 0)],
    ["waiting", String(queue.depth?.waiting ?? 0)],
    ["running", String(queue.depth?.running ?? 0)],
    ["oldest ready", seconds(queue.oldestReadyAge)],
    ["started/s", String(queue.rates?.startedPerSecond ?? 0)],
    ["succeeded/s", String(queue.rates?.succeededPerSecond ?? 0)],
    ["failed/s", String(queue.rates?.failedPerSecond ?? 0)],
    ["concurrency", limit(queue.concurrencyLimit)],
    ["rate/s", limit(queue.rateLimit)],
    ["webhook", queue.webhookUrl],
    ["updated", when(queue.updatedAt)],
  ]);
}
