import type { JSONWebKeySet } from "jose";
import type { Broker } from "../broker/broker.ts";
import type { ConveyorMetrics } from "../observability/metrics.ts";
import type { Database } from "../store/database.ts";
import type http from "node:http";

/** Where the public keys of the server's own tokens are served (when accounts are on). */
export const JWKS_PATH = "/.well-known/jwks.json";

/**
 * Plain HTTP endpoints next to the RPCs: liveness (/healthz: the process answers) and readiness
 * (/readyz: PostgreSQL and RabbitMQ answer too), for load balancers and orchestrators, and
 * Prometheus metrics (/metrics), and, when accounts are on, the public keys of the server's own
 * tokens (JWKS_PATH), so that other services can verify them. Any other GET goes to the dashboard's
 * files when it is on.
 */
export function createHttpFallback(deps: {
  db: Database;
  broker: Broker;
  metrics: ConveyorMetrics;
  dashboard?: ((req: { url?: string; method?: string }, res: http.ServerResponse) => boolean) | undefined;
  jwks?: () => Promise<JSONWebKeySet>;
}) {
  return (req: { url?: string; method?: string }, res: Reply) => {
    const path = (req.url ?? "/").split("?")[0];
    if (path === "/healthz") return reply(res, 200, { status: "ok" });
    if (path === JWKS_PATH && deps.jwks) {
      void deps.jwks().then(
        (jwks) => {
          // Verifiers cache it; a rotated key appears in it before it signs anything they see.
          res.writeHead(200, { "content-type": "application/jwk-set+json", "cache-control": "public, max-age=60" });
          res.end(JSON.stringify(jwks));
        },
        (error: Error) => reply(res, 503, { error: `signing keys unavailable: ${error.message}` }),
      );
      return;
    }
    if (path === "/readyz") {
      void readiness(deps).then((checks) => reply(res, checks.ok ? 200 : 503, checks));
      return;
    }
    if (path === "/metrics") {
      void deps.metrics.scrape().then(
        ({ contentType, body }) => {
          res.writeHead(200, { "content-type": contentType });
          res.end(body);
        },
        (error: Error) => reply(res, 500, { error: `metrics failed: ${error.message}` }),
      );
      return;
    }
    if (deps.dashboard?.(req, res as unknown as http.ServerResponse)) return;
    reply(res, 404, { error: `no such endpoint: ${path}` });
  };
}

async function readiness({ db, broker }: { db: Database; broker: Broker }) {
  const postgres = await db
    .query("select 1")
    .then(() => "ok")
    .catch((error: Error) => error.message);
  const rabbitmq = broker.connection.ready ? "ok" : "not connected";
  return { ok: postgres === "ok" && rabbitmq === "ok", postgres, rabbitmq };
}

/** The part of Node's HTTP/1 and HTTP/2 responses that this uses. */
interface Reply {
  writeHead(status: number, headers: Record<string, string>): unknown;
  end(body: string): unknown;
}

function reply(res: Reply, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}
