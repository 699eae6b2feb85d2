import { useQuery } from "@connectrpc/connect-query";
import { WorkflowService } from "@conveyor/client/gen/conveyor/v1/workflow_service_pb.js";
import { useState } from "react";
import { Link } from "react-router";
import { useSession } from "../api/session.ts";
import { Empty, ErrorPanel, Loading } from "../components/feedback.tsx";
import { onListKeyDown } from "../components/keyboard-list.ts";
import { StateBadge, workflowStateName } from "../components/state-badge.tsx";
import { RelativeTime } from "../components/time.tsx";

export function WorkflowsPage() {
  const { namespace } = useSession();
  const [tokens, setTokens] = useState<string[]>([]);
  const workflows = useQuery(WorkflowService.method.listWorkflows, { namespace, pageSize: 50, pageToken: tokens.at(-1) ?? "" }, { refetchInterval: 3000 });
  return (
    <section aria-labelledby="workflows-title">
      <h1 id="workflows-title">Workflows</h1>
      {workflows.error ? <ErrorPanel error={workflows.error} what="workflows" /> : null}
      {workflows.isPending ? <Loading what="workflows" /> : null}
      {workflows.data && workflows.data.workflows.length === 0 ? <Empty>No workflows in namespace {namespace}.</Empty> : null}
      {workflows.data && workflows.data.workflows.length > 0 ? (
        <table aria-label="Workflows, newest first" onKeyDown={onListKeyDown}>
          <thead>
            <tr>
              <th scope="col">Workflow</th>
              <th scope="col">State</th>
              <th scope="col">Tasks by state</th>
              <th scope="col">Created</th>
            </tr>
          </thead>
          <tbody>
            {workflows.data.workflows.map((w) => (
              <tr key={w.id} data-row tabIndex={0} data-workflow-id={w.id}>
                <td>
                  <Link to={`/workflows/${w.id}`} tabIndex={-1}>
                    {w.name || w.id}
                  </Link>
                </td>
                <td>
                  <StateBadge state={workflowStateName(w.state)} />
                </td>
                <td>
                  {Object.entries(w.taskCounts)
                    .sort()
                    .map(([s, n]) => `${n} ${s.toLowerCase()}`)
                    .join(", ")}
                </td>
                <td>
                  <RelativeTime value={w.createdAt} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <nav className="pager" aria-label="Pages">
        <button type="button" disabled={tokens.length === 0} onClick={() => setTokens((t) => t.slice(0, -1))}>
          Previous
        </button>
        <button type="button" disabled={!workflows.data?.nextPageToken} onClick={() => setTokens((t) => [...t, workflows.data!.nextPageToken])}>
          Next
        </button>
      </nav>
    </section>
  );
}
