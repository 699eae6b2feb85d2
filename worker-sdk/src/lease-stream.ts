import { create, type MessageInitShape } from "@bufbuild/protobuf";
import {
  LeaseDrainSchema,
  LeaseOpenSchema,
  type JobReports,
  LeaseRequestSchema,
  type LeaseRequest,
  type LeaseResponse,
} from "@conveyor/client/gen/conveyor/v1/worker_service_pb.js";
import { AsyncQueue } from "./async-queue.ts";
import type { WorkerServiceClient } from "./rpc.ts";

export interface LeaseStreamOptions {
  client: WorkerServiceClient;
  open: MessageInitShape<typeof LeaseOpenSchema>;
  /**
   * The stream is up: the server answered (headers or a message), or the stream has stayed open
   * for assumeConnectedAfterMs (a gRPC server may send no headers until its first message, and an
   * idle queue has none to send; a refused LeaseOpen fails fast). Called once.
   */
  onConnected(): void;
  assumeConnectedAfterMs: number;
  onMessage(message: LeaseResponse): void;
}

/**
 * One Lease stream: sends LeaseOpen first, hands every pushed message to onMessage, can send
 * LeaseDrain, and half-closes on close(). A new stream is made for every (re)connection.
 */
export class LeaseStream {
  private readonly options: LeaseStreamOptions;
  private readonly requests = new AsyncQueue<LeaseRequest>();
  private readonly abortController = new AbortController();
  private done: Promise<void> | undefined;
  private connectedOnce = false;

  constructor(options: LeaseStreamOptions) {
    this.options = options;
  }

  /** Whether the server ever answered on this stream. */
  get connected(): boolean {
    return this.connectedOnce;
  }

  /** Resolves when the server ends the stream, rejects (ConnectError) when it breaks. */
  run(): Promise<void> {
    this.done ??= this.consume();
    return this.done;
  }

  /** Asks the server to push nothing more. */
  drain(): void {
    this.requests.push(create(LeaseRequestSchema, { message: { case: "drain", value: create(LeaseDrainSchema) } }));
  }

  /** Sends progress and log lines (see JobReporter); false once the stream is closing. */
  report(batch: JobReports): boolean {
    if (this.requests.isClosed) return false;
    this.requests.push(create(LeaseRequestSchema, { message: { case: "reports", value: batch } }));
    return true;
  }

  /**
   * Half-closes the stream and waits up to graceMs for the server to end its side, then cancels
   * it. Never rejects.
   */
  async close(graceMs: number): Promise<void> {
    this.requests.close();
    if (!this.done) return;
    let timer: NodeJS.Timeout | undefined;
    const ended = await Promise.race([
      this.done.then(
        () => true,
        () => true,
      ),
      new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(false), graceMs);
      }),
    ]);
    clearTimeout(timer);
    if (!ended) this.cancel();
  }

  /** Drops the stream at once. */
  cancel(): void {
    this.requests.close();
    this.abortController.abort(new Error("lease stream cancelled by the worker"));
  }

  private async consume(): Promise<void> {
    const open = create(LeaseOpenSchema, this.options.open);
    this.requests.push(create(LeaseRequestSchema, { message: { case: "open", value: open } }));
    const responses = this.options.client.lease(this.requests, {
      signal: this.abortController.signal,
      onHeader: () => this.markConnected(),
    });
    const timer = setTimeout(() => this.markConnected(), this.options.assumeConnectedAfterMs);
    try {
      for await (const message of responses) {
        this.markConnected();
        this.options.onMessage(message);
      }
    } finally {
      clearTimeout(timer);
      this.requests.close();
    }
  }

  private markConnected(): void {
    if (this.connectedOnce) return;
    this.connectedOnce = true;
    this.options.onConnected();
  }
}
