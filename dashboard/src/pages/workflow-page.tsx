import { createClient } from "@connectrpc/connect";
import { useTransport } from "@connectrpc/connect-query";
import { JobState } from "@conveyor/client";
import { WorkflowService, WorkflowState, type Workflow } from "@conveyor/client/gen/conveyor/v1/workflow_service_pb.js";
import { useEffect, useMemo, useRef, useState } from "react";
import { Link, useNavigate, useParams } from "react-router";
import { Code, ConnectError } from "@connectrpc/connect";
import { useSession } from "../api/session.ts";
import { handleAuthError } from "../api/transport.ts";
import { WorkflowGraph, type GraphTask } from "../dag/workflow-graph.tsx";
import { ErrorPanel, Loading } from "../components/feedback.tsx";
import { onListKeyDown } from "../components/keyboard-list.ts";
import { StateBadge, workflowStateName } from "../components/state-badge.tsx";
import { RelativeTime } from "../components/time.tsx";

const TABLE_PAGE = 100;
/** Transitions are applied together at most this often: a busy 10,000-task workflow redraws a few times a second. */
const FLUSH_MS = 250;

/**
 * The workflow's DAG, live: the first WatchWorkflow message brings every task, each later one a
 * task's transition, applied to the graph in batches.
 */
function useWatchedWorkflow(namespace: string, id: string) {
  const transport = useTransport();
  const [workflow, setWorkflow] = useState<Workflow>();
  const [tasks, setTasks] = useState<GraphTask[]>();
  const [error, setError] = useState<unknown>();
  const [live, setLive] = useState(false);
  const pending = useRef(new Map<string, string>());
  useEffect(() => {
    const abort = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const flush = () => {
      timer = undefined;
      const changes = pending.current;
      pending.current = new Map();
      setTasks((current) => current?.map((t) => (changes.has(t.name) ? { ...t, state: changes.get(t.name)! } : t)));
    };
    void (async () => {
      for (let failures = 0; !abort.signal.aborted; ) {
        try {
          setLive(true);
          for await (const message of createClient(WorkflowService, transport).watchWorkflow({ namespace, id }, { signal: abort.signal })) {
            failures = 0;
            if (message.workflow) setWorkflow(message.workflow);
            if (message.workflow?.tasks.length) {
              setTasks(
                message.workflow.tasks.map((t) => ({ name: t.name, dependsOn: t.dependsOn, jobId: t.job?.id ?? "", state: JobState[t.job?.state ?? 0] ?? "UNSPECIFIED" })),
              );
            } else if (message.event && message.taskName) {
              pending.current.set(message.taskName, JobState[message.event.toState] ?? "UNSPECIFIED");
              timer ??= setTimeout(flush, FLUSH_MS);
            }
          }
          if (timer) clearTimeout(timer);
          flush();
          setLive(false);
          return;
        } catch (e) {
          if (abort.signal.aborted) return;
          const code = ConnectError.from(e).code;
          if (code === Code.Unauthenticated) return handleAuthError(e);
          if (code === Code.NotFound || code === Code.PermissionDenied || code === Code.InvalidArgument || failures > 5) {
            setError(e);
            setLive(false);
            return;
          }
          failures++;
          await new Promise((resolve) => setTimeout(resolve, 500 * 2 ** failures));
        }
      }
    })();
    return () => {
      abort.abort();
      if (timer) clearTimeout(timer);
    };
  }, [namespace, id, transport]);
  return { workflow, tasks, error, live };
}

export function WorkflowPage() {
  const { id = "" } = useParams();
  const { namespace } = useSession();
  const navigate = useNavigate();
  const { workflow, tasks, error, live } = useWatchedWorkflow(namespace, id);
  const [tablePage, setTablePage] = useState(0);
  const counts = useMemo(() => {
    const byState = new Map<string, number>();
    for (const t of tasks ?? []) byState.set(t.state, (byState.get(t.state) ?? 0) + 1);
    return [...byState].sort();
  }, [tasks]);

  if (error) {
    const missing = ConnectError.from(error).code === Code.NotFound;
    return (
      <section>
        <h1>Workflow {id}</h1>
        {missing ? (
          <div className="panel empty" role="alert">
            This workflow does not exist in namespace {namespace} (any more). <Link to="/workflows">Back to the workflows</Link>
          </div>
        ) : (
          <ErrorPanel error={error} what="the workflow" />
        )}
      </section>
    );
  }
  if (!workflow || !tasks) return <Loading what="the workflow" />;
  // While live, the state follows the tasks; the stream's last message brings the final one.
  const allDone = tasks.every((t) => ["SUCCEEDED", "DEAD", "CANCELLED", "SKIPPED"].includes(t.state));
  const state = live && !allDone ? "RUNNING" : workflowStateName(workflow.state === WorkflowState.UNSPECIFIED ? WorkflowState.RUNNING : workflow.state);
  return (
    <section aria-labelledby="workflow-title">
      <h1 id="workflow-title">
        Workflow {workflow.name || <span className="mono">{workflow.id}</span>} <StateBadge state={state} />
      </h1>
      <p className="muted">
        <span className="mono">{workflow.id}</span> · created <RelativeTime value={workflow.createdAt} /> · {tasks.length.toLocaleString()} tasks ·{" "}
        {live ? "live" : "finished"}
      </p>
      <ul className="counts" aria-label="Tasks by state">
        {counts.map(([s, n]) => (
          <li key={s}>
            <StateBadge state={s} /> <span data-count-state={s}>{n}</span>
          </li>
        ))}
      </ul>
      <WorkflowGraph tasks={tasks} onOpen={(jobId) => navigate(`/jobs/${jobId}`)} />
      <h2>Tasks</h2>
      <table aria-label="Tasks" onKeyDown={onListKeyDown}>
        <thead>
          <tr>
            <th scope="col">Task</th>
            <th scope="col">State</th>
            <th scope="col">Depends on</th>
          </tr>
        </thead>
        <tbody>
          {tasks.slice(tablePage * TABLE_PAGE, (tablePage + 1) * TABLE_PAGE).map((t) => (
            <tr key={t.name} data-row tabIndex={0}>
              <td>
                <Link to={`/jobs/${t.jobId}`} tabIndex={-1}>
                  {t.name}
                </Link>
              </td>
              <td>
                <StateBadge state={t.state} />
              </td>
              <td className="clip">{t.dependsOn.join(", ") || "—"}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {tasks.length > TABLE_PAGE ? (
        <nav className="pager" aria-label="Task pages">
          <button type="button" disabled={tablePage === 0} onClick={() => setTablePage((p) => p - 1)}>
            Previous
          </button>
          <span className="muted">
            {tablePage * TABLE_PAGE + 1}–{Math.min(tasks.length, (tablePage + 1) * TABLE_PAGE)} of {tasks.length.toLocaleString()}
          </span>
          <button type="button" disabled={(tablePage + 1) * TABLE_PAGE >= tasks.length} onClick={() => setTablePage((p) => p + 1)}>
            Next
          </button>
        </nav>
      ) : null}
    </section>
  );
}
