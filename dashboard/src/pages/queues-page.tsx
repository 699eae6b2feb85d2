import { useMutation, useQuery } from "@connectrpc/connect-query";
import { AdminService, type Queue } from "@conveyor/client/gen/conveyor/v1/admin_service_pb.js";
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Link } from "react-router";
import { useAllowed, useSession } from "../api/session.ts";
import { describeError } from "../api/transport.ts";
import { ActionButton, Empty, ErrorPanel, Loading } from "../components/feedback.tsx";
import { RelativeTime } from "../components/time.tsx";

export function QueuesPage() {
  const { namespace } = useSession();
  const queues = useQuery(AdminService.method.listQueues, { namespace }, { refetchInterval: 3000 });
  const [editing, setEditing] = useState<string | null>(null);
  return (
    <section aria-labelledby="queues-title">
      <h1 id="queues-title">Queues</h1>
      <p className="muted">
        Settings hold on every server. Finished jobs are removed after the server-wide retention period (CONVEYOR_RETENTION_MS); it is not set per
        queue.
      </p>
      {queues.error ? <ErrorPanel error={queues.error} what="queues" /> : null}
      {queues.isPending ? <Loading what="queues" /> : null}
      {queues.data && queues.data.queues.length === 0 ? <Empty>No queues in namespace {namespace}.</Empty> : null}
      {queues.data && queues.data.queues.length > 0 ? (
        <table aria-label="Queues">
          <thead>
            <tr>
              <th scope="col">Queue</th>
              <th scope="col">State</th>
              <th scope="col">Concurrency limit</th>
              <th scope="col">Rate limit</th>
              <th scope="col">Webhook</th>
              <th scope="col">Changed</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {queues.data.queues.map((q) => (
              <QueueRow key={q.name} queue={q} editing={editing === q.name} onEdit={(on) => setEditing(on ? q.name : null)} />
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}

function QueueRow({ queue: q, editing, onEdit }: { queue: Queue; editing: boolean; onEdit: (on: boolean) => void }) {
  const { namespace } = useSession();
  const admin = useAllowed("admin");
  const queryClient = useQueryClient();
  const done = () => queryClient.invalidateQueries();
  const pause = useMutation(AdminService.method.pauseQueue, { onSuccess: done });
  const resume = useMutation(AdminService.method.resumeQueue, { onSuccess: done });
  return (
    <>
      <tr data-queue={q.name}>
        <th scope="row">
          <Link to={`/jobs?queue=${encodeURIComponent(q.name)}`}>{q.name}</Link>
        </th>
        <td data-testid="queue-state">{q.paused ? <span className="badge state-CANCELLED">⏸ paused</span> : <span className="badge state-SUCCEEDED">▶ active</span>}</td>
        <td>{q.concurrencyLimit || "none"}</td>
        <td>{q.rateLimit ? `${q.rateLimit}/s` : "none"}</td>
        <td className="clip">{q.webhookUrl || "—"}</td>
        <td>
          <RelativeTime value={q.updatedAt} />
        </td>
        <td className="row">
          {q.paused ? (
            <ActionButton label="Resume" disabledReason={admin.reason} onConfirm={() => resume.mutateAsync({ namespace, queue: q.name })} />
          ) : (
            <ActionButton
              label="Pause"
              disabledReason={admin.reason}
              confirm={`Pause queue ${q.name}? Jobs keep being accepted, but no worker leases any until it is resumed.`}
              onConfirm={() => pause.mutateAsync({ namespace, queue: q.name })}
            />
          )}
          <button type="button" disabled={admin.reason !== undefined} title={admin.reason} aria-expanded={editing} onClick={() => onEdit(!editing)}>
            {editing ? "Close" : "Edit limits"}
          </button>
        </td>
      </tr>
      {editing ? (
        <tr className="sub">
          <td colSpan={7}>
            <QueueSettingsForm queue={q} onDone={() => onEdit(false)} />
          </td>
        </tr>
      ) : null}
    </>
  );
}

function QueueSettingsForm({ queue: q, onDone }: { queue: Queue; onDone: () => void }) {
  const { namespace } = useSession();
  const queryClient = useQueryClient();
  const update = useMutation(AdminService.method.updateQueue, { onSuccess: () => (void queryClient.invalidateQueries(), onDone()) });
  const [concurrency, setConcurrency] = useState(String(q.concurrencyLimit || ""));
  const [rate, setRate] = useState(q.rateLimit ? String(q.rateLimit) : "");
  const [webhook, setWebhook] = useState(q.webhookUrl);
  return (
    <form
      className="settings"
      aria-label={`Settings of ${q.name}`}
      onSubmit={(event) => {
        event.preventDefault();
        update.mutate({ namespace, queue: q.name, concurrencyLimit: Number(concurrency || 0), rateLimit: Number(rate || 0), webhookUrl: webhook.trim() });
      }}
    >
      <label>
        Concurrency limit (running jobs; empty for none) <input inputMode="numeric" value={concurrency} onChange={(e) => setConcurrency(e.target.value)} />
      </label>
      <label>
        Rate limit (jobs started per second; empty for none) <input inputMode="decimal" value={rate} onChange={(e) => setRate(e.target.value)} />
      </label>
      <label>
        Webhook URL (empty for none) <input type="url" value={webhook} onChange={(e) => setWebhook(e.target.value)} size={40} />
      </label>
      <button type="submit" className="primary" disabled={update.isPending}>
        Save
      </button>
      {update.error ? (
        <p className="error-text" role="alert">
          {describeError(update.error).detail}
        </p>
      ) : null}
    </form>
  );
}
