import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";
import type { Queryable } from "../store/database.ts";
import { findAllQueueDepths, findAllQueueNames, type QueueDepthRow } from "../store/queue-store.ts";

/** What the scrape-time gauges read: the server's database and its dispatcher. */
export interface MetricsSources {
  db: Queryable;
  connectedWorkers: () => number;
}

type JobLabels = "namespace" | "queue" | "type";
type QueueLabels = "namespace" | "queue";

/** A job row's labels, as the counters use them. */
export interface JobRef {
  namespace: string;
  queue: string;
  type: string;
}

const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300];

/**
 * Prometheus metrics of one server, on its own registry (several servers may share a process, as
 * in the tests). Counters and histograms are updated where jobs change; the gauges are computed at
 * scrape time, with one query each. Served at GET /metrics.
 */
export class ConveyorMetrics {
  readonly registry = new Registry();
  readonly jobsSubmitted: Counter<JobLabels>;
  readonly jobsStarted: Counter<JobLabels>;
  readonly jobsSucceeded: Counter<JobLabels>;
  readonly jobsFailed: Counter<JobLabels>;
  readonly jobsDead: Counter<JobLabels>;
  readonly enqueueToStart: Histogram<QueueLabels>;
  readonly runDuration: Histogram<QueueLabels>;
  readonly webhooksFailed: Counter;
  /** Database or broker failures the dispatcher retried: a lease, a check of held jobs. */
  readonly dispatchErrors: Counter<"operation">;

  constructor(sources: MetricsSources) {
    const registers = [this.registry];
    const counter = (name: string, help: string) =>
      new Counter<JobLabels>({ name: `conveyor_${name}`, help, labelNames: ["namespace", "queue", "type"], registers });
    this.jobsSubmitted = counter("jobs_submitted_total", "Jobs created through JobService (idempotent repeats not counted).");
    this.jobsStarted = counter("jobs_started_total", "Attempts started: jobs leased to a worker.");
    this.jobsSucceeded = counter("jobs_succeeded_total", "Attempts that ended SUCCEEDED.");
    this.jobsFailed = counter("jobs_failed_total", "Attempts that failed (worker errors, lost or timed-out leases), whether retried or dead.");
    this.jobsDead = counter("jobs_dead_total", "Jobs that ended DEAD: attempts used up or a non-retryable error.");
    const histogram = (name: string, help: string) =>
      new Histogram<QueueLabels>({ name: `conveyor_${name}`, help, labelNames: ["namespace", "queue"], buckets: LATENCY_BUCKETS, registers });
    this.enqueueToStart = histogram("enqueue_to_start_seconds", "From a job's run_at (when it became due) to its lease.");
    this.runDuration = histogram("run_duration_seconds", "From an attempt's lease to its accepted completion or failure.");

    const { db } = sources;
    this.webhooksFailed = new Counter({
      name: "conveyor_webhook_deliveries_failed_total",
      help: "Webhook deliveries given up after their last attempt, by this server.",
      registers,
    });
    this.dispatchErrors = new Counter({
      name: "conveyor_dispatch_errors_total",
      help: "Failures of the dispatcher's database work (operation: lease, check_held), each retried with backoff, by this server.",
      labelNames: ["operation"],
      registers,
    });
    new Gauge({
      name: "conveyor_paused_queues",
      help: "Queues paused through AdminService, over all namespaces.",
      registers,
      async collect() {
        this.set((await db.query<{ n: number }>(`select count(*)::int as n from queues where paused`)).rows[0]!.n);
      },
    });

    // Gauges that share a query collect from one run of it per scrape: whichever collects first starts it.
    const oncePerScrape = <T>(read: () => Promise<T>): (() => Promise<T>) => {
      let running: Promise<T> | undefined;
      return () => (running ??= read().finally(() => setImmediate(() => (running = undefined))));
    };

    const readQueues = oncePerScrape(() => findAllQueueDepths(db));
    // Every queue with jobs or settings, so that an idle queue reads 0 rather than vanishing (a panel
    // would show "No data"). A skip scan: one index probe per queue, whatever the number of jobs.
    const readQueueNames = oncePerScrape(() => findAllQueueNames(db));
    /** A per-queue gauge: the count of its kind (`count`) for every queue, 0 when it has none. */
    const queueGauge = (name: string, help: string, count: "ready" | "running" | "waiting", value: (row: QueueDepthRow) => number) =>
      new Gauge<QueueLabels>({
        name,
        help,
        labelNames: ["namespace", "queue"],
        registers,
        async collect() {
          const [names, rows] = await Promise.all([readQueueNames(), readQueues()]);
          this.reset();
          for (const { namespace, queue } of names) this.set({ namespace, queue }, 0);
          for (const row of rows) if (row[count] > 0) this.set({ namespace: row.namespace, queue: row.queue }, value(row));
        },
      });
    queueGauge("conveyor_queue_depth", "READY jobs waiting for a worker.", "ready", (row) => row.ready);
    queueGauge("conveyor_queue_oldest_ready_age_seconds", "Age of the oldest READY job, from its run_at.", "ready", (row) => Math.max(0, row.oldest_ready_age_s ?? 0));
    queueGauge("conveyor_jobs_running", "RUNNING jobs: active leases, on any server.", "running", (row) => row.running);
    queueGauge("conveyor_jobs_waiting", "Jobs waiting for their run time: SCHEDULED and RETRY_SCHEDULED.", "waiting", (row) => row.waiting);

    const readOutbox = oncePerScrape(async () => {
      const { rows } = await db.query<{ n: number; age: number | null }>(
        `select count(*)::int as n, greatest(extract(epoch from now() - min(created_at)), 0)::float8 as age from outbox`,
      );
      return { n: rows[0]?.n ?? 0, age: rows[0]?.age ?? 0 };
    });
    new Gauge({
      name: "conveyor_outbox_messages",
      help: "Outbox messages committed but not yet published to RabbitMQ.",
      registers,
      async collect() {
        this.set((await readOutbox()).n);
      },
    });
    new Gauge({
      name: "conveyor_outbox_oldest_age_seconds",
      help: "Age of the oldest unpublished outbox message (0 when empty).",
      registers,
      async collect() {
        this.set((await readOutbox()).age);
      },
    });
    new Gauge({
      name: "conveyor_connected_workers",
      help: "Worker streams connected to this server.",
      registers,
      collect() {
        this.set(sources.connectedWorkers());
      },
    });
    collectDefaultMetrics({ register: this.registry });
  }

  countJobs(counter: Counter<JobLabels>, rows: Iterable<JobRef>): void {
    for (const row of rows) counter.inc({ namespace: row.namespace, queue: row.queue, type: row.type });
  }

  /** Seconds from `from` until now, for the histograms; never negative (the clocks are the database's and ours). */
  observeSince(histogram: Histogram<QueueLabels>, row: { namespace: string; queue: string }, from: Date | null | undefined): void {
    if (!from) return;
    histogram.observe({ namespace: row.namespace, queue: row.queue }, Math.max(0, (Date.now() - from.getTime()) / 1000));
  }

  /** The text exposition and its content type. */
  async scrape(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
