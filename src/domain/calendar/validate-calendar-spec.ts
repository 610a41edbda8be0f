// Runtime validation of a CalendarSpec (it arrives from admin screens and imports, so `unknown`), turned
// into the minute-based form the compiler works with. The first problem throws, naming its field path.
import { CalendarSpecError } from './calendar-errors';
import type { IsoWeekday } from './calendar-spec';
import { parseIsoDate } from './civil-days';

/** Flat sorted [start, end, start, end, …] in minutes after local midnight; touching periods merged. */
export type MinutePeriods = readonly number[];

export interface ValidatedCalendarSpec {
  id: string;
  name: string;
  zone: string;
  /** Index 1..7 = ISO weekday; index 0 unused. */
  weekly: readonly MinutePeriods[];
  holidays: ReadonlySet<number>;
  workdays: ReadonlySet<number>;
  workdayPeriods: MinutePeriods;
  exceptions: ReadonlyMap<number, MinutePeriods>;
}

const TIME_RE = /^([01]\d|2[0-3]):([0-5]\d)$/;
const WEEKDAYS: readonly IsoWeekday[] = [1, 2, 3, 4, 5, 6, 7];

function fail(path: string, code: string, message: string): never {
  throw new CalendarSpecError(path, code, message);
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function parseTime(value: unknown, path: string, allow24: boolean): number {
  if (typeof value !== 'string') fail(path, 'calendar.spec.timeFormat', "expected 'HH:MM'");
  if (allow24 && value === '24:00') return 1440;
  const m = TIME_RE.exec(value);
  if (!m)
    fail(
      path,
      'calendar.spec.timeFormat',
      `'${value}' is not a valid 'HH:MM' time${allow24 ? " or '24:00'" : ''}`,
    );
  return Number(m[1]) * 60 + Number(m[2]);
}

function parsePeriods(value: unknown, path: string): MinutePeriods {
  if (!Array.isArray(value)) fail(path, 'calendar.spec.periodsType', 'expected an array of {start, end}');
  const items = value.map((p: unknown, i) => {
    const at = `${path}[${i}]`;
    if (!isRecord(p)) fail(at, 'calendar.spec.periodType', 'expected {start, end}');
    const start = parseTime(p.start, `${at}.start`, false);
    const end = parseTime(p.end, `${at}.end`, true);
    if (end <= start) fail(`${at}.end`, 'calendar.spec.periodOrder', 'end must be later than start');
    return { start, end, at };
  });
  const sorted = [...items].sort((a, b) => a.start - b.start);
  const out: number[] = [];
  for (const p of sorted) {
    const lastEnd = out.length > 0 ? out[out.length - 1] : -1;
    if (p.start < lastEnd)
      fail(p.at, 'calendar.spec.periodOverlap', 'period overlaps another period of the same day');
    // Touching periods (12:00 end, 12:00 start) are one stretch of open time.
    if (p.start === lastEnd) out[out.length - 1] = p.end;
    else out.push(p.start, p.end);
  }
  return out;
}

function parseDates(value: unknown, path: string): Set<number> {
  if (!Array.isArray(value)) fail(path, 'calendar.spec.datesType', "expected an array of 'YYYY-MM-DD'");
  const out = new Set<number>();
  value.forEach((d: unknown, i) => {
    const n = typeof d === 'string' ? parseIsoDate(d) : undefined;
    if (n === undefined)
      fail(
        `${path}[${i}]`,
        'calendar.spec.dateFormat',
        `${JSON.stringify(d)} is not a valid 'YYYY-MM-DD' date`,
      );
    out.add(n);
  });
  return out;
}

function checkZone(zone: unknown): string {
  if (typeof zone !== 'string' || zone.length === 0)
    fail('zone', 'calendar.spec.zone', 'expected an IANA zone name');
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
  } catch {
    fail('zone', 'calendar.spec.zone', `unknown time zone '${zone}'`);
  }
  return zone;
}

export function validateCalendarSpec(spec: unknown): ValidatedCalendarSpec {
  if (!isRecord(spec)) fail('', 'calendar.spec.type', 'expected a calendar spec object');
  if (typeof spec.id !== 'string' || spec.id.trim() === '')
    fail('id', 'calendar.spec.id', 'expected a non-empty id');
  if (typeof spec.name !== 'string') fail('name', 'calendar.spec.name', 'expected a name');
  const zone = checkZone(spec.zone);

  const weeklyIn = spec.weekly;
  if (!isRecord(weeklyIn)) fail('weekly', 'calendar.spec.weekly', 'expected an object with keys 1..7');
  for (const key of Object.keys(weeklyIn)) {
    if (!/^[1-7]$/.test(key))
      fail(`weekly[${key}]`, 'calendar.spec.weekday', 'weekday keys are 1 (Monday) .. 7 (Sunday)');
  }
  const weekly: MinutePeriods[] = [[]];
  for (const wd of WEEKDAYS) {
    if (!(String(wd) in weeklyIn))
      fail(`weekly[${wd}]`, 'calendar.spec.weekdayMissing', 'missing weekday (use [] for closed)');
    weekly.push(parsePeriods(weeklyIn[String(wd)], `weekly[${wd}]`));
  }

  const holidays = parseDates(spec.holidays, 'holidays');
  const workdays = parseDates(spec.workdays, 'workdays');
  const workdayList = spec.workdays as unknown[];
  workdayList.forEach((d, i) => {
    if (holidays.has(parseIsoDate(d as string) as number)) {
      fail(
        `workdays[${i}]`,
        'calendar.spec.dateConflict',
        `${String(d)} is both a holiday and a make-up working day`,
      );
    }
  });

  const workdayPeriods =
    spec.workdayPeriods === undefined ? weekly[1] : parsePeriods(spec.workdayPeriods, 'workdayPeriods');

  const exceptions = new Map<number, MinutePeriods>();
  if (spec.exceptions !== undefined) {
    if (!Array.isArray(spec.exceptions))
      fail('exceptions', 'calendar.spec.exceptionsType', 'expected an array');
    spec.exceptions.forEach((e: unknown, i) => {
      const at = `exceptions[${i}]`;
      if (!isRecord(e)) fail(at, 'calendar.spec.exceptionType', 'expected {date, periods}');
      const day = typeof e.date === 'string' ? parseIsoDate(e.date) : undefined;
      if (day === undefined)
        fail(
          `${at}.date`,
          'calendar.spec.dateFormat',
          `${JSON.stringify(e.date)} is not a valid 'YYYY-MM-DD' date`,
        );
      if (exceptions.has(day))
        fail(`${at}.date`, 'calendar.spec.exceptionDuplicate', `${e.date} has more than one exception`);
      exceptions.set(day, parsePeriods(e.periods, `${at}.periods`));
    });
  }

  return { id: spec.id, name: spec.name, zone, weekly, holidays, workdays, workdayPeriods, exceptions };
}
