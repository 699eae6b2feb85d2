import { create } from "@bufbuild/protobuf";
import { DurationSchema, timestampDate, timestampFromDate, type Duration, type Timestamp } from "@bufbuild/protobuf/wkt";

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

export function fromTimestamp(timestamp: Timestamp): Date {
  return timestampDate(timestamp);
}
