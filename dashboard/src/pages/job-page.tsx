import { createConnectQueryKey, useMutation, useQuery, useTransport } from "@connectrpc/connect-query";
import { createClient, Code, ConnectError } from "@connectrpc/connect";
import { AttemptOutcome, JobService, isTerminal, type Job } from "@conveyor/client";
import { useQueryClient } from "@tanstack/react-query";
import { Link, useParams } from "react-router";
import { useAllowed, useSession } from "../api/session.ts";
import { useStream } from "../api/use-watch.ts";
import { ActionButton, ErrorPanel, Loading } from "../components/feedback.tsx";
import { PayloadView } from "../components/payload-view.tsx";
import { jobStateName, StateBadge } from "../components/state-badge.tsx";
import { formatDuration, RelativeTime } from "../components/time.tsx";
import { timestampDate } from "@bufbuild/protobuf/wkt";

export function JobPage() {
  const { id = "" } = useParams();
  const { namespace } = useSession();
  const transport = useTransport();
  const queryClient = useQueryClient();
  const job = useQuery(JobService.method.getJob, { namespace, id });
  const events = useQuery(JobService.method.listJobEvents, { namespace, id });
  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: createConnectQueryKey({ schema: JobService.method.getJob, transport, input: { namespace, id }, cardinality: "finite" }) }),
      queryClient.invalidateQueries({ queryKey: createConnectQueryKey({ schema: JobService.method.listJobEvents, transport, input: { namespace, id }, cardinality: "finite" }) }),
    ]);
  // Live: every transition WatchJob reports reloads the job and its history.
  const state = job.data?.job?.state;
  useStream(
    job.data?.job && !isTerminal(job.data.job.state) ? (signal) => createClient(JobService, transport).watchJob({ namespace, id }, { signal }) : undefined,
    (message) => {
      if (message.event) void refresh();
    },
    [namespace, id, state !== undefined && isTerminal(state)],
  );
  const cancel = useMutation(JobService.method.cancelJob, { onSuccess: refresh });
  const retry = useMutation(JobService.method.retryJob, { onSuccess: refresh });
  const write = useAllowed("jobs:write");

  if (job.error) {
    const missing = ConnectError.from(job.error).code === Code.NotFound;
    return (
      <section>
        <h1>Job {id}</h1>
        {missing ? (
          <div className="panel empty" role="alert">
            This job no longer exists in namespace {namespace}: it may have been removed by retention, or the id is wrong. <Link to="/jobs">Back to the jobs</Link>
          </div>
        ) : (
          <ErrorPanel error={job.error} what="the job" />
        )}
      </section>
    );
  }
  if (!job.data?.job) return <Loading what="the job" />;
  const j: Job = job.data.job;
  const stateName = jobStateName(j.state);
  const cancellable = !isTerminal(j.state);
  const retryable = stateName === "DEAD" || stateName === "CANCELLED";
  return (
    <section aria-labelledby="job-title">
      <h1 id="job-title">
        Job <span className="mono">{j.id}</span> <StateBadge state={stateName} />
      </h1>
      <div className="row actions">
        <ActionButton
          label="Cancel job"
          danger
          disabledReason={write.reason ?? (cancellable ? undefined : `A ${stateName} job has finished; only unfinished jobs can be cancelled.`)}
          confirm={`Cancel job ${j.id}? A running attempt is aborted.`}
          onConfirm={() => cancel.mutateAsync({ namespace, id, reason: "cancelled from the dashboard" })}
        />
        <ActionButton
          label="Retry job"
          disabledReason={write.reason ?? (retryable ? undefined : `Only DEAD or CANCELLED jobs can be retried; this one is ${stateName}.`)}
          confirm={`Retry job ${j.id}? It goes back to READY with a fresh set of ${j.maxAttempts} attempts.`}
          onConfirm={() => retry.mutateAsync({ namespace, id })}
        />
      </div>
      <dl className="facts">
        <dt>Queue</dt>
        <dd>
          <Link to={`/jobs?queue=${encodeURIComponent(j.queue)}`}>{j.queue}</Link>
        </dd>
        <dt>Type</dt>
        <dd>{j.type}</dd>
        <dt>Attempt</dt>
        <dd>
          {j.attempt} of {j.maxAttempts}
        </dd>
        <dt>Priority</dt>
        <dd>{j.priority}</dd>
        <dt>Created</dt>
        <dd>
          <RelativeTime value={j.createdAt} />
        </dd>
        <dt>Run at</dt>
        <dd>
          <RelativeTime value={j.runAt} />
        </dd>
        <dt>Finished</dt>
        <dd>
          <RelativeTime value={j.finishedAt} />
        </dd>
        {j.workflowId ? (
          <>
            <dt>Workflow</dt>
            <dd>
              <Link to={`/workflows/${j.workflowId}`}>{j.workflowId}</Link> task <strong>{j.taskName}</strong>
            </dd>
          </>
        ) : null}
        {j.scheduleId ? (
          <>
            <dt>Schedule</dt>
            <dd className="mono">{j.scheduleId}</dd>
          </>
        ) : null}
        <dt>Labels</dt>
        <dd>
          {Object.entries(j.labels).length === 0
            ? "—"
            : Object.entries(j.labels).map(([k, v]) => (
                <code key={k} className="label">
                  {k}={v}
                </code>
              ))}
        </dd>
        {j.lastError ? (
          <>
            <dt>Last error</dt>
            <dd className="error-text">{j.lastError}</dd>
          </>
        ) : null}
      </dl>
      <div className="two">
        <div>
          <h2>Payload</h2>
          <PayloadView payload={j.payload} label="Payload" />
        </div>
        <div>
          <h2>Result</h2>
          <PayloadView payload={j.result} label="Result" />
        </div>
      </div>
      <h2>Attempts</h2>
      {j.attempts.length === 0 ? (
        <p className="muted">No attempt yet.</p>
      ) : (
        <table aria-label="Attempts" data-testid="attempts">
          <thead>
            <tr>
              <th scope="col" className="num">#</th>
              <th scope="col">Worker</th>
              <th scope="col">Started</th>
              <th scope="col">Took</th>
              <th scope="col">Outcome</th>
              <th scope="col">Error</th>
            </tr>
          </thead>
          <tbody>
            {j.attempts.map((a) => (
              <tr key={a.number}>
                <td className="num">{a.number}</td>
                <td className="mono">{a.workerId}</td>
                <td>
                  <RelativeTime value={a.startedAt} />
                </td>
                <td>{a.finishedAt && a.startedAt ? formatDuration(timestampDate(a.finishedAt).getTime() - timestampDate(a.startedAt).getTime()) : "running"}</td>
                <td>{(AttemptOutcome[a.outcome] ?? "").toLowerCase().replace("_", " ")}</td>
                <td className="error-text pre">{a.error}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h2>History</h2>
      {events.error ? <ErrorPanel error={events.error} what="the history" /> : null}
      <ol className="timeline" aria-label="Events, oldest first">
        {events.data?.events.map((e) => (
          <li key={String(e.sequence)}>
            <RelativeTime value={e.at} /> {e.fromState ? <StateBadge state={jobStateName(e.fromState)} /> : <span className="muted">created</span>} →{" "}
            <StateBadge state={jobStateName(e.toState)} />
            {e.attempt ? <span className="muted"> attempt {e.attempt}</span> : null}
            {e.workerId ? <span className="muted mono"> {e.workerId}</span> : null}
            {e.message ? <div className="pre">{e.message}</div> : null}
          </li>
        ))}
      </ol>
    </section>
  );
}
