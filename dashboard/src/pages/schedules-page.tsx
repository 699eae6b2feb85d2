import { timestampDate } from "@bufbuild/protobuf/wkt";
import { createClient } from "@connectrpc/connect";
import { useMutation, useQuery, useTransport } from "@connectrpc/connect-query";
import { ScheduleService, type Schedule, type ScheduleSpec } from "@conveyor/client/gen/conveyor/v1/schedule_service_pb.js";
import type { MessageInitShape } from "@bufbuild/protobuf";
import type { ScheduleSpecSchema } from "@conveyor/client/gen/conveyor/v1/schedule_service_pb.js";
import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { Link } from "react-router";
import { useAllowed, useSession } from "../api/session.ts";
import { describeError } from "../api/transport.ts";
import { ActionButton, Empty, ErrorPanel, Loading } from "../components/feedback.tsx";
import { formatDuration, RelativeTime } from "../components/time.tsx";

/** A time in the schedule's own zone, as its cron expression reads it. */
function inZone(schedule: Schedule, at: Schedule["nextRunAt"]): string {
  if (!at) return "—";
  const timeZone = schedule.spec?.timezone || "UTC";
  return timestampDate(at).toLocaleString(undefined, { timeZone, dateStyle: "medium", timeStyle: "medium" }) + ` (${timeZone})`;
}

function ruleOf(spec: ScheduleSpec | undefined): string {
  if (!spec) return "";
  if (spec.cron) return spec.cron;
  return spec.interval ? `every ${formatDuration(Number(spec.interval.seconds) * 1000 + spec.interval.nanos / 1e6)}` : "";
}

export function SchedulesPage() {
  const { namespace } = useSession();
  const schedules = useQuery(ScheduleService.method.listSchedules, { namespace, pageSize: 1000 }, { refetchInterval: 5000 });
  const write = useAllowed("jobs:write");
  const queryClient = useQueryClient();
  const done = () => queryClient.invalidateQueries();
  const pause = useMutation(ScheduleService.method.pauseSchedule, { onSuccess: done });
  const resume = useMutation(ScheduleService.method.resumeSchedule, { onSuccess: done });
  const trigger = useMutation(ScheduleService.method.triggerSchedule, { onSuccess: done });
  const remove = useMutation(ScheduleService.method.deleteSchedule, { onSuccess: done });
  return (
    <section aria-labelledby="schedules-title">
      <h1 id="schedules-title">Schedules</h1>
      {schedules.error ? <ErrorPanel error={schedules.error} what="schedules" /> : null}
      {schedules.isPending ? <Loading what="schedules" /> : null}
      {schedules.data && schedules.data.schedules.length === 0 ? <Empty>No schedules in namespace {namespace}.</Empty> : null}
      {schedules.data && schedules.data.schedules.length > 0 ? (
        <table aria-label="Schedules">
          <thead>
            <tr>
              <th scope="col">Schedule</th>
              <th scope="col">Rule</th>
              <th scope="col">Next fire (schedule's time zone)</th>
              <th scope="col">Last fired</th>
              <th scope="col">Job</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {schedules.data.schedules.map((s) => (
              <tr key={s.id} data-schedule={s.spec?.name}>
                <th scope="row">
                  {s.spec?.name} {s.paused ? <span className="badge state-CANCELLED">⏸ paused</span> : null}
                </th>
                <td className="mono">{ruleOf(s.spec)}</td>
                <td>{s.paused ? <span className="muted">paused</span> : inZone(s, s.nextRunAt)}</td>
                <td>
                  {s.lastJobId ? (
                    <Link to={`/jobs/${s.lastJobId}`}>
                      <RelativeTime value={s.lastFiredAt} timeZone={s.spec?.timezone || "UTC"} />
                    </Link>
                  ) : (
                    <span className="muted">never</span>
                  )}
                </td>
                <td>
                  {s.spec?.job?.queue}/{s.spec?.job?.type}
                </td>
                <td className="row">
                  {s.paused ? (
                    <ActionButton label="Resume" disabledReason={write.reason} onConfirm={() => resume.mutateAsync({ namespace, id: s.id })} />
                  ) : (
                    <ActionButton label="Pause" disabledReason={write.reason} onConfirm={() => pause.mutateAsync({ namespace, id: s.id })} />
                  )}
                  <ActionButton
                    label="Trigger now"
                    disabledReason={write.reason}
                    confirm={`Submit one job from ${s.spec?.name} now? The next fire time does not change.`}
                    onConfirm={() => trigger.mutateAsync({ namespace, id: s.id })}
                  />
                  <ActionButton
                    label="Delete"
                    danger
                    disabledReason={write.reason}
                    confirm={`Delete schedule ${s.spec?.name}? Jobs it already fired are kept.`}
                    onConfirm={() => remove.mutateAsync({ namespace, id: s.id })}
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <CreateScheduleForm disabledReason={write.reason} />
    </section>
  );
}

/**
 * A new schedule. Each change is checked by the server itself (CreateSchedule with validate_only),
 * so the form shows exactly the error a real call would get, and the next fire time it would have.
 */
function CreateScheduleForm({ disabledReason }: { disabledReason: string | undefined }) {
  const { namespace } = useSession();
  const transport = useTransport();
  const queryClient = useQueryClient();
  const [form, setForm] = useState({ name: "", cron: "*/5 * * * *", timezone: Intl.DateTimeFormat().resolvedOptions().timeZone, queue: "", type: "", payload: "{}" });
  const [check, setCheck] = useState<{ ok: boolean; text: string } | null>(null);
  const [created, setCreated] = useState<string | null>(null);
  const create = useMutation(ScheduleService.method.createSchedule, {
    onSuccess: (response) => {
      setCreated(`Created ${response.schedule?.spec?.name}.`);
      void queryClient.invalidateQueries();
    },
  });
  const spec = (): MessageInitShape<typeof ScheduleSpecSchema> | string => {
    let payload: unknown;
    try {
      payload = JSON.parse(form.payload || "{}");
    } catch (e) {
      return `payload: not JSON (${(e as Error).message})`;
    }
    if (typeof payload !== "object" || payload === null || Array.isArray(payload)) return "payload: must be a JSON object";
    return { name: form.name, cron: form.cron, timezone: form.timezone, job: { queue: form.queue, type: form.type, payload: { kind: { case: "json", value: payload as never } } } };
  };
  useEffect(() => {
    if (disabledReason) return;
    const s = spec();
    if (typeof s === "string") return setCheck({ ok: false, text: s });
    const abort = new AbortController();
    const timer = setTimeout(() => {
      createClient(ScheduleService, transport)
        .createSchedule({ namespace, schedule: s, validateOnly: true }, { signal: abort.signal })
        .then(
          (r) => setCheck({ ok: true, text: `Valid. First fire: ${r.schedule?.nextRunAt ? inZone(r.schedule, r.schedule.nextRunAt) : "none"}` }),
          (e: unknown) => !abort.signal.aborted && setCheck({ ok: false, text: describeError(e).detail }),
        );
    }, 300);
    return () => {
      clearTimeout(timer);
      abort.abort();
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [form, namespace, disabledReason]);
  const field = (name: keyof typeof form, label: string, extra: Record<string, unknown> = {}) => (
    <label>
      {label} <input name={name} value={form[name]} onChange={(e) => setForm({ ...form, [name]: e.target.value })} {...extra} />
    </label>
  );
  return (
    <form
      className="panel create"
      aria-labelledby="create-title"
      onSubmit={(event) => {
        event.preventDefault();
        const s = spec();
        if (typeof s !== "string") create.mutate({ namespace, schedule: s });
      }}
    >
      <h2 id="create-title">New schedule</h2>
      {disabledReason ? <p className="reason">{disabledReason}</p> : null}
      <fieldset disabled={disabledReason !== undefined} className="grid">
        {field("name", "Name")}
        {field("cron", "Cron expression", { className: "mono", "aria-describedby": "cron-check" })}
        {field("timezone", "Time zone")}
        {field("queue", "Queue")}
        {field("type", "Job type")}
        <label>
          Payload (JSON) <textarea name="payload" rows={2} value={form.payload} onChange={(e) => setForm({ ...form, payload: e.target.value })} className="mono" />
        </label>
      </fieldset>
      <p id="cron-check" role="status" className={check ? (check.ok ? "ok-text" : "error-text") : "muted"} data-testid="schedule-check">
        {check?.text ?? ""}
      </p>
      <button type="submit" className="primary" disabled={disabledReason !== undefined || !check?.ok || create.isPending}>
        Create schedule
      </button>
      {create.error ? (
        <p className="error-text" role="alert">
          {describeError(create.error).detail}
        </p>
      ) : null}
      {created ? <p role="status">{created}</p> : null}
    </form>
  );
}
