// SLA clocks derived from a record's event log (DESIGN.md): any change of type, policy, calendar or event
// recomputes them from scratch. Pauses are measured in each clock's own calendar and never shorten a
// deadline; non-pausable clocks ignore them (emergencies, A-5).
import type { Calendar } from '../calendar';
import type { ClockRule } from './sla-policy';

export type ClockStatus = 'running' | 'paused' | 'met' | 'breached';

export interface ClockEvent {
  type: string;
  /** Epoch ms. */
  at: number;
}

export interface ClockState {
  name: string;
  startedAt: number;
  /** Deadline; null while paused (the remaining working time is then fixed in `remainingMs`). */
  dueAt: number | null;
  metAt: number | null;
  status: ClockStatus;
  /** When the warning share of the target is used up (null while paused or when it can't come). */
  warnAt: number | null;
  /** Working time of the target, in the clock's calendar. */
  targetMs: number;
  /**
   * Working time used (excluding pauses) up to metAt, or up to `now` while open; an unmet clock past its
   * deadline reports the whole target (how late it is shows in dueAt vs now, not here).
   */
  usedMs: number;
  remainingMs: number;
  calendar: string;
  pausable: boolean;
}

export type CalendarLookup = (id: string) => Calendar;

const NO_PAUSES: readonly Segment[] = [];

interface Segment {
  from: number;
  to: number; // Infinity while still paused
}

/** Pause intervals in order: paused → resumed; an unmatched pause runs until `openEnd`. */
export function pauseIntervals(events: readonly ClockEvent[], openEnd: number): Segment[] {
  const out: Segment[] = [];
  let from: number | null = null;
  for (const e of events) {
    if (e.type === 'paused' && from === null) from = e.at;
    else if (e.type === 'resumed' && from !== null) {
      if (e.at > from) out.push({ from, to: e.at });
      from = null;
    }
  }
  if (from !== null) out.push({ from, to: openEnd });
  return out;
}

/**
 * Instant at which `budget` working ms have been used from `start`, skipping paused intervals;
 * null if the budget is not used up before an open-ended pause.
 */
export function deadlineWithPauses(
  cal: Calendar,
  start: number,
  budget: number,
  pauses: readonly Segment[],
): number | null {
  let t = start;
  let remaining = budget;
  for (const p of pauses) {
    if (p.to <= t) continue;
    if (p.from > t) {
      const w = cal.workingTimeBetween(t, p.from);
      if (w >= remaining) return cal.addWorkingTime(t, remaining);
      remaining -= w;
    }
    if (p.to === Number.POSITIVE_INFINITY) return null;
    t = p.to;
  }
  return cal.addWorkingTime(t, remaining);
}

/** Working ms used in [start, until) outside pauses. */
export function usedWorkingTime(
  cal: Calendar,
  start: number,
  until: number,
  pauses: readonly Segment[],
): number {
  if (until <= start) return 0;
  let used = cal.workingTimeBetween(start, until);
  for (const p of pauses) {
    const from = Math.max(p.from, start);
    const to = Math.min(p.to, until);
    if (to > from) used -= cal.workingTimeBetween(from, to);
  }
  return Math.max(0, used);
}

export function targetBudget(rule: ClockRule, cal: Calendar, start: number): number {
  if ('minutes' in rule.target) return rule.target.minutes * 60_000;
  // N working days end at 24:00 of the N-th working day after the day of receipt (A-7, Civil Code 201/203);
  // expressed as working time so that pauses extend it like any other clock.
  return cal.workingTimeBetween(start, cal.endOfNthWorkingDay(start, rule.target.workingDays));
}

/** One clock of a record from its start and its (time-ordered) events, as seen at `now`. */
export function computeClock(
  rule: ClockRule,
  calendars: CalendarLookup,
  startedAt: number,
  events: readonly ClockEvent[],
  now: number,
): ClockState {
  const cal = calendars(rule.calendar);
  const targetMs = targetBudget(rule, cal, startedAt);
  let metAt: number | null = null;
  for (const e of events) {
    if (e.at >= startedAt && rule.stopOn.includes(e.type)) {
      metAt = e.at;
      break;
    }
  }
  const horizon = metAt ?? Number.POSITIVE_INFINITY;
  const pauses =
    rule.pausable && events.length > 0
      ? pauseIntervals(metAt === null ? events : events.filter((e) => e.at <= horizon), horizon)
      : NO_PAUSES;
  let dueAt = deadlineWithPauses(cal, startedAt, targetMs, pauses);
  const share = rule.warnShare ?? 0.8;
  let warnAt =
    share > 0 && share < 1 ? deadlineWithPauses(cal, startedAt, Math.floor(targetMs * share), pauses) : null;
  const until = metAt ?? now;
  // An unmet clock past its deadline has used its whole target; how late it is shows in dueAt vs now.
  const usedMs =
    metAt === null && dueAt !== null && now > dueAt
      ? targetMs
      : usedWorkingTime(
          cal,
          startedAt,
          until,
          pauses.length === 0 ? NO_PAUSES : pauses.map((p) => ({ from: p.from, to: Math.min(p.to, until) })),
        );
  let status: ClockStatus;
  if (metAt !== null) {
    if (dueAt === null) {
      const met = metAt;
      dueAt = deadlineWithPauses(
        cal,
        startedAt,
        targetMs,
        pauses.map((p) => ({ from: p.from, to: Math.min(p.to, met) })),
      );
    }
    status = dueAt !== null && metAt > dueAt ? 'breached' : 'met';
  } else if (dueAt === null) {
    status = 'paused';
    warnAt = null;
  } else {
    status =
      now > dueAt ? 'breached' : pauses.some((p) => p.to === Number.POSITIVE_INFINITY) ? 'paused' : 'running';
  }
  return {
    name: rule.name,
    startedAt,
    dueAt,
    metAt,
    status,
    warnAt,
    targetMs,
    usedMs,
    remainingMs: Math.max(0, targetMs - usedMs),
    calendar: rule.calendar,
    pausable: rule.pausable,
  };
}

/** Every clock of a policy. Events must be sorted by time (stable for equal instants). */
export function computeClocks(
  rules: readonly ClockRule[],
  calendars: CalendarLookup,
  startedAt: number,
  events: readonly ClockEvent[],
  now: number,
): ClockState[] {
  return rules.map((r) => computeClock(r, calendars, startedAt, events, now));
}
