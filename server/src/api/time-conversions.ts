import { create } from "@bufbuild/protobuf";
import { DurationSchema, timestampFromDate, type Duration, type Timestamp } from "@bufbuild/protobuf/wkt";

export function durationToMs(duration: Pick<Duration, "seconds" | "nanos">): number {
  return Number(duration.seconds) * 1000 + Math.trunc(duration.nanos / 1_000_000);
}

export function msToDuration(ms: number): Duration {
  const seconds = Math.floor(ms / 1000);
  return create(DurationSchema, { seconds: BigInt(seconds), nanos: Math.round((ms - seconds * 1000) * 1_000_000) });
}

/** What a google.protobuf.Timestamp can carry, to the millisecond. */
const TIMESTAMP_MIN_MS = Date.parse("0001-01-01T00:00:00Z");
const TIMESTAMP_MAX_MS = Date.parse("9999-12-31T23:59:59.999Z");

export function toTimestamp(date: Date): Timestamp;
export function toTimestamp(date: Date | null | undefined): Timestamp | undefined;
export function toTimestamp(date: Date | null | undefined): Timestamp | undefined {
  if (!date) return undefined;
  // Thrown here, per row, rather than when the whole response is encoded (Connect JSON refuses it then).
  const ms = date.getTime();
  if (!(ms >= TIMESTAMP_MIN_MS && ms <= TIMESTAMP_MAX_MS)) throw new RangeError(`time ${ms} ms is outside what a google.protobuf.Timestamp can carry`);
  return timestampFromDate(date);
}

/**
 * To the millisecond, rounding down: protobuf-es's timestampDate rounds up, which takes
 * 9999-12-31T23:59:59.999999999Z, a valid Timestamp, into year 10000, where no Timestamp can
 * render it again.
 */
export function fromTimestamp(timestamp: Timestamp): Date {
  return new Date(Number(timestamp.seconds) * 1000 + Math.floor(timestamp.nanos / 1_000_000));
}
