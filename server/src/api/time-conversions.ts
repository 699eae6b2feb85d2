import { create } from "@bufbuild/protobuf";
import { DurationSchema, timestampFromDate, type Duration, type Timestamp } from "@bufbuild/protobuf/wkt";

export function durationToMs(duration: Pick<Duration, "seconds" | "nanos">): number {
  return Number(duration.seconds) * 1000 + Math.trunc(duration.nanos / 1_000_000);
}

export function msToDuration(ms: number): Duration {
  const seconds = Math.floor(ms / 1000);
  return create(DurationSchema, { seconds: BigInt(seconds), nanos: Math.round((ms - seconds * 1000) * 1_000_000) });
}

export function toTimestamp(date: Date): Timestamp;
export function toTimestamp(date: Date | null | undefined): Timestamp | undefined;
export function toTimestamp(date: Date | null | undefined): Timestamp | undefined {
  return date ? timestampFromDate(date) : undefined;
}

/**
 * To the millisecond, rounding down: protobuf-es's timestampDate rounds up, which takes
 * 9999-12-31T23:59:59.999999999Z, a valid Timestamp, into year 10000, where no Timestamp can
 * render it again.
 */
export function fromTimestamp(timestamp: Timestamp): Date {
  return new Date(Number(timestamp.seconds) * 1000 + Math.floor(timestamp.nanos / 1_000_000));
}
