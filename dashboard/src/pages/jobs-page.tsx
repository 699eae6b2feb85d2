import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import { useQuery } from "@connectrpc/connect-query";
import { JobService, JobState } from "@conveyor/client";
import { useMemo, useState } from "react";
import { Link, useSearchParams } from "react-router";
import { useSession } from "../api/session.ts";
import { Empty, ErrorPanel, Loading } from "../components/feedback.tsx";
import { onListKeyDown } from "../components/keyboard-list.ts";
import { jobStateName, StateBadge } from "../components/state-badge.tsx";
import { RelativeTime } from "../components/time.tsx";

const STATES = ["SCHEDULED", "READY", "RUNNING", "RETRY_SCHEDULED", "SUCCEEDED", "DEAD", "CANCELLED", "BLOCKED", "SKIPPED"] as const;
const RANGES: Record<string, number | undefined> = { all: undefined, "15m": 15 * 60_000, "1h": 3_600_000, "24h": 86_400_000, "7d": 7 * 86_400_000 };
const PAGE_SIZE = 50;
const LIVE_MS = 2000;

/** "a=1, b=2" -> { a: "1", b: "2" } */
function parseLabels(text: string): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const pair of text.split(",")) {
    const [key, ...rest] = pair.split("=");
    if (key?.trim()) labels[key.trim()] = rest.join("=").trim();
  }
  return labels;
}

export function JobsPage() {
  const { namespace } = useSession();
  const [params, setParams] = useSearchParams();
  const filters = {
    queue: params.get("queue") ?? "",
    type: params.get("type") ?? "",
    state: params.get("state") ?? "",
    label: params.get("label") ?? "",
    range: params.get("range") ?? "all",
  };
  // The tokens of the pages before this one: "Previous" pops, "Next" pushes.
  const [tokens, setTokens] = useState<string[]>([]);
  const pageToken = tokens.at(-1) ?? "";
  const rangeMs = RANGES[filters.range];
  // The range's start moves with each refresh only to the minute, so that the query key is stable.
  const minute = Math.floor(Date.now() / 60_000);
  const request = useMemo(
    () => ({
      namespace,
      queue: filters.queue,
      type: filters.type,
      states: filters.state ? [JobState[filters.state as keyof typeof JobState]] : [],
      labels: parseLabels(filters.label),
      createdAfter: rangeMs ? timestampFromDate(new Date(minute * 60_000 - rangeMs)) : undefined,
      pageSize: PAGE_SIZE,
      pageToken,
    }),
    [namespace, filters.queue, filters.type, filters.state, filters.label, rangeMs, minute, pageToken],
  );
  const jobs = useQuery(JobService.method.listJobs, request, { refetchInterval: LIVE_MS, placeholderData: (previous) => previous });

  const setFilter = (name: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(name, value);
    else next.delete(name);
    setParams(next, { replace: true });
    setTokens([]);
  };

  return (
    <section aria-labelledby="jobs-title">
      <h1 id="jobs-title">Jobs</h1>
      <form className="filters" aria-label="Filters" onSubmit={(e) => e.preventDefault()}>
        <label>
          Queue <input name="queue" defaultValue={filters.queue} onBlur={(e) => setFilter("queue", e.target.value.trim())} onKeyDown={(e) => e.key === "Enter" && setFilter("queue", e.currentTarget.value.trim())} />
        </label>
        <label>
          Type <input name="type" defaultValue={filters.type} onBlur={(e) => setFilter("type", e.target.value.trim())} onKeyDown={(e) => e.key === "Enter" && setFilter("type", e.currentTarget.value.trim())} />
        </label>
        <label>
          State{" "}
          <select name="state" value={filters.state} onChange={(e) => setFilter("state", e.target.value)}>
            <option value="">any</option>
            {STATES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
        <label>
          Label <input name="label" placeholder="key=value, …" defaultValue={filters.label} onBlur={(e) => setFilter("label", e.target.value.trim())} onKeyDown={(e) => e.key === "Enter" && setFilter("label", e.currentTarget.value.trim())} />
        </label>
        <label>
          Created{" "}
          <select name="range" value={filters.range} onChange={(e) => setFilter("range", e.target.value === "all" ? "" : e.target.value)}>
            <option value="all">any time</option>
            <option value="15m">last 15 minutes</option>
            <option value="1h">last hour</option>
            <option value="24h">last 24 hours</option>
            <option value="7d">last 7 days</option>
          </select>
        </label>
      </form>
      {jobs.error ? <ErrorPanel error={jobs.error} what="jobs" /> : null}
      {jobs.isPending ? <Loading what="jobs" /> : null}
      {jobs.data && jobs.data.jobs.length === 0 ? <Empty>No jobs match{tokens.length > 0 ? " on this page" : ""}.</Empty> : null}
      {jobs.data && jobs.data.jobs.length > 0 ? (
        <table aria-label="Jobs, newest first" onKeyDown={onListKeyDown} data-testid="jobs-table">
          <thead>
            <tr>
              <th scope="col">Job</th>
              <th scope="col">State</th>
              <th scope="col">Queue</th>
              <th scope="col">Type</th>
              <th scope="col" className="num">Attempt</th>
              <th scope="col">Created</th>
              <th scope="col">Last error</th>
            </tr>
          </thead>
          <tbody>
            {jobs.data.jobs.map((job) => (
              <tr key={job.id} data-row tabIndex={0} data-job-id={job.id} data-state={jobStateName(job.state)}>
                <td>
                  <Link to={`/jobs/${job.id}`} tabIndex={-1} className="mono">
                    {job.id.slice(0, 8)}…{job.id.slice(-4)}
                  </Link>
                  {job.taskName ? <span className="muted"> {job.taskName}</span> : null}
                </td>
                <td>
                  <StateBadge state={jobStateName(job.state)} />
                </td>
                <td>{job.queue}</td>
                <td>{job.type}</td>
                <td className="num">
                  {job.attempt}/{job.maxAttempts}
                </td>
                <td>
                  <RelativeTime value={job.createdAt} />
                </td>
                <td className="clip" title={job.lastError}>
                  {job.lastError}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <nav className="pager" aria-label="Pages">
        <button type="button" disabled={tokens.length === 0} onClick={() => setTokens([])}>
          First page
        </button>
        <button type="button" disabled={tokens.length === 0} onClick={() => setTokens((t) => t.slice(0, -1))}>
          Previous
        </button>
        <span className="muted">Page {tokens.length + 1}</span>
        <button type="button" disabled={!jobs.data?.nextPageToken} onClick={() => setTokens((t) => [...t, jobs.data!.nextPageToken])}>
          Next
        </button>
        <span className="muted live" aria-live="off">
          {jobs.isFetching ? "refreshing…" : `live, every ${LIVE_MS / 1000} s`}
        </span>
      </nav>
    </section>
  );
}
