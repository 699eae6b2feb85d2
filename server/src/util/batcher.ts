export interface BatcherOptions<I, O> {
  /** Runs one batch; must return one output per input, in order. */
  run(items: I[]): Promise<O[]>;
  /** Largest batch. Defaults to 500. */
  maxBatchSize?: number;
  /** Batches allowed in flight at once. Defaults to 2. */
  maxConcurrentBatches?: number;
}

/**
 * Group commit: callers submit one item each and get their own result, while the items that
 * arrive during a batch's round trip go together in the next one. At low load a batch holds one
 * item and costs no added wait; under load, one transaction carries hundreds.
 */
export class Batcher<I, O> {
  private readonly options: Required<BatcherOptions<I, O>>;
  private queue: { item: I; resolve: (o: O) => void; reject: (e: unknown) => void }[] = [];
  private inFlight = 0;
  /** Batches run and items carried, for the average batch size. */
  readonly stats = { batches: 0, items: 0, ms: 0 };

  constructor(options: BatcherOptions<I, O>) {
    this.options = { maxBatchSize: 500, maxConcurrentBatches: 2, ...options };
  }

  submit(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      this.flush();
    });
  }

  submitAll(items: I[]): Promise<O[]> {
    return Promise.all(items.map((item) => this.submit(item)));
  }

  private flush(): void {
    while (this.queue.length > 0 && this.inFlight < this.options.maxConcurrentBatches) {
      const batch = this.queue.splice(0, this.options.maxBatchSize);
      this.inFlight++;
      this.stats.batches++;
      this.stats.items += batch.length;
      const started = performance.now();
      this.options
        .run(batch.map((entry) => entry.item))
        .then(
          (outputs) => batch.forEach((entry, i) => entry.resolve(outputs[i]!)),
          (error) => batch.forEach((entry) => entry.reject(error)),
        )
        .finally(() => {
          this.stats.ms += performance.now() - started;
          this.inFlight--;
          this.flush();
        });
    }
  }
}
