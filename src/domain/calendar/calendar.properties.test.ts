// Property-based tests: random calendars (random weekly periods, holidays, make-up days, exceptions, DST
// zones) and the three default calendars on the 2024–2026 official data.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Calendar } from './calendar';
import type { CalendarSpec, WallPeriod } from './calendar-spec';
import { formatDayNumber, isoWeekday, parseIsoDate } from './civil-days';
import { compileCalendar } from './compile-calendar';
import { defaultCalendars } from './default-calendars';
import { parseHolidayCnJson } from './holiday-notice';
import { mergePrcDays } from './prc-days';

const RUNS = 300;
const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

const prc = mergePrcDays(
  ...[2024, 2025, 2026].map((y) =>
    parseHolidayCnJson(
      readFileSync(
        new URL(`../../../../shared/data/calendar-cn/holiday-cn_${y}.json`, import.meta.url),
        'utf8',
      ),
    ),
  ),
);
const DEFAULT_SPECS = defaultCalendars(prc);

const ZONES = [
  'Asia/Shanghai',
  'UTC',
  'Europe/Berlin',
  'America/New_York',
  'America/Santiago',
  'Australia/Lord_Howe',
];
const T0 = Date.parse('2025-10-01T00:00:00Z');
const T1 = Date.parse('2026-12-31T00:00:00Z');
const D0 = parseIsoDate('2025-09-01')!;
const D1 = parseIsoDate('2027-03-01')!;

const pad = (n: number) => String(n).padStart(2, '0');
const hhmm = (m: number) => (m === 1440 ? '24:00' : `${pad(Math.floor(m / 60))}:${pad(m % 60)}`);

/** Ordered periods of one day; a zero gap makes touching periods, which must merge. */
const periodsArb: fc.Arbitrary<WallPeriod[]> = fc
  .tuple(
    fc.constantFrom(5, 15, 60),
    fc.array(fc.tuple(fc.integer({ min: 0, max: 30 }), fc.integer({ min: 1, max: 30 })), { maxLength: 4 }),
  )
  .map(([unit, parts]) => {
    const out: WallPeriod[] = [];
    let cursor = 0;
    for (const [gap, len] of parts) {
      const s = cursor + gap * unit;
      const e = Math.min(s + len * unit, 1440);
      if (s >= 1440 || e <= s) break;
      out.push({ start: hhmm(s), end: hhmm(e) });
      cursor = e;
    }
    return out.reverse(); // the spec need not be sorted
  });

const datesArb = (max: number) =>
  fc.uniqueArray(fc.integer({ min: D0, max: D1 }), { maxLength: max }).map((ds) => ds.map(formatDayNumber));

const randomSpecArb: fc.Arbitrary<CalendarSpec> = fc
  .record({
    zone: fc.constantFrom(...ZONES),
    weekly: fc.tuple(periodsArb, periodsArb, periodsArb, periodsArb, periodsArb, periodsArb, periodsArb),
    holidays: datesArb(60),
    workdays: datesArb(15),
    workdayPeriods: fc.option(periodsArb, { nil: undefined }),
    exceptions: fc.uniqueArray(
      fc.record({ date: fc.integer({ min: D0, max: D1 }).map(formatDayNumber), periods: periodsArb }),
      {
        maxLength: 6,
        selector: (e) => e.date,
      },
    ),
  })
  .filter((r) => r.weekly.some((p) => p.length > 0))
  .map((r) => ({
    id: 'random',
    name: 'random',
    zone: r.zone,
    weekly: {
      1: r.weekly[0],
      2: r.weekly[1],
      3: r.weekly[2],
      4: r.weekly[3],
      5: r.weekly[4],
      6: r.weekly[5],
      7: r.weekly[6],
    },
    holidays: r.holidays,
    workdays: r.workdays.filter((d) => !r.holidays.includes(d)),
    workdayPeriods: r.workdayPeriods,
    exceptions: r.exceptions,
  }));

// Random specs compile fresh (cold cache); the defaults stay compiled (warm cache).
const compiled = new WeakMap<CalendarSpec, Calendar>();
const cal = (spec: CalendarSpec): Calendar => {
  let c = compiled.get(spec);
  if (!c) {
    c = compileCalendar(spec);
    compiled.set(spec, c);
  }
  return c;
};
const specArb = fc.oneof(
  { arbitrary: randomSpecArb, weight: 3 },
  { arbitrary: fc.constantFrom(...DEFAULT_SPECS), weight: 1 },
);

/** Instants: uniform, or on/next to quarter-hour boundaries where the edge cases live. */
const instantArb = fc.oneof(
  fc.integer({ min: T0, max: T1 }),
  fc
    .tuple(
      fc.integer({ min: 0, max: Math.floor((T1 - T0) / DAY) }),
      fc.integer({ min: 0, max: 95 }),
      fc.constantFrom(-1, 0, 0, 1),
    )
    .map(([d, q, j]) => T0 + d * DAY + q * 15 * MIN + j),
);
/** Durations up to 3 days of working time, often whole quarter hours or zero. */
const durationArb = fc.oneof(
  fc.integer({ min: 0, max: 3 * DAY }),
  fc.integer({ min: 0, max: 288 }).map((q) => q * 15 * MIN),
  fc.constant(0),
);

describe('addWorkingTime', () => {
  it('round-trips with workingTimeBetween and ends open or on a closing boundary', () => {
    fc.assert(
      fc.property(specArb, instantArb, durationArb, (spec, t, d) => {
        const c = cal(spec);
        const r = c.addWorkingTime(t, d);
        expect(r).toBeGreaterThanOrEqual(t);
        expect(c.workingTimeBetween(t, r)).toBe(d);
        if (d > 0)
          expect(c.isOpen(r - 1)).toBe(true); // the last counted ms is open; r may be a closing time
        else expect(r).toBe(c.nextOpening(t));
      }),
      { numRuns: RUNS },
    );
  });

  it('is additive: add(add(t, a), b) = add(t, a + b) for b > 0, and a zero step only normalises', () => {
    fc.assert(
      fc.property(specArb, instantArb, durationArb, durationArb, (spec, t, a, b) => {
        const c = cal(spec);
        const mid = c.addWorkingTime(t, a);
        if (b > 0) expect(c.addWorkingTime(mid, b)).toBe(c.addWorkingTime(t, a + b));
        else expect(c.addWorkingTime(mid, 0)).toBe(c.nextOpening(mid));
        // From an open (normalised) start, zero and non-zero steps compose exactly.
        const open = c.nextOpening(t);
        expect(c.addWorkingTime(c.addWorkingTime(open, 0), a)).toBe(c.addWorkingTime(open, a));
      }),
      { numRuns: RUNS },
    );
  });

  it('is monotonic in start and in duration', () => {
    fc.assert(
      fc.property(specArb, instantArb, instantArb, durationArb, durationArb, (spec, x, y, d1, d2) => {
        const c = cal(spec);
        const [t1, t2] = x <= y ? [x, y] : [y, x];
        const [a, b] = d1 <= d2 ? [d1, d2] : [d2, d1];
        expect(c.addWorkingTime(t1, a)).toBeLessThanOrEqual(c.addWorkingTime(t2, a));
        expect(c.addWorkingTime(t1, a)).toBeLessThanOrEqual(c.addWorkingTime(t1, b));
        if (a > 0 && b > a) expect(c.addWorkingTime(t1, a)).toBeLessThan(c.addWorkingTime(t1, b));
      }),
      { numRuns: RUNS },
    );
  });

  it('a pause never shortens the deadline, and the open time outside the pause is the target', () => {
    fc.assert(
      fc.property(
        specArb,
        instantArb,
        durationArb,
        fc.integer({ min: 0, max: 4 * DAY }),
        fc.integer({ min: 0, max: 4 * DAY }),
        (spec, t, d, startAfter, length) => {
          const c = cal(spec);
          const deadline = c.addWorkingTime(t, d);
          const p0 = t + startAfter;
          const p1 = p0 + length;
          fc.pre(p0 < deadline); // a pause after the deadline has no effect on it
          const paused = c.workingTimeBetween(p0, p1);
          const extended = c.addWorkingTime(t, d + paused);
          expect(extended).toBeGreaterThanOrEqual(deadline);
          if (paused > 0) expect(extended).toBeGreaterThan(deadline);
          expect(c.workingTimeBetween(t, p0) + c.workingTimeBetween(p1, extended)).toBe(d);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('gives the same answers whatever order the day cache was filled in', () => {
    fc.assert(
      fc.property(
        randomSpecArb,
        fc.array(fc.tuple(instantArb, durationArb), { minLength: 2, maxLength: 8 }),
        (spec, qs) => {
          const a = compileCalendar(spec);
          const b = compileCalendar(spec);
          const fwd = qs.map(([t, d]) => a.addWorkingTime(t, d));
          const back = [...qs]
            .reverse()
            .map(([t, d]) => b.addWorkingTime(t, d))
            .reverse();
          expect(back).toEqual(fwd);
        },
      ),
      { numRuns: 100 },
    );
  });
});

describe('workingTimeBetween, nextOpening, isOpen', () => {
  it('splits additively and agrees with isOpen', () => {
    fc.assert(
      fc.property(specArb, instantArb, durationArb, durationArb, (spec, a, x, y) => {
        const c = cal(spec);
        const [b, e] = [a + Math.min(x, y) * 3, a + Math.max(x, y) * 3]; // spans of up to 9 days
        expect(c.workingTimeBetween(a, e)).toBe(c.workingTimeBetween(a, b) + c.workingTimeBetween(b, e));
        expect(c.workingTimeBetween(e, a)).toBe(0);
        expect(c.workingTimeBetween(b, b + 1)).toBe(c.isOpen(b) ? 1 : 0);
      }),
      { numRuns: RUNS },
    );
  });

  it('nextOpening is the first open instant at or after t', () => {
    fc.assert(
      fc.property(specArb, instantArb, (spec, t) => {
        const c = cal(spec);
        const n = c.nextOpening(t);
        expect(n).toBeGreaterThanOrEqual(t);
        expect(c.isOpen(n)).toBe(true);
        expect(c.workingTimeBetween(t, n)).toBe(0);
        if (c.isOpen(t)) expect(n).toBe(t);
      }),
      { numRuns: RUNS },
    );
  });

  it('isOpen matches the wall-clock rules read independently through Intl (away from DST changes)', () => {
    const fmts = new Map<string, Intl.DateTimeFormat>();
    const wall = (zone: string, ms: number) => {
      let f = fmts.get(zone);
      if (!f) {
        f = new Intl.DateTimeFormat('en-CA', {
          timeZone: zone,
          hourCycle: 'h23',
          year: 'numeric',
          month: '2-digit',
          day: '2-digit',
          hour: '2-digit',
          minute: '2-digit',
        });
        fmts.set(zone, f);
      }
      const p = Object.fromEntries(f.formatToParts(ms).map((x) => [x.type, x.value]));
      return { date: `${p.year}-${p.month}-${p.day}`, minute: Number(p.hour) * 60 + Number(p.minute) };
    };
    const offset = (zone: string, ms: number) => {
      const w = wall(zone, ms);
      return parseIsoDate(w.date)! * DAY + w.minute * MIN - Math.floor(ms / MIN) * MIN;
    };
    const toMin = (s: string) => (s === '24:00' ? 1440 : Number(s.slice(0, 2)) * 60 + Number(s.slice(3)));
    fc.assert(
      fc.property(specArb, instantArb, (spec, t) => {
        fc.pre(offset(spec.zone, t - DAY) === offset(spec.zone, t + DAY));
        const { date, minute } = wall(spec.zone, t);
        const day = parseIsoDate(date)!;
        const periods =
          spec.exceptions?.find((e) => e.date === date)?.periods ??
          (spec.holidays.includes(date)
            ? []
            : spec.workdays.includes(date)
              ? (spec.workdayPeriods ?? spec.weekly[1])
              : spec.weekly[isoWeekday(day)]);
        const expected = periods.some((p) => toMin(p.start) <= minute && minute < toMin(p.end));
        expect(cal(spec).isOpen(t)).toBe(expected);
        expect(cal(spec).localDate(t)).toBe(date);
      }),
      { numRuns: RUNS },
    );
  });
});

describe('local days', () => {
  it('startOfLocalDay and localDate are inverse and ordered', () => {
    fc.assert(
      fc.property(specArb, fc.integer({ min: D0, max: D1 }), instantArb, (spec, day, t) => {
        const c = cal(spec);
        const date = formatDayNumber(day);
        const start = c.startOfLocalDay(date);
        const next = c.startOfLocalDay(formatDayNumber(day + 1));
        expect(c.localDate(start)).toBe(date);
        expect(c.localDate(start - 1)).toBe(formatDayNumber(day - 1));
        expect(next - start).toBeGreaterThanOrEqual(22 * HOUR);
        expect(next - start).toBeLessThanOrEqual(26 * HOUR);
        const local = c.localDate(t);
        const d = parseIsoDate(local)!;
        expect(c.startOfLocalDay(local)).toBeLessThanOrEqual(t);
        expect(c.startOfLocalDay(formatDayNumber(d + 1))).toBeGreaterThan(t);
      }),
      { numRuns: RUNS },
    );
  });
});

describe('endOfNthWorkingDay', () => {
  it('ends at 24:00 of the n-th working day after the day of receipt', () => {
    fc.assert(
      fc.property(specArb, instantArb, fc.integer({ min: 0, max: 10 }), (spec, t, n) => {
        const c = cal(spec);
        const end = c.endOfNthWorkingDay(t, n);
        const endDay = parseIsoDate(c.localDate(end))!;
        expect(c.startOfLocalDay(formatDayNumber(endDay))).toBe(end); // a local midnight
        const receipt = parseIsoDate(c.localDate(t))!;
        let count = 0;
        for (let d = receipt + 1; d < endDay; d++) if (c.isWorkingDay(formatDayNumber(d))) count++;
        expect(count).toBe(n);
        if (n > 0) expect(c.isWorkingDay(formatDayNumber(endDay - 1))).toBe(true);
        else expect(endDay).toBe(receipt + 1);
      }),
      { numRuns: RUNS },
    );
  });

  it('is monotonic in n and in the time of receipt', () => {
    fc.assert(
      fc.property(
        specArb,
        instantArb,
        instantArb,
        fc.integer({ min: 0, max: 10 }),
        fc.integer({ min: 0, max: 10 }),
        (spec, x, y, m, k) => {
          const c = cal(spec);
          const [t1, t2] = x <= y ? [x, y] : [y, x];
          const [n1, n2] = m <= k ? [m, k] : [k, m];
          expect(c.endOfNthWorkingDay(t1, n1)).toBeLessThanOrEqual(c.endOfNthWorkingDay(t1, n2));
          if (n1 < n2) expect(c.endOfNthWorkingDay(t1, n1)).toBeLessThan(c.endOfNthWorkingDay(t1, n2));
          expect(c.endOfNthWorkingDay(t1, n1)).toBeLessThanOrEqual(c.endOfNthWorkingDay(t2, n1));
          expect(c.endOfNthWorkingDay(t1, n1)).toBeGreaterThan(t1);
        },
      ),
      { numRuns: RUNS },
    );
  });
});
