import { useQuery } from "@connectrpc/connect-query";
import { AdminService } from "@conveyor/client/gen/conveyor/v1/admin_service_pb.js";
import { useSession } from "../api/session.ts";
import { Empty, ErrorPanel, Loading } from "../components/feedback.tsx";
import { onListKeyDown } from "../components/keyboard-list.ts";
import { RelativeTime } from "../components/time.tsx";

export function WorkersPage() {
  const { namespace } = useSession();
  const workers = useQuery(AdminService.method.listWorkers, { namespace }, { refetchInterval: 3000 });
  return (
    <section aria-labelledby="workers-title">
      <h1 id="workers-title">Workers</h1>
      <p className="muted">
        The workers connected to the server this page talks to (each server knows only its own workers' streams; behind a load balancer, open each
        server's dashboard).
      </p>
      {workers.error ? <ErrorPanel error={workers.error} what="workers" /> : null}
      {workers.isPending ? <Loading what="workers" /> : null}
      {workers.data && workers.data.workers.length === 0 ? <Empty>No worker of namespace {namespace} is connected to this server.</Empty> : null}
      {workers.data && workers.data.workers.length > 0 ? (
        <table aria-label="Connected workers" onKeyDown={onListKeyDown}>
          <thead>
            <tr>
              <th scope="col">Worker</th>
              <th scope="col">Queues</th>
              <th scope="col">Types</th>
              <th scope="col" className="num">Held / capacity</th>
              <th scope="col">Labels</th>
              <th scope="col">Connected</th>
              <th scope="col">Server</th>
            </tr>
          </thead>
          <tbody>
            {workers.data.workers.map((w) => (
              <tr key={`${w.workerId}@${String(w.connectedAt?.seconds)}`} data-row tabIndex={0} data-worker={w.workerId}>
                <td className="mono">
                  {w.workerId}
                  {w.draining ? <span className="badge state-CANCELLED">draining</span> : null}
                </td>
                <td>{w.queues.join(", ")}</td>
                <td>{w.jobTypes.join(", ") || <span className="muted">all</span>}</td>
                <td className="num">
                  {w.heldJobs} / {w.capacity}
                </td>
                <td>
                  {Object.entries(w.labels).map(([k, v]) => (
                    <code key={k} className="label">
                      {k}={v}
                    </code>
                  ))}
                </td>
                <td>
                  <RelativeTime value={w.connectedAt} />
                </td>
                <td className="mono">{w.server}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}
