// Hotline indicators of 8.1 (REQUIREMENTS Q-8.1-HOTLINE-15S, Q-8.1-HOTLINE-HOURS; A-11).
// Pure: call and agent-session facts in, figures out; calendars and `now` are arguments.
import type { Calendar } from '../calendar';
import { formatDayNumber, parseIsoDate } from '../calendar/civil-days';
import type { Indicator } from '../kpis/sla-indicators';

export const CALL_DISPOSITIONS = ['ANSWERED', 'NO ANSWER', 'BUSY', 'FAILED'] as const;
export type CallDisposition = (typeof CALL_DISPOSITIONS)[number];
export const CALL_DIRECTIONS = ['inbound', 'outbound'] as const;
export type CallDirection = (typeof CALL_DIRECTIONS)[number];

/** Breach lists are capped: call volumes are large and the list is a sample for drill-down. */
export const MAX_LISTED_BREACHES = 200;

export interface CallFact {
  id: string;
  direction: CallDirection;
  /** Entered the human-agent queue (after the IVR); null when the call never reached it. */
  queuedAt: string | null;
  /** A human agent answered (an IVR pickup is not an answer). */
  answeredAt: string | null;
  endedAt: string | null;
  disposition: CallDisposition;
  /** Queue entry fell inside the hotline's published service hours. */
  inServiceHours: boolean;
}

export interface HotlineSettings {
  /** The answer limit, 15 s in the standard. */
  answerSeconds: number;
  /** Calls abandoned less than this many seconds after queue entry leave the indicator; 0 = off. */
  shortAbandonSeconds: number;
}

export const DEFAULT_HOTLINE_SETTINGS: HotlineSettings = { answerSeconds: 15, shortAbandonSeconds: 0 };

export type CallOutcome = 'in-time' | 'late' | 'abandoned' | 'short-abandon' | 'out-of-scope';

/** How one call counts for Q-8.1-HOTLINE-15S. */
export function callOutcome(call: CallFact, settings: HotlineSettings): CallOutcome {
  if (call.direction !== 'inbound' || call.queuedAt === null || !call.inServiceHours) return 'out-of-scope';
  const queued = Date.parse(call.queuedAt);
  if (call.disposition === 'ANSWERED' && call.answeredAt !== null) {
    return Date.parse(call.answeredAt) - queued <= settings.answerSeconds * 1000 ? 'in-time' : 'late';
  }
  if (
    settings.shortAbandonSeconds > 0 &&
    call.endedAt !== null &&
    Date.parse(call.endedAt) - queued < settings.shortAbandonSeconds * 1000
  )
    return 'short-abandon';
  return 'abandoned';
}

/**
 * Q-8.1-HOTLINE-15S for [fromIso, toIso): calls answered by a human within the limit of queue entry /
 * inbound calls entering the queue during service hours, answered or abandoned. Calls count in the
 * period of their queue entry.
 */
export function computeHotline15s(
  calls: readonly CallFact[],
  fromIso: string,
  toIso: string,
  settings: HotlineSettings = DEFAULT_HOTLINE_SETTINGS,
  target = 0.85,
): Indicator {
  let ok = 0;
  let denominator = 0;
  let excluded = 0;
  let abandoned = 0;
  let outOfHours = 0;
  const breaches: string[] = [];
  for (const c of calls) {
    if (c.queuedAt === null || c.queuedAt < fromIso || c.queuedAt >= toIso) continue;
    const o = callOutcome(c, settings);
    if (o === 'out-of-scope') {
      if (c.direction === 'inbound' && !c.inServiceHours) outOfHours++;
      continue;
    }
    if (o === 'short-abandon') {
      excluded++;
      continue;
    }
    denominator++;
    if (o === 'in-time') ok++;
    else {
      if (o === 'abandoned') abandoned++;
      if (breaches.length < MAX_LISTED_BREACHES) breaches.push(c.id);
    }
  }
  const value = denominator === 0 ? null : ok / denominator;
  return {
    id: 'Q-8.1-HOTLINE-15S',
    value,
    numerator: ok,
    denominator,
    target,
    meets: value === null ? null : value >= target,
    pending: 0,
    excluded,
    breaches,
    info: {
      answerSeconds: settings.answerSeconds,
      // Disclosed with the figure, as A-11 requires of any short-abandon exclusion.
      shortAbandonSeconds: settings.shortAbandonSeconds,
      abandoned,
      outsideServiceHours: outOfHours,
    },
  };
}

export interface AgentSessionFact {
  agent: string;
  loginAt: string;
  /** null while still logged in (counts up to `now`). */
  logoutAt: string | null;
}

export interface DayStaffing {
  date: string;
  /** Time in the day when the queue was open and at least one agent was logged in. */
  staffedMs: number;
  /** Open time of the queue that day, and the length of the day (23–25 h across DST). */
  openMs: number;
  dayMs: number;
  /** The day had not ended at `now`. */
  inProgress: boolean;
}

/** Union of [start, end) intervals, sorted and merged. */
export function mergeIntervals(intervals: readonly [number, number][]): [number, number][] {
  const sorted = intervals.filter(([s, e]) => e > s).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const out: [number, number][] = [];
  for (const [s, e] of sorted) {
    const last = out[out.length - 1];
    if (last && s <= last[1]) last[1] = Math.max(last[1], e);
    else out.push([s, e]);
  }
  return out;
}

/** Length of the overlap of two sorted, disjoint interval lists. */
export function overlapMs(a: readonly [number, number][], b: readonly [number, number][]): number {
  let i = 0;
  let j = 0;
  let sum = 0;
  while (i < a.length && j < b.length) {
    const s = Math.max(a[i][0], b[j][0]);
    const e = Math.min(a[i][1], b[j][1]);
    if (e > s) sum += e - s;
    if (a[i][1] < b[j][1]) i++;
    else j++;
  }
  return sum;
}

/** Local dates from `fromDate` (inclusive) to `toDate` (exclusive), 'YYYY-MM-DD'. */
export function datesBetween(fromDate: string, toDate: string): string[] {
  const a = parseIsoDate(fromDate);
  const b = parseIsoDate(toDate);
  if (a === undefined || b === undefined) throw new RangeError('dates must be YYYY-MM-DD');
  const out: string[] = [];
  for (let d = a; d < b; d++) out.push(formatDayNumber(d));
  return out;
}

/** The local date after `date`. */
export function nextDate(date: string): string {
  const d = parseIsoDate(date);
  if (d === undefined) throw new RangeError('date must be YYYY-MM-DD');
  return formatDayNumber(d + 1);
}

/**
 * Staffed time per local day of `queueCalendar` (the hotline's published hours): the queue is open and at
 * least one agent is logged in. Sessions still open count up to `nowMs`.
 */
export function staffedTimeByDay(
  sessions: readonly AgentSessionFact[],
  queueCalendar: Calendar,
  fromDate: string,
  toDate: string,
  nowMs: number,
): DayStaffing[] {
  const staffed = mergeIntervals(
    sessions.map((s) => [
      Date.parse(s.loginAt),
      s.logoutAt === null ? Math.max(Date.parse(s.loginAt), nowMs) : Date.parse(s.logoutAt),
    ]),
  );
  return datesBetween(fromDate, toDate).map((date) => {
    const start = queueCalendar.startOfLocalDay(date);
    const next = queueCalendar.startOfLocalDay(nextDate(date));
    const open = queueCalendar.openIntervals(date);
    return {
      date,
      staffedMs: overlapMs(open, staffed),
      openMs: open.reduce((t, [s, e]) => t + (e - s), 0),
      dayMs: next - start,
      inProgress: next > nowMs,
    };
  });
}

/**
 * Q-8.1-HOTLINE-HOURS: days with at least `minHours` staffed hours / calendar days in the period. A day
 * still in progress counts once it has reached the minimum, otherwise it is pending. `info.sevenByTwentyFour`
 * is the optional 7×24 flag: every day of the period fully staffed.
 */
export function computeHotlineHours(days: readonly DayStaffing[], minHours = 8, target = 1): Indicator {
  const need = minHours * 3_600_000;
  let ok = 0;
  let denominator = 0;
  let pending = 0;
  const breaches: string[] = [];
  for (const d of days) {
    if (d.staffedMs >= need) {
      ok++;
      denominator++;
    } else if (d.inProgress) {
      pending++;
    } else {
      denominator++;
      breaches.push(d.date);
    }
  }
  const value = denominator === 0 ? null : ok / denominator;
  return {
    id: 'Q-8.1-HOTLINE-HOURS',
    value,
    numerator: ok,
    denominator,
    target,
    meets: value === null ? null : value >= target,
    pending,
    excluded: 0,
    breaches,
    info: {
      minHours,
      sevenByTwentyFour: days.length > 0 && days.every((d) => d.staffedMs >= d.dayMs),
      staffedHours: Object.fromEntries(days.map((d) => [d.date, Math.round(d.staffedMs / 36_000) / 100])),
    },
  };
}
