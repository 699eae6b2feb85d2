import { useQuery } from "@connectrpc/connect-query";
import { timestampDate } from "@bufbuild/protobuf/wkt";
import { AdminService, type QueueHistoryPoint } from "@conveyor/client/gen/conveyor/v1/admin_service_pb.js";
import { Link } from "react-router";
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { useSession } from "../api/session.ts";
import { Empty, ErrorPanel, Loading } from "../components/feedback.tsx";
import { formatDuration } from "../components/time.tsx";

const LIVE_MS = 3000;

/** One point per minute of the last hour, zeros where nothing happened. */
function perMinute(points: readonly QueueHistoryPoint[]) {
  const now = Math.floor(Date.now() / 60_000) * 60_000;
  const minutes = new Map<number, { started: number; succeeded: number; failed: number }>();
  for (let i = 59; i >= 0; i--) minutes.set(now - i * 60_000, { started: 0, succeeded: 0, failed: 0 });
  for (const point of points) {
    const bucket = minutes.get(timestampDate(point.minute!).getTime());
    if (!bucket) continue;
    bucket.started += Number(point.started);
    bucket.succeeded += Number(point.succeeded);
    bucket.failed += Number(point.failed);
  }
  return [...minutes].map(([at, counts]) => ({
    minute: new Date(at).toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit" }),
    ...counts,
    failureRate: counts.succeeded + counts.failed > 0 ? Math.round((1000 * counts.failed) / (counts.succeeded + counts.failed)) / 10 : 0,
  }));
}

export function OverviewPage() {
  const { namespace } = useSession();
  const queues = useQuery(AdminService.method.listQueues, { namespace }, { refetchInterval: LIVE_MS });
  const workers = useQuery(AdminService.method.listWorkers, { namespace }, { refetchInterval: LIVE_MS });
  const history = useQuery(AdminService.method.getQueueHistory, { namespace }, { refetchInterval: 15_000 });

  const list = queues.data?.queues ?? [];
  const total = (pick: (q: (typeof list)[number]) => bigint | undefined) => list.reduce((sum, q) => sum + Number(pick(q) ?? 0n), 0);
  const series = perMinute(history.data?.points ?? []);
  return (
    <section aria-labelledby="overview-title">
      <h1 id="overview-title">Overview</h1>
      <p className="muted">Namespace {namespace}; refreshed every {LIVE_MS / 1000} s.</p>
      {queues.error ? <ErrorPanel error={queues.error} what="queues" /> : null}
      <div className="cards" aria-label="Totals">
        <Card label="Queues" value={queues.data ? list.length : "…"} />
        <Card label="Ready" value={queues.data ? total((q) => q.depth?.ready) : "…"} />
        <Card label="Waiting" value={queues.data ? total((q) => q.depth?.waiting) : "…"} />
        <Card label="Running" value={queues.data ? total((q) => q.depth?.running) : "…"} />
        <Card label="Paused queues" value={queues.data ? list.filter((q) => q.paused).length : "…"} />
        <Card label={<Link to="/workers">Connected workers</Link>} value={workers.data ? workers.data.workers.length : workers.error ? "?" : "…"} />
      </div>
      <div className="charts">
        <figure>
          <figcaption>Attempts per minute, last hour</figcaption>
          {history.error ? <ErrorPanel error={history.error} what="history" /> : null}
          <ResponsiveContainer width="100%" height={220}>
            <LineChart data={series} margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
              <CartesianGrid strokeDasharray="3 3" stroke="var(--grid)" />
              <XAxis dataKey="minute" interval={9} stroke="var(--muted)" />
              <YAxis allowDecimals={false} stroke="var(--muted)" />
              <Tooltip contentStyle={{ background: "var(--bg)", border: "1px solid var(--border)" }} />
              <Legend />
              <Line type="monotone" dataKey="started" stroke="var(--c-running)" dot={false} isAnimationActive={false} />
              <Line type="monotone" dataKey="succeeded" stroke="var(--c-succeeded)" dot={false} isAnimationActive={false} />
              <Line type="monotone" dataKey="failed" stroke="var(--c-dead)" strokeDasharray="5 3" dot={false} isAnimationActive={false} />
            </LineChart>
          </ResponsiveContainer>
        </figure>
        <figure>
          <figcaption>Failure rate (% of finished attempts), last hour</figcaption>
          <ResponsiveContainer width="100%" height={220}>
            <LineChart data={series} margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
              <CartesianGrid strokeDasharray="3 3" stroke="var(--grid)" />
              <XAxis dataKey="minute" interval={9} stroke="var(--muted)" />
              <YAxis domain={[0, 100]} unit="%" stroke="var(--muted)" />
              <Tooltip contentStyle={{ background: "var(--bg)", border: "1px solid var(--border)" }} />
              <Line type="monotone" dataKey="failureRate" name="failure rate" stroke="var(--c-dead)" dot={false} isAnimationActive={false} />
            </LineChart>
          </ResponsiveContainer>
        </figure>
      </div>
      <h2>Queues</h2>
      {queues.isPending ? <Loading what="queues" /> : null}
      {queues.data && list.length === 0 ? <Empty>No queues in namespace {namespace} yet: submit a job to make one.</Empty> : null}
      {list.length > 0 ? (
        <table>
          <thead>
            <tr>
              <th scope="col">Queue</th>
              <th scope="col">State</th>
              <th scope="col" className="num">Ready</th>
              <th scope="col" className="num">Waiting</th>
              <th scope="col" className="num">Running</th>
              <th scope="col" className="num">Oldest ready</th>
              <th scope="col" className="num">Started/s</th>
              <th scope="col" className="num">Failed/s</th>
            </tr>
          </thead>
          <tbody>
            {list.map((q) => (
              <tr key={q.name} data-queue={q.name}>
                <th scope="row">
                  <Link to={`/jobs?queue=${encodeURIComponent(q.name)}`}>{q.name}</Link>
                </th>
                <td>{q.paused ? <span className="badge state-CANCELLED">⏸ paused</span> : <span className="badge state-SUCCEEDED">▶ active</span>}</td>
                <td className="num">{String(q.depth?.ready ?? 0n)}</td>
                <td className="num">{String(q.depth?.waiting ?? 0n)}</td>
                <td className="num">{String(q.depth?.running ?? 0n)}</td>
                <td className="num">{q.oldestReadyAge ? formatDuration(Number(q.oldestReadyAge.seconds) * 1000 + q.oldestReadyAge.nanos / 1e6) : "—"}</td>
                <td className="num">{(q.rates?.startedPerSecond ?? 0).toFixed(2)}</td>
                <td className="num">{(q.rates?.failedPerSecond ?? 0).toFixed(2)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}

function Card({ label, value }: { label: React.ReactNode; value: React.ReactNode }) {
  return (
    <div className="card">
      <div className="card-value">{value}</div>
      <div className="card-label">{label}</div>
    </div>
  );
}
