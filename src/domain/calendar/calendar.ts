// A compiled business calendar: answers working-time questions from per-local-day open intervals in UTC ms.
// Days are built lazily on first use and cached, so a warmed calendar never calls Intl on the hot path.
import { CalendarRangeError } from './calendar-errors';
import type { CalendarSpec } from './calendar-spec';
import {
  daysFromCivil,
  formatDayNumber,
  isoWeekday,
  MS_PER_DAY,
  MS_PER_MINUTE,
  parseIsoDate,
} from './civil-days';
import type { MinutePeriods, ValidatedCalendarSpec } from './validate-calendar-spec';
import { ZoneClock } from './zone-clock';

/** Days per cached block of open totals (long workingTimeBetween spans). */
const BLOCK_DAYS = 32;

/** Stop looking for open time after this many consecutive closed days (≈ 10 years). */
export const SEARCH_HORIZON_DAYS = 3653;

// Years 1..9999 keep Intl and the ISO date strings unambiguous.
const MIN_MS = (daysFromCivil(1, 1, 1) + 2) * MS_PER_DAY;
const MAX_MS = (daysFromCivil(9999, 12, 31) - 2) * MS_PER_DAY;

export interface Calendar {
  readonly id: string;
  readonly name: string;
  readonly zone: string;
  readonly spec: CalendarSpec;
  /** Instant at which `durationMs` of open time has elapsed from `startMs`; a start out of hours counts
   *  from the next opening, and a zero duration gives that opening. A duration that is used up exactly at
   *  a closing time gives the closing time. */
  addWorkingTime(startMs: number, durationMs: number): number;
  /** Open ms in [fromMs, toMs); 0 if toMs <= fromMs. */
  workingTimeBetween(fromMs: number, toMs: number): number;
  /** `ms` itself if open, else the next instant the calendar opens. */
  nextOpening(ms: number): number;
  isOpen(ms: number): boolean;
  /** 24:00 local (= start of the next local day) of the n-th working day after the day of receipt
   *  (PRC Civil Code art. 201, 203: the day of receipt is not counted). A working day is a local date
   *  with any open time. n = 0 gives the end of the day of receipt. */
  endOfNthWorkingDay(receivedMs: number, n: number): number;
  /** 'YYYY-MM-DD' local date of `ms`. */
  localDate(ms: number): string;
  /** UTC ms of the first instant of a local date. */
  startOfLocalDay(date: string): number;
  /** True if the local date has any open time. */
  isWorkingDay(date: string): boolean;
  /** Open intervals [start, end) of a local date, in UTC ms. */
  openIntervals(date: string): [number, number][];
}

interface DayInfo {
  readonly day: number;
  /** UTC ms of local 00:00 and of the next day's 00:00. */
  readonly start: number;
  readonly end: number;
  /** Flat sorted [start, end, …] in UTC ms. */
  readonly open: readonly number[];
  readonly total: number;
}

const NO_PERIODS: readonly number[] = [];
const SENTINEL: DayInfo = { day: 0, start: 0, end: 0, open: NO_PERIODS, total: 0 };

function checkInstant(ms: number, what: string): void {
  if (!(ms >= MIN_MS && ms <= MAX_MS)) {
    throw new CalendarRangeError(
      'calendar.instantRange',
      `${what} ${ms} is not an instant between years 1 and 9999`,
    );
  }
}

export class CompiledCalendar implements Calendar {
  readonly id: string;
  readonly name: string;
  readonly zone: string;
  private readonly clock: ZoneClock;
  // Unbounded on purpose: a day costs ~100 bytes, a century of days a few MB.
  private readonly days = new Map<number, DayInfo>();
  private readonly blocks = new Map<number, number>();
  private last: DayInfo = SENTINEL;
  private guessOffset = 0;
  private readonly weeklyOpen: boolean;
  /** Last day number that may open although the weekly pattern is all closed. */
  private readonly lastSpecialOpenDay: number;

  constructor(
    readonly spec: CalendarSpec,
    private readonly rules: ValidatedCalendarSpec,
  ) {
    this.id = rules.id;
    this.name = rules.name;
    this.zone = rules.zone;
    this.clock = new ZoneClock(rules.zone);
    this.weeklyOpen = rules.weekly.some((p) => p.length > 0);
    let lastSpecial = Number.NEGATIVE_INFINITY;
    for (const [day, periods] of rules.exceptions)
      if (periods.length > 0) lastSpecial = Math.max(lastSpecial, day);
    if (rules.workdayPeriods.length > 0)
      for (const day of rules.workdays) lastSpecial = Math.max(lastSpecial, day);
    this.lastSpecialOpenDay = lastSpecial;
  }

  addWorkingTime(startMs: number, durationMs: number): number {
    if (!(durationMs >= 0) || !Number.isFinite(durationMs)) {
      throw new CalendarRangeError(
        'calendar.durationRange',
        `duration ${durationMs} must be a finite number >= 0`,
      );
    }
    if (durationMs === 0) return this.nextOpening(startMs);
    let info = this.dayAt(startMs);
    let t = startMs;
    let remaining = durationMs;
    let closedRun = 0;
    for (;;) {
      if (t <= info.start && remaining > info.total) {
        // Whole day used up: skip it by its open total.
        remaining -= info.total;
      } else {
        const open = info.open;
        for (let i = 0; i < open.length; i += 2) {
          const e = open[i + 1];
          if (e <= t) continue;
          const s = Math.max(open[i], t);
          const avail = e - s;
          if (remaining <= avail) return s + remaining;
          remaining -= avail;
        }
      }
      closedRun = this.countClosed(info, closedRun, startMs);
      info = this.day(info.day + 1);
      t = info.start;
    }
  }

  workingTimeBetween(fromMs: number, toMs: number): number {
    if (!(toMs > fromMs)) return 0;
    checkInstant(toMs, 'instant');
    let info = this.dayAt(fromMs);
    let sum = 0;
    for (;;) {
      if (fromMs <= info.start && info.end <= toMs) {
        // Long spans skip whole blocks of days by their cached totals instead of walking every day.
        if (info.day % BLOCK_DAYS === 0) {
          const blockEnd = this.day(info.day + BLOCK_DAYS);
          if (blockEnd.start <= toMs) {
            sum += this.blockTotal(info.day / BLOCK_DAYS);
            info = blockEnd;
            continue;
          }
        }
        sum += info.total;
      } else {
        const open = info.open;
        for (let i = 0; i < open.length; i += 2) {
          const s = Math.max(open[i], fromMs);
          const e = Math.min(open[i + 1], toMs);
          if (e > s) sum += e - s;
        }
      }
      if (info.end >= toMs) return sum;
      info = this.day(info.day + 1);
    }
  }

  /** Open ms of the days [block × BLOCK_DAYS, (block + 1) × BLOCK_DAYS), cached. */
  private blockTotal(block: number): number {
    let total = this.blocks.get(block);
    if (total === undefined) {
      total = 0;
      for (let d = block * BLOCK_DAYS; d < (block + 1) * BLOCK_DAYS; d++) total += this.day(d).total;
      this.blocks.set(block, total);
    }
    return total;
  }

  nextOpening(ms: number): number {
    let info = this.dayAt(ms);
    const open = info.open;
    for (let i = 0; i < open.length; i += 2) {
      if (open[i + 1] > ms) return Math.max(open[i], ms);
    }
    let closedRun = 0;
    for (;;) {
      closedRun = this.countClosed(info, closedRun, ms);
      info = this.day(info.day + 1);
      if (info.total > 0) return info.open[0];
    }
  }

  isOpen(ms: number): boolean {
    const open = this.dayAt(ms).open;
    for (let i = 0; i < open.length; i += 2) {
      if (ms < open[i]) return false;
      if (ms < open[i + 1]) return true;
    }
    return false;
  }

  endOfNthWorkingDay(receivedMs: number, n: number): number {
    if (!Number.isInteger(n) || n < 0) {
      throw new CalendarRangeError('calendar.workingDaysRange', `working days ${n} must be an integer >= 0`);
    }
    let info = this.dayAt(receivedMs);
    let closedRun = 0;
    for (let count = 0; count < n; ) {
      info = this.day(info.day + 1);
      if (info.total > 0) {
        count++;
        closedRun = 0;
      } else {
        closedRun = this.countClosed(info, closedRun, receivedMs);
      }
    }
    return info.end;
  }

  localDate(ms: number): string {
    return formatDayNumber(this.dayAt(ms).day);
  }

  startOfLocalDay(date: string): number {
    return this.day(this.parseDate(date)).start;
  }

  isWorkingDay(date: string): boolean {
    return this.day(this.parseDate(date)).total > 0;
  }

  openIntervals(date: string): [number, number][] {
    const open = this.day(this.parseDate(date)).open;
    const out: [number, number][] = [];
    for (let i = 0; i < open.length; i += 2) out.push([open[i], open[i + 1]]);
    return out;
  }

  private parseDate(date: string): number {
    const day = parseIsoDate(date);
    if (day === undefined)
      throw new CalendarRangeError('calendar.dateFormat', `'${date}' is not a valid 'YYYY-MM-DD' date`);
    checkInstant(day * MS_PER_DAY, 'date');
    return day;
  }

  /** Consecutive closed days so far; throws once the horizon is passed or nothing can ever open again. */
  private countClosed(info: DayInfo, run: number, fromMs: number): number {
    if (info.total > 0) return 0;
    if (run + 1 > SEARCH_HORIZON_DAYS || (!this.weeklyOpen && info.day > this.lastSpecialOpenDay)) {
      throw new CalendarRangeError(
        'calendar.noOpenTime',
        `calendar '${this.id}' has no open time within ${SEARCH_HORIZON_DAYS} days after ${fromMs}`,
      );
    }
    return run + 1;
  }

  private dayAt(ms: number): DayInfo {
    const last = this.last;
    if (ms >= last.start && ms < last.end) return last;
    checkInstant(ms, 'instant');
    let info = this.day(Math.floor((ms + this.guessOffset) / MS_PER_DAY));
    while (ms < info.start) info = this.day(info.day - 1);
    while (ms >= info.end) info = this.day(info.day + 1);
    this.last = info;
    return info;
  }

  private day(day: number): DayInfo {
    let info = this.days.get(day);
    if (info === undefined) {
      info = this.buildDay(day);
      this.days.set(day, info);
      this.guessOffset = day * MS_PER_DAY - info.start;
    }
    return info;
  }

  private periodsOf(day: number): MinutePeriods {
    const r = this.rules;
    const exception = r.exceptions.get(day);
    if (exception !== undefined) return exception;
    if (r.holidays.has(day)) return NO_PERIODS;
    if (r.workdays.has(day)) return r.workdayPeriods;
    return r.weekly[isoWeekday(day)];
  }

  private buildDay(day: number): DayInfo {
    const clock = this.clock;
    const start = clock.startOfDay(day);
    const end = clock.startOfDay(day + 1);
    const periods = this.periodsOf(day);
    if (periods.length === 0) return { day, start, end, open: NO_PERIODS, total: 0 };
    const open: number[] = [];
    if (end - start === MS_PER_DAY && clock.offsetAt(start) === clock.offsetAt(end - 1)) {
      // No offset change today (the common case): wall minutes map linearly.
      for (const m of periods) open.push(start + m * MS_PER_MINUTE);
    } else {
      for (let i = 0; i < periods.length; i += 2) {
        const s = clock.wallToUtc(day, periods[i]);
        const e = clock.wallToUtc(day, periods[i + 1]);
        if (e <= s) continue; // the period lies wholly in a DST gap
        if (open.length > 0 && open[open.length - 1] === s) open[open.length - 1] = e;
        else open.push(s, e);
      }
    }
    let total = 0;
    for (let i = 0; i < open.length; i += 2) total += open[i + 1] - open[i];
    return { day, start, end, open, total };
  }
}
