// Standard gRPC health checking (grpc.health.v1.Health), served through Connect.
// Spec: https://github.com/grpc/grpc/blob/master/doc/health-checking.md
import { setMaxListeners } from "node:events";
import { Code, ConnectError, type ConnectRouter } from "@connectrpc/connect";
import { Health, HealthCheckResponse_ServingStatus as ServingStatus } from "@conveyor/client/gen/grpc/health/v1/health_pb.js";

export { ServingStatus };

/** Serving status per service name; "" stands for the whole server. */
export class HealthStatusRegistry {
  #statuses = new Map<string, ServingStatus>();
  #events = new EventTarget();
  #shutDown = false;

  constructor(initial: Record<string, ServingStatus> = { "": ServingStatus.SERVING }) {
    // Every open Watch stream holds a listener; the default cap of 10 would only produce warnings.
    setMaxListeners(0, this.#events);
    for (const [service, status] of Object.entries(initial)) this.#statuses.set(service, status);
  }

  get isShutDown(): boolean {
    return this.#shutDown;
  }

  /** Ignored after shutdown(), so a late update cannot report a stopping server as healthy. */
  set(service: string, status: ServingStatus): void {
    if (this.#shutDown || this.#statuses.get(service) === status) return;
    this.#statuses.set(service, status);
    this.#events.dispatchEvent(new Event("change"));
  }

  /** undefined for a service that was never registered. */
  get(service: string): ServingStatus | undefined {
    return this.#statuses.get(service);
  }

  entries(): IterableIterator<[string, ServingStatus]> {
    return this.#statuses.entries();
  }

  /** Marks every service NOT_SERVING and ends all Watch streams. */
  shutdown(): void {
    if (this.#shutDown) return;
    for (const service of this.#statuses.keys()) this.#statuses.set(service, ServingStatus.NOT_SERVING);
    this.#shutDown = true;
    this.#events.dispatchEvent(new Event("change"));
  }

  /**
   * Resolves on the next status change (of any service) or when `signal` aborts;
   * the caller re-reads the status and checks the signal.
   */
  nextChange(signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      if (signal.aborted) return resolve();
      const done = () => {
        this.#events.removeEventListener("change", done);
        signal.removeEventListener("abort", done);
        resolve();
      };
      this.#events.addEventListener("change", done);
      signal.addEventListener("abort", done);
    });
  }
}

export function registerHealthService(router: ConnectRouter, registry: HealthStatusRegistry): void {
  router.service(Health, {
    check(req) {
      const status = registry.get(req.service);
      if (status === undefined) throw new ConnectError(`unknown service ${JSON.stringify(req.service)}`, Code.NotFound);
      return { status };
    },

    list() {
      const statuses: Record<string, { status: ServingStatus }> = {};
      for (const [service, status] of registry.entries()) statuses[service] = { status };
      return { statuses };
    },

    async *watch(req, ctx) {
      let sent: ServingStatus | undefined;
      for (;;) {
        ctx.signal.throwIfAborted();
        // Unknown services get SERVICE_UNKNOWN and the stream stays open, as the spec requires.
        const status = registry.get(req.service) ?? ServingStatus.SERVICE_UNKNOWN;
        if (status !== sent) {
          sent = status;
          yield { status };
          // A change may have happened while suspended in yield; re-read before waiting.
          continue;
        }
        if (registry.isShutDown) return;
        // No await between the read above and subscribing here, so no change can slip through.
        await registry.nextChange(ctx.signal);
      }
    },
  });
}
