import { CronExpressionParser } from "cron-parser";

/** When a schedule fires: a cron expression in a timezone, or a fixed interval from an anchor. */
export interface FireRule {
  cron: string | null;
  intervalMs: number | null;
  timezone: string;
  startAt: Date | null;
  endAt: Date | null;
  /** Where intervals count from when there is no startAt: the schedule's creation time. */
  anchor: Date;
}

/** Why a cron expression is refused, or undefined when it is valid (5 fields, or 6 with seconds). */
export function cronProblem(expression: string): string | undefined {
  const fields = expression.trim().split(/\s+/).filter(Boolean);
  if (fields.length !== 5 && fields.length !== 6) {
    return `must have 5 fields (minute hour day-of-month month day-of-week) or 6 (seconds first), got ${fields.length}`;
  }
  try {
    CronExpressionParser.parse(expression, { tz: "UTC", currentDate: new Date(0) }).next();
    return undefined;
  } catch (error) {
    return `is not a valid cron expression: ${(error as Error).message}`;
  }
}

/** Whether the runtime knows the IANA timezone. */
export function isKnownTimezone(timezone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: timezone });
    return true;
  } catch {
    return false;
  }
}

/**
 * The last time a google.protobuf.Timestamp can carry, to the millisecond. No schedule fires after
 * it: a later fire time could be stored but never shown to a client again.
 */
export const LAST_FIRE_TIME = new Date("9999-12-31T23:59:59.999Z");

/**
 * The first fire time strictly after `after`, or null when there is none before the rule's end
 * (or before LAST_FIRE_TIME).
 * Deterministic: it depends on the rule and `after` only, so every server computes the same time.
 * Cron times are computed in the rule's timezone (cron-parser's handling of daylight saving: a
 * nonexistent local time fires at the first valid time after it; a repeated one fires once, at its
 * first occurrence).
 */
export function nextFireAfter(rule: FireRule, after: Date): Date | null {
  const next = nextFireIgnoringEnd(rule, after);
  if (rule.endAt && next.getTime() > rule.endAt.getTime()) return null;
  if (next.getTime() > LAST_FIRE_TIME.getTime()) return null;
  return next;
}

/** Whether the rule's next fire after `after` lies past LAST_FIRE_TIME, so that it would never fire. */
export function firesOnlyAfterLastTime(rule: FireRule, after: Date): boolean {
  return nextFireIgnoringEnd(rule, after).getTime() > LAST_FIRE_TIME.getTime();
}

function nextFireIgnoringEnd(rule: FireRule, after: Date): Date {
  // Nothing before startAt: look from just before it.
  const from = rule.startAt && rule.startAt.getTime() - 1 > after.getTime() ? new Date(rule.startAt.getTime() - 1) : after;
  if (rule.cron !== null) return CronExpressionParser.parse(rule.cron, { tz: rule.timezone, currentDate: from }).next().toDate();
  const interval = rule.intervalMs!;
  const anchor = (rule.startAt ?? rule.anchor).getTime();
  const steps = from.getTime() < anchor ? 0 : Math.floor((from.getTime() - anchor) / interval) + 1;
  return new Date(anchor + steps * interval);
}

/** The last fire time at or before `atOrBefore` and at or after `notBefore`, or null. */
export function previousFireAtOrBefore(rule: FireRule, atOrBefore: Date, notBefore: Date): Date | null {
  let previous: Date | null;
  if (rule.cron !== null) {
    previous = CronExpressionParser.parse(rule.cron, { tz: rule.timezone, currentDate: new Date(atOrBefore.getTime() + 1) }).prev().toDate();
  } else {
    const interval = rule.intervalMs!;
    const anchor = (rule.startAt ?? rule.anchor).getTime();
    previous = atOrBefore.getTime() < anchor ? null : new Date(anchor + Math.floor((atOrBefore.getTime() - anchor) / interval) * interval);
  }
  if (!previous || previous.getTime() < notBefore.getTime()) return null;
  if (rule.startAt && previous.getTime() < rule.startAt.getTime()) return null;
  if (rule.endAt && previous.getTime() > rule.endAt.getTime()) return null;
  return previous;
}

export type MisfirePolicyName = "SKIP" | "RUN_ONCE" | "RUN_ALL";

export interface DueFires {
  /** The fire times to make jobs for, oldest first. */
  fire: Date[];
  /** How many due fire times were dropped by the misfire policy. */
  dropped: number;
  /** The next fire time after now, or null when the schedule has ended. */
  next: Date | null;
}

/**
 * The fire times due at `now` for a schedule whose next fire time was `nextRunAt`. A fire time
 * more than `graceMs` old was missed (the servers were down or far behind): the misfire policy
 * decides about those. Fire times within the grace are on time and always fire.
 */
export function dueFires(rule: FireRule, nextRunAt: Date, now: Date, policy: MisfirePolicyName, limit: number, graceMs: number): DueFires {
  const cutoff = new Date(now.getTime() - graceMs);
  const onTime: Date[] = [];
  // On-time fires: from the later of nextRunAt and the cutoff, forwards to now. Bounded by the
  // grace window, so this loop is short whatever the downtime was.
  let cursor: Date | null = nextRunAt.getTime() >= cutoff.getTime() ? nextRunAt : nextFireAfter(rule, new Date(cutoff.getTime() - 1));
  while (cursor && cursor.getTime() <= now.getTime()) {
    onTime.push(cursor);
    cursor = nextFireAfter(rule, cursor);
  }
  const next = cursor;
  // Missed fires: the latest `limit` of those in [nextRunAt, cutoff), walking backwards.
  const missed: Date[] = [];
  let missedCount = 0;
  if (nextRunAt.getTime() < cutoff.getTime()) {
    const want = policy === "SKIP" ? 0 : policy === "RUN_ONCE" ? 1 : limit;
    let back = previousFireAtOrBefore(rule, new Date(cutoff.getTime() - 1), nextRunAt);
    while (back && missed.length < want) {
      missed.unshift(back);
      back = previousFireAtOrBefore(rule, new Date(back.getTime() - 1), nextRunAt);
    }
    // Only an estimate when there are many: counting every missed time of a long downtime could take long.
    missedCount = missed.length + (back ? 1 : 0);
  }
  return { fire: [...missed, ...onTime], dropped: Math.max(0, missedCount - missed.length), next };
}

/** A delay from 0 to jitterMs, fixed for a schedule and fire time so that every server agrees. */
export function jitterFor(scheduleId: string, fireTime: Date, jitterMs: number): number {
  if (jitterMs <= 0) return 0;
  let hash = 2166136261;
  for (const c of `${scheduleId}@${fireTime.getTime()}`) hash = Math.imul(hash ^ c.charCodeAt(0), 16777619);
  return (hash >>> 0) % (jitterMs + 1);
}
