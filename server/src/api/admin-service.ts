import { create } from "@bufbuild/protobuf";
import { refuseInternalWebhook } from "../webhooks/address-guard.ts";
import type { ConnectRouter } from "@connectrpc/connect";
import {
  AdminService,
  QueueSchema,
  type GetQueueHistoryRequest,
  type GetQueueRequest,
  type ListWorkersRequest,
  type ListQueuesRequest,
  type PauseQueueRequest,
  type Queue,
  type ResumeQueueRequest,
  type SetQueueNotificationsRequest,
  type UpdateQueueRequest,
} from "@conveyor/client/gen/conveyor/v1/admin_service_pb.js";
import { z } from "zod";
import { NotFoundError } from "../errors/conveyor-error.ts";
import type { ExecutionContext } from "../server-context.ts";
import { changeQueueSettings, findQueueFigures, findQueueHistory, type QueueFiguresRow, type QueueSettingsChange } from "../store/queue-store.ts";
import { namespaceSchema, parseRequest, queueNameSchema, webhookUrlSchema } from "./request-validation.ts";
import { msToDuration, toTimestamp } from "./time-conversions.ts";
import { findQueueNotifications, setQueueNotifications, type QueueNotificationsRow } from "../store/notification-store.ts";
import { notificationsSchema, requireEmailDelivery, toStoredNotifications } from "./job-spec.ts";
import { toProtoNotifications } from "./job-mapper.ts";

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

const setQueueNotificationsSchema = queueRefSchema.extend({
  notifications: notificationsSchema.optional(),
  webhookRetryStatuses: z
    .array(z.number().int().min(400, "must be HTTP statuses from 400 to 599").max(599, "must be HTTP statuses from 400 to 599"))
    .max(100, "at most 100 statuses"),
});

/** Rates are counted over the last minute. */
const RATE_WINDOW_S = 60;

function toProtoQueue(namespace: string, row: QueueFiguresRow, notifications: QueueNotificationsRow | undefined): Queue {
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
    notifications: notifications ? toProtoNotifications(notifications) : undefined,
    webhookRetryStatuses: notifications?.webhook_retry_statuses ?? [],
  });
}

/** AdminService: queue pause, limits, webhooks and figures. Settings live in Postgres, for every server. */
export function registerAdminService(router: ConnectRouter, context: ExecutionContext): void {
  const { db, logger } = context;

  const describe = async (namespace: string, queue: string): Promise<Queue> => {
    const [[row], notifications] = await Promise.all([findQueueFigures(db, namespace, queue), findQueueNotifications(db, namespace)]);
    if (!row) throw new NotFoundError(`queue ${queue} not found in namespace ${namespace}: it has no jobs and no settings`);
    return toProtoQueue(namespace, row, notifications.get(queue));
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

    async getQueueHistory(request: GetQueueHistoryRequest) {
      const { namespace, queue } = parseRequest(z.object({ namespace: namespaceSchema, queue: z.literal("").or(queueNameSchema) }), request);
      const rows = await findQueueHistory(db, namespace, queue || undefined);
      return {
        points: rows.map((row) => ({
          queue: row.queue,
          minute: toTimestamp(row.minute),
          started: BigInt(row.started),
          succeeded: BigInt(row.succeeded),
          failed: BigInt(row.failed),
        })),
      };
    },

    // Read-only over this server's dispatcher: each server knows only its own Lease streams.
    async listWorkers(request: ListWorkersRequest) {
      const namespace = parseRequest(namespaceSchema, request.namespace, "namespace");
      const server = `${context.config.host}:${context.config.port} pid ${process.pid}`;
      const workers = context.dispatcher.workerSessions
        .filter((session) => session.options.namespace === namespace)
        .map((session) => ({
          workerId: session.options.workerId,
          namespace,
          queues: [...session.options.queues],
          jobTypes: [...session.options.jobTypes],
          capacity: session.options.capacity,
          heldJobs: session.held.size,
          labels: { ...session.options.labels },
          connectedAt: toTimestamp(session.connectedAt),
          server,
          draining: session.isDraining,
        }))
        .sort((a, b) => a.workerId.localeCompare(b.workerId));
      return { workers };
    },

    async listQueues(request: ListQueuesRequest) {
      const namespace = parseRequest(namespaceSchema, request.namespace, "namespace");
      const [rows, notifications] = await Promise.all([findQueueFigures(db, namespace), findQueueNotifications(db, namespace)]);
      return { queues: rows.map((row) => toProtoQueue(namespace, row, notifications.get(row.queue))) };
    },

    async setQueueNotifications(request: SetQueueNotificationsRequest) {
      const checked = parseRequest(setQueueNotificationsSchema, request);
      const stored = toStoredNotifications(checked.notifications);
      requireEmailDelivery(stored, "", context.config.smtpUrl !== undefined);
      await setQueueNotifications(db, {
        namespace: checked.namespace,
        queue: checked.queue,
        webhook_on: stored && stored.webhook_on.length > 0 ? stored.webhook_on : null,
        email_to: stored?.email_to ?? [],
        email_on: stored && stored.email_on.length > 0 ? stored.email_on : null,
        webhook_retry_statuses: checked.webhookRetryStatuses.length > 0 ? [...new Set(checked.webhookRetryStatuses)] : null,
      });
      // A queue with notifications has settings: GetQueue and ListQueues show it even before its first job.
      return change(checked, {});
    },
  });
}
