// Zones with daylight saving time, and calendars that never open.
import { describe, expect, it } from 'vitest';
import { CalendarRangeError } from './calendar-errors';
import type { CalendarSpec, WallPeriod } from './calendar-spec';
import { compileCalendar } from './compile-calendar';

const HOUR = 3_600_000;
const ALL_DAY: WallPeriod[] = [{ start: '00:00', end: '24:00' }];

function spec(
  zone: string,
  weekly: Partial<CalendarSpec['weekly']>,
  extra: Partial<CalendarSpec> = {},
): CalendarSpec {
  return {
    id: 't',
    name: 't',
    zone,
    weekly: { 1: [], 2: [], 3: [], 4: [], 5: [], 6: [], 7: [], ...weekly },
    holidays: [],
    workdays: [],
    ...extra,
  };
}
const daily = (p: WallPeriod[]) => ({ 1: p, 2: p, 3: p, 4: p, 5: p, 6: p, 7: p });

describe('Europe/Berlin (2026-03-29 spring forward 02:00→03:00, 2026-10-25 fall back 03:00→02:00)', () => {
  const h24 = compileCalendar(spec('Europe/Berlin', daily(ALL_DAY)));

  it('local days are 23 h and 25 h long', () => {
    const len = (d: string, next: string) => h24.startOfLocalDay(next) - h24.startOfLocalDay(d);
    expect(len('2026-03-29', '2026-03-30')).toBe(23 * HOUR);
    expect(len('2026-10-25', '2026-10-26')).toBe(25 * HOUR);
    expect(h24.startOfLocalDay('2026-03-29')).toBe(Date.parse('2026-03-28T23:00:00Z'));
    expect(h24.startOfLocalDay('2026-03-30')).toBe(Date.parse('2026-03-29T22:00:00Z'));
  });

  it('periods across the change count real elapsed time', () => {
    const night = compileCalendar(spec('Europe/Berlin', { 7: [{ start: '01:00', end: '04:00' }] }));
    expect(night.openIntervals('2026-03-29')).toEqual([
      [Date.parse('2026-03-29T00:00:00Z'), Date.parse('2026-03-29T02:00:00Z')],
    ]);
    expect(night.openIntervals('2026-10-25')).toEqual([
      [Date.parse('2026-10-24T23:00:00Z'), Date.parse('2026-10-25T03:00:00Z')],
    ]);
    expect(night.openIntervals('2026-03-22')).toEqual([
      [Date.parse('2026-03-22T00:00:00Z'), Date.parse('2026-03-22T03:00:00Z')],
    ]);
  });

  it('a period inside the skipped hour vanishes; one straddling it starts at 03:00', () => {
    const inGap = compileCalendar(
      spec('Europe/Berlin', { 1: [{ start: '09:00', end: '10:00' }], 7: [{ start: '02:15', end: '02:45' }] }),
    );
    expect(inGap.isWorkingDay('2026-03-29')).toBe(false);
    expect(inGap.isWorkingDay('2026-03-22')).toBe(true);
    const straddle = compileCalendar(spec('Europe/Berlin', { 7: [{ start: '02:30', end: '03:30' }] }));
    expect(straddle.openIntervals('2026-03-29')).toEqual([
      [Date.parse('2026-03-29T01:00:00Z'), Date.parse('2026-03-29T01:30:00Z')],
    ]);
  });

  it('an ambiguous wall time takes its first occurrence', () => {
    const amb = compileCalendar(spec('Europe/Berlin', { 7: [{ start: '02:30', end: '05:00' }] }));
    // 02:30 CEST = 00:30Z; 05:00 CET = 04:00Z
    expect(amb.openIntervals('2026-10-25')).toEqual([
      [Date.parse('2026-10-25T00:30:00Z'), Date.parse('2026-10-25T04:00:00Z')],
    ]);
  });
});

describe('America/New_York office hours across DST changes', () => {
  const p: WallPeriod[] = [{ start: '09:00', end: '17:00' }];
  const office = compileCalendar(spec('America/New_York', { 1: p, 2: p, 3: p, 4: p, 5: p }));

  it('Friday EST + 2 h lands on Monday in EDT', () => {
    // Fri 2026-03-06 16:00 EST = 21:00Z; 1 h Friday, 1 h Monday 03-09 → 10:00 EDT = 14:00Z
    expect(office.addWorkingTime(Date.parse('2026-03-06T21:00:00Z'), 2 * HOUR)).toBe(
      Date.parse('2026-03-09T14:00:00Z'),
    );
  });

  it('Friday EDT + 2 h lands on Monday in EST after fall back', () => {
    expect(office.addWorkingTime(Date.parse('2026-10-30T20:00:00Z'), 2 * HOUR)).toBe(
      Date.parse('2026-11-02T15:00:00Z'),
    );
  });

  it('a working-day deadline ends at local midnight', () => {
    // received Fri 03-06; 1 = Mon 03-09 → 24:00 EDT = 04:00Z on 03-10
    expect(office.endOfNthWorkingDay(Date.parse('2026-03-06T21:00:00Z'), 1)).toBe(
      Date.parse('2026-03-10T04:00:00Z'),
    );
    expect(office.localDate(Date.parse('2026-03-10T03:59:59.999Z'))).toBe('2026-03-09');
    expect(office.localDate(Date.parse('2026-03-10T04:00:00Z'))).toBe('2026-03-10');
  });

  it('counts 5 × 8 h in the week of the change', () => {
    expect(
      office.workingTimeBetween(office.startOfLocalDay('2026-03-08'), office.startOfLocalDay('2026-03-15')),
    ).toBe(40 * HOUR);
  });
});

describe('America/Santiago skips local midnight (2026-09-06 00:00 → 01:00)', () => {
  const h24 = compileCalendar(spec('America/Santiago', daily(ALL_DAY)));
  it('the day starts at 01:00 and is 23 h long', () => {
    const start = h24.startOfLocalDay('2026-09-06');
    expect(start).toBe(Date.parse('2026-09-06T04:00:00Z'));
    expect(h24.localDate(start)).toBe('2026-09-06');
    expect(h24.localDate(start - 1)).toBe('2026-09-05');
    expect(h24.workingTimeBetween(start, h24.startOfLocalDay('2026-09-07'))).toBe(23 * HOUR);
  });
});

describe('Asia/Shanghai before 1992 had summer time', () => {
  it('1988-04-17 was 23 h long and 1988-09-11 25 h', () => {
    const h24 = compileCalendar(spec('Asia/Shanghai', daily(ALL_DAY)));
    expect(h24.startOfLocalDay('1988-04-18') - h24.startOfLocalDay('1988-04-17')).toBe(23 * HOUR);
    expect(h24.startOfLocalDay('1988-09-12') - h24.startOfLocalDay('1988-09-11')).toBe(25 * HOUR);
    expect(h24.startOfLocalDay('2026-04-18') - h24.startOfLocalDay('2026-04-17')).toBe(24 * HOUR);
  });
});

describe('calendars without open time', () => {
  it('throw instead of looping forever', () => {
    const closed = compileCalendar(spec('Asia/Shanghai', {}));
    const t = Date.parse('2026-01-01T00:00:00Z');
    expect(() => closed.addWorkingTime(t, HOUR)).toThrow(CalendarRangeError);
    expect(() => closed.nextOpening(t)).toThrow(/no open time/);
    expect(() => closed.endOfNthWorkingDay(t, 1)).toThrow(CalendarRangeError);
    expect(closed.workingTimeBetween(t, t + 1000 * HOUR)).toBe(0);
    expect(closed.isOpen(t)).toBe(false);
  });

  it('open only on one exception date: finds it, then gives up after it', () => {
    const once = compileCalendar(
      spec(
        'Asia/Shanghai',
        {},
        { exceptions: [{ date: '2030-05-01', periods: [{ start: '10:00', end: '11:00' }] }] },
      ),
    );
    expect(once.nextOpening(Date.parse('2026-01-01T00:00:00Z'))).toBe(Date.parse('2030-05-01T02:00:00Z'));
    expect(() => once.addWorkingTime(Date.parse('2026-01-01T00:00:00Z'), 2 * HOUR)).toThrow(/no open time/);
  });

  it('gives up after the 10-year horizon of closed days', () => {
    const mondays: string[] = [];
    for (
      let t = Date.parse('2026-01-05T00:00:00Z');
      t < Date.parse('2037-12-31T00:00:00Z');
      t += 7 * 24 * HOUR
    ) {
      mondays.push(new Date(t).toISOString().slice(0, 10));
    }
    const cal = compileCalendar(spec('UTC', { 1: ALL_DAY }, { holidays: mondays }));
    expect(() => cal.nextOpening(Date.parse('2026-01-01T00:00:00Z'))).toThrow(/3653 days/);
    expect(cal.nextOpening(Date.parse('2037-12-25T00:00:00Z'))).toBe(Date.parse('2038-01-04T00:00:00Z'));
  });

  it('rejects bad arguments', () => {
    const cal = compileCalendar(spec('UTC', daily(ALL_DAY)));
    expect(() => cal.addWorkingTime(0, -1)).toThrow(CalendarRangeError);
    expect(() => cal.addWorkingTime(0, Number.NaN)).toThrow(CalendarRangeError);
    expect(() => cal.addWorkingTime(Number.NaN, 1)).toThrow(CalendarRangeError);
    expect(() => cal.endOfNthWorkingDay(0, 1.5)).toThrow(CalendarRangeError);
    expect(() => cal.startOfLocalDay('2026-02-30')).toThrow(CalendarRangeError);
    expect(cal.addWorkingTime(5, 0)).toBe(5);
  });
});
