import pg from "pg";
import type { Logger } from "pino";

export type JobChangeHandler = (jobId: string) => void;

export interface JobChangeListenerOptions {
  databaseUrl: string;
  logger: Logger;
  /** First wait before reconnecting after the connection drops; doubles up to 5s. Defaults to 100ms. */
  reconnectDelayMs?: number;
}

const CHANNEL = "conveyor_job_events";
/** "<namespace>.<queue>" of a queue whose settings changed (store/migrations/0004-queue-admin.ts). */
const QUEUE_SETTINGS_CHANNEL = "conveyor_queue_settings";

/** Called with the queue whose settings changed, or with undefined after a reconnect (re-read them all). */
export type QueueSettingsHandler = (queueKey: string | undefined) => void;

/**
 * One LISTEN connection per server process, shared by every WatchJob stream and by the lease
 * manager: thousands of watchers cost one database connection and a map lookup per notification.
 *
 * The job_events trigger NOTIFYs the ids of changed jobs. Notifications can be lost while the
 * connection is down, so after every reconnect each subscriber is told to re-read ("resync").
 */
export class JobChangeListener {
  private readonly options: Required<JobChangeListenerOptions>;
  private readonly subscribers = new Map<string, Set<JobChangeHandler>>();
  private readonly everything = new Set<JobChangeHandler>();
  private readonly queueSettings = new Set<QueueSettingsHandler>();
  private readonly resyncs = new Set<() => void>();
  private client: pg.Client | undefined;
  private closed = false;
  private reconnectTimer: NodeJS.Timeout | undefined;

  constructor(options: JobChangeListenerOptions) {
    this.options = { reconnectDelayMs: 100, ...options };
  }

  async start(): Promise<void> {
    await this.connect();
  }

  /** Calls `handler` whenever job `jobId` changes (and after reconnects). Returns the unsubscribe function. */
  subscribe(jobId: string, handler: JobChangeHandler): () => void {
    let handlers = this.subscribers.get(jobId);
    if (!handlers) this.subscribers.set(jobId, (handlers = new Set()));
    handlers.add(handler);
    return () => {
      handlers.delete(handler);
      if (handlers.size === 0) this.subscribers.delete(jobId);
    };
  }

  /** Calls `handler` for every changed job. Returns the unsubscribe function. */
  subscribeAll(handler: JobChangeHandler): () => void {
    this.everything.add(handler);
    return () => this.everything.delete(handler);
  }

  /**
   * Calls `handler` after every reconnect: notifications sent while the connection was down are
   * lost, so whoever keeps state from them re-reads it. Returns the unsubscribe function.
   */
  subscribeResync(handler: () => void): () => void {
    this.resyncs.add(handler);
    return () => this.resyncs.delete(handler);
  }

  /** Calls `handler` whenever a queue's settings change (pause, limits, webhook). Returns the unsubscribe function. */
  subscribeQueueSettings(handler: QueueSettingsHandler): () => void {
    this.queueSettings.add(handler);
    return () => this.queueSettings.delete(handler);
  }

  get watchedJobCount(): number {
    return this.subscribers.size;
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.reconnectTimer);
    const client = this.client;
    this.client = undefined;
    // Closing: a connection that is already broken has nothing left to end.
    await client?.end().catch(() => {});
  }

  private async connect(): Promise<void> {
    const client = new pg.Client({ connectionString: this.options.databaseUrl });
    client.on("notification", (message) => {
      if (message.channel === QUEUE_SETTINGS_CHANNEL) {
        for (const handler of [...this.queueSettings]) handler(message.payload);
        return;
      }
      if (message.channel !== CHANNEL || !message.payload) return;
      for (const jobId of message.payload.split(",")) this.dispatch(jobId);
    });
    client.on("error", (error) => this.options.logger.warn({ err: error }, "job change listener connection failed"));
    client.on("end", () => {
      if (this.closed || this.client !== client) return;
      this.client = undefined;
      this.scheduleReconnect(this.options.reconnectDelayMs);
    });
    await client.connect();
    await client.query(`listen ${CHANNEL}; listen ${QUEUE_SETTINGS_CHANNEL}`);
    this.client = client;
  }

  private scheduleReconnect(delayMs: number): void {
    this.reconnectTimer = setTimeout(async () => {
      if (this.closed) return;
      try {
        await this.connect();
        this.options.logger.info("job change listener reconnected");
        this.resyncAll();
      } catch (error) {
        this.options.logger.warn({ err: error }, "job change listener cannot reconnect yet");
        this.scheduleReconnect(Math.min(delayMs * 2, 5_000));
      }
    }, delayMs);
  }

  private dispatch(jobId: string): void {
    const handlers = this.subscribers.get(jobId);
    if (handlers) for (const handler of [...handlers]) handler(jobId);
    for (const handler of [...this.everything]) handler(jobId);
  }

  private resyncAll(): void {
    for (const jobId of [...this.subscribers.keys()]) this.dispatch(jobId);
    for (const handler of [...this.queueSettings]) handler(undefined);
    for (const handler of [...this.resyncs]) handler();
  }
}
