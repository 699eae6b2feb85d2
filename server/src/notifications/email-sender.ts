import { readFileSync } from "node:fs";
import { createTransport, type Transporter } from "nodemailer";
import type { Logger } from "pino";
import { ConfigError } from "../config/config.ts";
import type { Database } from "../store/database.ts";
import { claimEmailDeliveries, recordEmailAttempt, type EmailDeliveryRow } from "../store/notification-store.ts";
import { PeriodicTask } from "../util/periodic-task.ts";

export interface EmailSenderOptions {
  db: Database;
  logger: Logger;
  smtpUrl: string;
  /** The SMTP password, from the secret file; undefined for none (or one in the URL). */
  password: string | undefined;
  from: string;
  intervalMs: number;
  timeoutMs: number;
  maxAttempts: number;
  /** Wait after the first failed attempt; doubles with each further one, up to an hour. */
  backoffMs: number;
  /** Deliveries sent at once by this server. Defaults to 20. */
  batchSize?: number;
  onFailed?: () => void;
}

/** Reads the SMTP password file named by the configuration, if any. */
export function readSmtpPassword(file: string | undefined): string | undefined {
  if (!file) return undefined;
  try {
    return readFileSync(file, "utf8").replace(/\r?\n$/, "");
  } catch (error) {
    throw new ConfigError(`invalid configuration:\n  cannot read CONVEYOR_SMTP_PASSWORD_FILE ${file}: ${(error as Error).message}`);
  }
}

/**
 * Sends the email notifications finished jobs left in Postgres, through SMTP (nodemailer), with
 * the webhooks' delivery protocol: SKIP LOCKED claims shared by every server, exponential backoff,
 * FAILED after `maxAttempts`. A permanent SMTP refusal (a 5xx reply) fails the delivery at once.
 */
export class EmailSender {
  private readonly options: Required<Omit<EmailSenderOptions, "password" | "onFailed">> & Pick<EmailSenderOptions, "password" | "onFailed">;
  private readonly task: PeriodicTask;
  private readonly transport: Transporter;

  constructor(options: EmailSenderOptions) {
    this.options = { batchSize: 20, ...options };
    const url = new URL(options.smtpUrl);
    const secure = url.protocol === "smtps:";
    this.transport = createTransport({
      host: url.hostname,
      port: url.port ? Number(url.port) : secure ? 465 : 587,
      secure,
      auth: url.username ? { user: decodeURIComponent(url.username), pass: options.password ?? decodeURIComponent(url.password) } : undefined,
      connectionTimeout: options.timeoutMs,
      greetingTimeout: options.timeoutMs,
      socketTimeout: options.timeoutMs,
    });
    this.task = new PeriodicTask({ name: "email round", intervalMs: options.intervalMs, logger: options.logger, round: () => this.round() });
  }

  start(): void {
    this.task.start();
  }

  async round(): Promise<void> {
    const { db, batchSize, timeoutMs } = this.options;
    let claimed: EmailDeliveryRow[];
    do {
      // An SMTP exchange is a few commands, each bounded by timeoutMs.
      claimed = await claimEmailDeliveries(db, batchSize, timeoutMs * 4 + 5_000);
      await Promise.all(claimed.map((delivery) => this.send(delivery)));
    } while (claimed.length === batchSize);
  }

  private async send(delivery: EmailDeliveryRow): Promise<void> {
    const { db, logger, maxAttempts, backoffMs, from } = this.options;
    const job = delivery.body as { id: string; namespace: string; queue: string; type: string; state: string; error: string | null; attempts: number; finishedAt: string };
    try {
      await this.transport.sendMail({
        from,
        to: delivery.recipients,
        subject: `[Conveyor] job ${job.type} ${job.state}: ${job.id}`,
        text: [
          `Job ${job.id} (type ${job.type}, queue ${job.queue}, namespace ${job.namespace}) is ${job.state}.`,
          `Attempts: ${job.attempts}`,
          `Finished at: ${job.finishedAt}`,
          ...(job.error ? [`Last error: ${job.error}`] : []),
        ].join("\n"),
        headers: { "X-Conveyor-Job-Id": job.id, "X-Conveyor-Job-State": job.state },
      });
      await recordEmailAttempt(db, delivery.id, null, null);
      return;
    } catch (caught) {
      const error = caught as Error & { responseCode?: number; code?: string };
      const permanent = error.responseCode !== undefined && error.responseCode >= 500 && error.code !== "EAUTH";
      const giveUp = permanent || delivery.attempts >= maxAttempts;
      await recordEmailAttempt(db, delivery.id, error.message, giveUp ? null : Math.min(backoffMs * 2 ** (delivery.attempts - 1), 3_600_000));
      if (giveUp) {
        logger.warn({ jobId: delivery.job_id, recipients: delivery.recipients.length, attempts: delivery.attempts, problem: error.message }, "email notification failed for good");
        this.options.onFailed?.();
      }
    }
  }

  async stop(): Promise<void> {
    await this.task.stop();
    this.transport.close();
  }
}
