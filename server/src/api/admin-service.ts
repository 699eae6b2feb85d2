import { create } from "@bufbuild/protobuf";
import { refuseInternalWebhook } from "../webhooks/address-guard.ts";
import type { ConnectRouter } from "@connectrpc/connect";
import {
  AdminService,
  QueueSchema,
  type GetQueueRequest,
  type ListQueuesRequest,
  type PauseQueueRequest,
  type Queue,
  type ResumeQueueRequest,
  type UpdateQueueRequest,
} from "@conveyor/client/gen/conveyor/v1/admin_service_pb.js";
import { z } from "zod";
import { NotFoundError } from "../errors/conveyor-error.ts";
import type { ServerContext } from "../server-context.ts";
import { changeQueueSettings, findQueueFigures, type QueueFiguresRow, type QueueSettingsChange } from "../store/queue-store.ts";
import { namespaceSchema, parseRequest, queueNameSchema, webhookUrlSchema } from "./request-validation.ts";
import { msToDuration, toTimestamp } from "./time-conversions.ts";

const queueRefSchema = z.object({ namespace: namespaceSchema, queue: queueNameSchema });

const MAX_CONCURRENCY = 100_000;
const MAX_RATE = 100_000;

const updateQueueSchema = queueRefSchema.extend({
  concurrencyLimit: z
    .number()
    .int()
    .min(0, `must be from 1 to ${MAX_CONCURRENCY} (0 removes the limit)`)
    .max(MAX_CONCURRENCY, `must be from 1 to ${MAX_CONCURRENCY} (0 removes the limit)`)
    .optional(),
  rateLimit: z
    .number()
    .refine((rate) => rate === 0 || (rate >= 0.01 && rate <= MAX_RATE), `must be from 0.01 to ${MAX_RATE} jobs per second (0 removes the limit)`)
    .optional(),
  webhookUrl: z.literal("").or(webhookUrlSchema).optional(),
});

/** Rates are counted over the last minute. */
const RATE_WINDOW_S = 60;

function toProtoQueue(namespace: string, row: QueueFiguresRow): Queue {
  const settings = row.settings;
  return create(QueueSchema, {
    namespace,
    name: row.queue,
    paused: settings?.paused ?? false,
    concurrencyLimit: settings?.concurrency_limit ?? 0,
    rateLimit: settings?.rate_limit ?? 0,
    webhookUrl: settings?.webhook_url ?? "",
    depth: { ready: BigInt(row.ready), waiting: BigInt(row.waiting), running: BigInt(row.running) },
    oldestReadyAge: row.oldest_ready_age_s === null ? undefined : msToDuration(Math.round(row.oldest_ready_age_s * 1000)),
    rates: {
      startedPerSecond: row.started_last_minute / RATE_WINDOW_S,
      succeededPerSecond: row.succeeded_last_minute / RATE_WINDOW_S,
      failedPerSecond: row.failed_last_minute / RATE_WINDOW_S,
    },
    updatedAt: toTimestamp(settings?.updated_at),
  });
}

/** AdminService: queue pause, limits, webhooks and figures. Settings live in Postgres, for every server. */
export function registerAdminService(router: ConnectRouter, context: ServerContext): void {
  const { db, logger } = context;

  const describe = async (namespace: string, queue: string): Promise<Queue> => {
    const [row] = await findQueueFigures(db, namespace, queue);
    if (!row) throw new NotFoundError(`queue ${queue} not found in namespace ${namespace}: it has no jobs and no settings`);
    return toProtoQueue(namespace, row);
  };
  const change = async (request: { namespace: string; queue: string }, what: QueueSettingsChange): Promise<{ queue: Queue }> => {
    const { namespace, queue } = parseRequest(queueRefSchema, request);
    await changeQueueSettings(db, namespace, queue, what);
    logger.info({ namespace, queue, ...what }, "queue settings changed");
    return { queue: await describe(namespace, queue) };
  };

  router.service(AdminService, {
    pauseQueue: (request: PauseQueueRequest) => change(request, { paused: true }),

    resumeQueue: (request: ResumeQueueRequest) => change(request, { paused: false }),

    async updateQueue(request: UpdateQueueRequest) {
      const checked = parseRequest(updateQueueSchema, request);
      refuseInternalWebhook(context.webhookGuard, checked.webhookUrl, "webhook_url");
      return change(checked, {
        concurrencyLimit: checked.concurrencyLimit === undefined ? undefined : checked.concurrencyLimit || null,
        rateLimit: checked.rateLimit === undefined ? undefined : checked.rateLimit || null,
        webhookUrl: checked.webhookUrl === undefined ? undefined : checked.webhookUrl || null,
      });
    },

    async getQueue(request: GetQueueRequest) {
      const { namespace, queue } = parseRequest(queueRefSchema, request);
      return { queue: await describe(namespace, queue) };
    },

    async listQueues(request: ListQueuesRequest) {
      const namespace = parseRequest(namespaceSchema, request.namespace, "namespace");
      const rows = await findQueueFigures(db, namespace);
      return { queues: rows.map((row) => toProtoQueue(namespace, row)) };
    },
  });
}
