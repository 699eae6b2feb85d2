import { useMutation, useQuery } from "@connectrpc/connect-query";
import { JobService, JobState, type Job } from "@conveyor/client";
import { useQueryClient } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import { Link } from "react-router";
import { useAllowed, useSession } from "../api/session.ts";
import { ActionButton, Empty, ErrorPanel, Loading } from "../components/feedback.tsx";
import { jobStateName, StateBadge } from "../components/state-badge.tsx";
import { RelativeTime } from "../components/time.tsx";

/** The newest jobs the grouping looks at; "redrive group" goes through the server's filter and reaches them all. */
const SCAN = 1000;
const LIVE_MS = 5000;

interface Group {
  key: string;
  queue: string;
  type: string;
  lastError: string;
  state: string;
  jobs: Job[];
}

function groupsOf(jobs: readonly Job[]): Group[] {
  const groups = new Map<string, Group>();
  for (const job of jobs) {
    const state = jobStateName(job.state);
    const key = JSON.stringify([job.queue, job.type, job.lastError, state]);
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { key, queue: job.queue, type: job.type, lastError: job.lastError, state, jobs: [] }));
    group.jobs.push(job);
  }
  return [...groups.values()].sort((a, b) => b.jobs.length - a.jobs.length);
}

export function DeadLettersPage() {
  const { namespace } = useSession();
  const [showStates, setShowStates] = useState<JobState[]>([JobState.DEAD]);
  const jobs = useQuery(JobService.method.listJobs, { namespace, states: showStates, pageSize: SCAN }, { refetchInterval: LIVE_MS });
  const groups = useMemo(() => groupsOf(jobs.data?.jobs ?? []), [jobs.data]);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [open, setOpen] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<string | null>(null);
  const queryClient = useQueryClient();
  const write = useAllowed("jobs:write");
  const retry = useMutation(JobService.method.retryJobs, {
    onSuccess: (response) => {
      setOutcome(`${response.retried} job${response.retried === 1 ? "" : "s"} moved to READY${response.more ? "; more match: redrive again for the rest" : ""}.`);
      setSelected(new Set());
      void queryClient.invalidateQueries();
    },
  });
  const toggle = (ids: readonly string[], on: boolean) =>
    setSelected((current) => {
      const next = new Set(current);
      for (const id of ids) on ? next.add(id) : next.delete(id);
      return next;
    });
  const toggleState = (state: JobState, on: boolean) => setShowStates((s) => (on ? [...s, state] : s.filter((x) => x !== state)));
  const retryableIds = (group: Group) => (group.state === "SKIPPED" ? [] : group.jobs.map((j) => j.id));

  return (
    <section aria-labelledby="dead-title">
      <h1 id="dead-title">Dead letters</h1>
      <p className="muted">
        Jobs that ran out of attempts (or failed for good), grouped by queue, type and last error, over the newest {SCAN.toLocaleString()}. Redriving
        brings them back to READY with a fresh set of attempts.
      </p>
      <fieldset className="filters">
        <legend>Show</legend>
        {(
          [
            [JobState.DEAD, "dead"],
            [JobState.CANCELLED, "cancelled"],
            [JobState.SKIPPED, "skipped workflow tasks"],
          ] as const
        ).map(([state, label]) => (
          <label key={state}>
            <input type="checkbox" checked={showStates.includes(state)} onChange={(e) => toggleState(state, e.target.checked)} /> {label}
          </label>
        ))}
      </fieldset>
      <div className="row actions">
        <ActionButton
          label={`Redrive selected (${selected.size})`}
          disabledReason={write.reason ?? (selected.size === 0 ? "Select jobs or groups first." : undefined)}
          confirm={`Move ${selected.size} selected job(s) back to READY?`}
          onConfirm={() => retry.mutateAsync({ namespace, ids: [...selected].slice(0, 1000) })}
        />
        {outcome ? (
          <span role="status" className="panel ok">
            {outcome}
          </span>
        ) : null}
      </div>
      {jobs.error ? <ErrorPanel error={jobs.error} what="dead letters" /> : null}
      {jobs.isPending ? <Loading what="dead letters" /> : null}
      {jobs.data && groups.length === 0 ? <Empty>Nothing here: no job in namespace {namespace} is in the states shown.</Empty> : null}
      {groups.length > 0 ? (
        <table aria-label="Groups of failed jobs">
          <thead>
            <tr>
              <th scope="col">
                <span className="sr-only">Select</span>
              </th>
              <th scope="col" className="num">Jobs</th>
              <th scope="col">State</th>
              <th scope="col">Queue</th>
              <th scope="col">Type</th>
              <th scope="col">Last error</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          {groups.map((group) => {
            const ids = retryableIds(group);
            const all = ids.length > 0 && ids.every((id) => selected.has(id));
            return (
              <tbody key={group.key} data-group={`${group.queue}/${group.type}`}>
                <tr>
                  <td>
                    <input
                      type="checkbox"
                      aria-label={`Select the ${group.jobs.length} jobs of ${group.queue}/${group.type}`}
                      checked={all}
                      disabled={ids.length === 0}
                      title={ids.length === 0 ? "Skipped tasks run again when the task they depend on is retried." : undefined}
                      onChange={(e) => toggle(ids, e.target.checked)}
                    />
                  </td>
                  <td className="num">{group.jobs.length}</td>
                  <td>
                    <StateBadge state={group.state} />
                  </td>
                  <td>{group.queue}</td>
                  <td>{group.type}</td>
                  <td className="clip error-text" title={group.lastError}>
                    {group.lastError || <span className="muted">no error recorded</span>}
                  </td>
                  <td className="row">
                    <button type="button" aria-expanded={open === group.key} onClick={() => setOpen(open === group.key ? null : group.key)}>
                      {open === group.key ? "Hide jobs" : "Show jobs"}
                    </button>
                    <ActionButton
                      label="Redrive group"
                      disabledReason={write.reason ?? (ids.length === 0 ? "Skipped tasks run again when the task they depend on is retried." : undefined)}
                      confirm={`Move every ${group.state} job of ${group.queue}/${group.type} with this last error back to READY (up to 10,000)?`}
                      onConfirm={() =>
                        retry.mutateAsync({
                          namespace,
                          filter: { queue: group.queue, type: group.type, lastError: group.lastError, states: [JobState[group.state as keyof typeof JobState]] },
                          limit: 10_000,
                        })
                      }
                    />
                  </td>
                </tr>
                {open === group.key
                  ? group.jobs.map((job) => (
                      <tr key={job.id} className="sub" data-job-id={job.id}>
                        <td>
                          <input
                            type="checkbox"
                            aria-label={`Select job ${job.id}`}
                            disabled={group.state === "SKIPPED"}
                            checked={selected.has(job.id)}
                            onChange={(e) => toggle([job.id], e.target.checked)}
                          />
                        </td>
                        <td colSpan={3}>
                          <Link to={`/jobs/${job.id}`} className="mono">
                            {job.id}
                          </Link>
                        </td>
                        <td>
                          attempt {job.attempt}/{job.maxAttempts}
                        </td>
                        <td colSpan={2}>
                          finished <RelativeTime value={job.finishedAt} />
                        </td>
                      </tr>
                    ))
                  : null}
              </tbody>
            );
          })}
        </table>
      ) : null}
    </section>
  );
}
