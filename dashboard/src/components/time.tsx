import { timestampDate, type Timestamp } from "@bufbuild/protobuf/wkt";
import { useEffect, useState } from "react";

const relative = new Intl.RelativeTimeFormat(undefined, { numeric: "auto" });
const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ["year", 365 * 86_400_000],
  ["month", 30 * 86_400_000],
  ["day", 86_400_000],
  ["hour", 3_600_000],
  ["minute", 60_000],
  ["second", 1000],
];

export function relativeTime(date: Date, now = Date.now()): string {
  const diff = date.getTime() - now;
  for (const [unit, ms] of UNITS) {
    if (Math.abs(diff) >= ms || unit === "second") return relative.format(Math.round(diff / ms), unit);
  }
  return "";
}

/** Re-renders every few seconds so that "12 seconds ago" keeps true. */
function useNow(intervalMs = 5000): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}

/** A time shown relative ("3 minutes ago"), the exact time (and zone) on hover and to screen readers. */
export function RelativeTime({ value, timeZone }: { value: Timestamp | Date | undefined; timeZone?: string }) {
  const now = useNow();
  if (!value) return <span className="muted">—</span>;
  const date = value instanceof Date ? value : timestampDate(value);
  const exact = date.toLocaleString(undefined, { timeZone, dateStyle: "medium", timeStyle: "long" });
  return (
    <time dateTime={date.toISOString()} title={exact}>
      {relativeTime(date, now)}
    </time>
  );
}

/** "1 min 5 s", for ages and durations. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${s % 60} s`;
  const h = Math.floor(m / 60);
  return h < 48 ? `${h} h ${m % 60} min` : `${Math.floor(h / 24)} d ${h % 24} h`;
}
