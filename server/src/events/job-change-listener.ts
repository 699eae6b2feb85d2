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

  get watchedJobCount(): number {
    return this.subscribers.size;
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.reconnectTimer);
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => {});
  }

  private async connect(): Promise<void> {
    const client = new pg.Client({ connectionString: this.options.databaseUrl });
    client.on("notification", (message) => {
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
    await client.query(`listen ${CHANNEL}`);
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
  }
}
