import type { Logger } from "pino";
import type { Database } from "../store/database.ts";
import { claimWebhookDeliveries, markWebhookAttemptFailed, markWebhookDelivered, type WebhookDeliveryRow } from "../store/webhook-store.ts";
import { PeriodicTask } from "../util/periodic-task.ts";
import { Agent } from "undici";
import { RefusedAddressError, type AddressGuard } from "./address-guard.ts";
import { SIGNATURE_HEADER, signWebhookBody } from "./webhook-signature.ts";

export interface WebhookSenderOptions {
  db: Database;
  logger: Logger;
  intervalMs: number;
  timeoutMs: number;
  maxAttempts: number;
  /** Wait after the first failed attempt; doubles with each further one, up to an hour. */
  backoffMs: number;
  /** Signs each body; undefined sends them unsigned. */
  secret: string | undefined;
  /** Deliveries sent at once by this server. Defaults to 20. */
  batchSize?: number;
  /** Counts deliveries that failed for good. */
  onFailed?: () => void;
  /** Refuses internal addresses, as written and as resolved on every connection. */
  guard: AddressGuard;
}

/**
 * Sends the webhook deliveries that finished jobs left in Postgres: POSTs each signed JSON body,
 * retries non-2xx answers and timeouts with exponential backoff, and records the delivery as
 * FAILED after `maxAttempts`. Several servers share the table through SKIP LOCKED claims.
 */
export class WebhookSender {
  private readonly options: Required<Omit<WebhookSenderOptions, "secret" | "onFailed">> & Pick<WebhookSenderOptions, "secret" | "onFailed">;
  private readonly task: PeriodicTask;
  /** Connects only where the guard allows: its lookup runs for every new connection. */
  private readonly agent: Agent;

  constructor(options: WebhookSenderOptions) {
    this.options = { batchSize: 20, ...options };
    this.agent = new Agent({ connect: { lookup: options.guard.lookup } });
    this.task = new PeriodicTask({ name: "webhook round", intervalMs: options.intervalMs, logger: options.logger, round: () => this.round() });
  }

  start(): void {
    if (!this.options.secret) this.options.logger.warn("CONVEYOR_WEBHOOK_SECRET is not set: webhooks are sent unsigned");
    this.task.start();
  }

  async round(): Promise<void> {
    const { db, batchSize, timeoutMs } = this.options;
    let claimed: WebhookDeliveryRow[];
    do {
      // Claimed for longer than a POST may take, so that no other server sends it meanwhile.
      claimed = await claimWebhookDeliveries(db, batchSize, timeoutMs + 5_000);
      await Promise.all(claimed.map((delivery) => this.send(delivery)));
    } while (claimed.length === batchSize);
  }

  private async send(delivery: WebhookDeliveryRow): Promise<void> {
    const { db, logger, timeoutMs, maxAttempts, backoffMs, secret } = this.options;
    const body = JSON.stringify(delivery.body);
    const headers: Record<string, string> = { "content-type": "application/json", "user-agent": "conveyor-webhooks" };
    if (secret) headers[SIGNATURE_HEADER] = signWebhookBody(secret, body, Math.floor(Date.now() / 1000));
    let problem: string;
    let permanent = false;
    try {
      // An address written into the URL needs no lookup, so the agent's check would not see it.
      const refused = this.options.guard.problemWithUrl(delivery.url);
      if (refused) throw new RefusedAddressError(`webhook host is not allowed: ${refused} (allow it with CONVEYOR_WEBHOOK_ALLOWED_HOSTS)`);
      const response = await fetch(delivery.url, {
        method: "POST",
        headers,
        body,
        signal: AbortSignal.timeout(timeoutMs),
        redirect: "manual",
        // @ts-expect-error: Node's fetch takes undici's dispatcher, which its DOM-typed RequestInit does not list.
        dispatcher: this.agent,
      });
      await response.body?.cancel();
      if (response.status >= 200 && response.status < 300) {
        await markWebhookDelivered(db, delivery.id);
        return;
      }
      problem = `HTTP ${response.status}`;
    } catch (error) {
      const cause = (error as Error).cause;
      const refused = error instanceof RefusedAddressError ? error : cause instanceof RefusedAddressError ? cause : undefined;
      // A refused address stays refused until the configuration changes: no retry.
      permanent = refused !== undefined;
      problem = refused?.message ?? ((error as Error).name === "TimeoutError" ? `no answer within ${timeoutMs}ms` : (error as Error).message);
    }
    const giveUp = permanent || delivery.attempts >= maxAttempts;
    const retryInMs = giveUp ? null : Math.min(backoffMs * 2 ** (delivery.attempts - 1), 3_600_000);
    await markWebhookAttemptFailed(db, delivery.id, problem, retryInMs);
    if (giveUp) {
      logger.warn({ jobId: delivery.job_id, url: delivery.url, attempts: delivery.attempts, problem }, "webhook delivery failed for good");
      this.options.onFailed?.();
    }
  }

  async stop(): Promise<void> {
    await this.task.stop();
    await this.agent.close();
  }
}
