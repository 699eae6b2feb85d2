import { existsSync } from "node:fs";
import path from "node:path";
import type http from "node:http";
import sirv from "sirv";

type Request = { url?: string; method?: string };

/**
 * The page's own routes (dashboard/src/app.tsx): they get index.html. Any other path that is not a
 * built file stays a 404, as an unknown endpoint should.
 */
const APP_ROUTES = /^\/((jobs|dead-letters|workflows|queues|schedules|workers)(\/[^/]+)?)?$/;
type Response = http.ServerResponse;

/**
 * The web console (dashboard/, built by `npm run build:dashboard` into dashboard/dist), answered
 * for GET and HEAD on every path the RPCs and the plain endpoints do not use. Vite names each built
 * asset after a hash of its content, so /assets/* may be cached for a year; index.html must be
 * revalidated on each load so that a new build is picked up at once. Client-side routes
 * (/jobs/<id>, ...) get index.html: the page routes itself.
 */
export function createDashboardFiles(dir: string): ((req: Request, res: Response) => boolean) | undefined {
  if (!dir) return undefined;
  const index = path.join(dir, "index.html");
  const setHeaders = (res: Response, pathname: string) => {
    res.setHeader("Cache-Control", pathname.startsWith("/assets/") ? "public, max-age=31536000, immutable" : "no-cache");
    res.setHeader("X-Content-Type-Options", "nosniff");
    res.setHeader("Referrer-Policy", "no-referrer");
    // Scripts only from this origin; React Flow and the charts set inline style attributes.
    res.setHeader("Content-Security-Policy", "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; worker-src 'self' blob:; frame-ancestors 'none'");
  };
  // sirv lists the files once, when made: made at the first request that finds a build, so that
  // a server started before `npm run build:dashboard` serves the build once it exists.
  let handlers: { assets: ReturnType<typeof sirv>; app: ReturnType<typeof sirv> } | undefined;
  return (req, res) => {
    if (req.method !== "GET" && req.method !== "HEAD") return false;
    const pathname = (req.url ?? "/").split("?")[0]!;
    const isAsset = pathname.startsWith("/assets/");
    if (!isAsset && !APP_ROUTES.test(pathname)) return false;
    if (!existsSync(index)) {
      res.writeHead(503, { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" });
      res.end(`The dashboard is not built: run \`npm run build:dashboard\` (${dir} has no index.html), then reload.\n`);
      return true;
    }
    handlers ??= { assets: sirv(dir, { etag: true, setHeaders }), app: sirv(dir, { etag: true, single: true, setHeaders }) };
    const { assets, app } = handlers;
    const notFound = () => {
      res.writeHead(404, { "content-type": "text/plain; charset=utf-8" });
      res.end(`no such file: ${pathname}\n`);
    };
    // A missing asset is a 404, not the app: a stale page asking for an old hash must see it fail.
    (isAsset ? assets : app)(req as http.IncomingMessage, res, notFound);
    return true;
  };
}
