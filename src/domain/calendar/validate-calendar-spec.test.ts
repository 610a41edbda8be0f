import { describe, expect, it } from 'vitest';
import { CalendarSpecError } from './calendar-errors';
import type { CalendarSpec } from './calendar-spec';
import { compileCalendar } from './compile-calendar';

const day = [{ start: '09:00', end: '17:00' }];
const good = (): CalendarSpec => ({
  id: 'office',
  name: 'Office',
  zone: 'Asia/Shanghai',
  weekly: { 1: day, 2: day, 3: day, 4: day, 5: day, 6: [], 7: [] },
  holidays: ['2026-10-01'],
  workdays: ['2026-10-10'],
});

/** The CalendarSpecError thrown for `spec`, so its path and code can be asserted. */
function errorOf(spec: unknown): CalendarSpecError {
  try {
    compileCalendar(spec as CalendarSpec);
  } catch (e) {
    if (e instanceof CalendarSpecError) return e;
    throw e;
  }
  throw new Error('expected a CalendarSpecError');
}

describe('CalendarSpec validation', () => {
  it('accepts a good spec, touching periods and 24:00', () => {
    const spec = good();
    spec.weekly[6] = [
      { start: '12:00', end: '24:00' },
      { start: '08:00', end: '12:00' },
    ];
    const cal = compileCalendar(spec);
    expect(cal.openIntervals('2026-10-17')).toEqual([
      [Date.parse('2026-10-17T00:00:00Z'), Date.parse('2026-10-17T16:00:00Z')],
    ]);
  });

  it.each([
    [
      'weekly[1][0].start',
      'calendar.spec.timeFormat',
      (s: CalendarSpec) => {
        s.weekly[1] = [{ start: '9:00', end: '17:00' }];
      },
    ],
    [
      'weekly[2][0].start',
      'calendar.spec.timeFormat',
      (s: CalendarSpec) => {
        s.weekly[2] = [{ start: '24:00', end: '24:00' }];
      },
    ],
    [
      'weekly[3][0].end',
      'calendar.spec.timeFormat',
      (s: CalendarSpec) => {
        s.weekly[3] = [{ start: '09:00', end: '17:60' }];
      },
    ],
    [
      'weekly[4][0].end',
      'calendar.spec.periodOrder',
      (s: CalendarSpec) => {
        s.weekly[4] = [{ start: '17:00', end: '09:00' }];
      },
    ],
    [
      'weekly[4][0].end',
      'calendar.spec.periodOrder',
      (s: CalendarSpec) => {
        s.weekly[4] = [{ start: '09:00', end: '09:00' }];
      },
    ],
    [
      'weekly[5][0]',
      'calendar.spec.periodOverlap',
      (s: CalendarSpec) => {
        s.weekly[5] = [
          { start: '12:00', end: '18:00' },
          { start: '09:00', end: '12:01' },
        ];
      },
    ],
    [
      'zone',
      'calendar.spec.zone',
      (s: CalendarSpec) => {
        s.zone = 'Asia/Beijing';
      },
    ],
    [
      'zone',
      'calendar.spec.zone',
      (s: CalendarSpec) => {
        s.zone = '';
      },
    ],
    [
      'id',
      'calendar.spec.id',
      (s: CalendarSpec) => {
        s.id = ' ';
      },
    ],
    [
      'holidays[0]',
      'calendar.spec.dateFormat',
      (s: CalendarSpec) => {
        s.holidays = ['2026-02-30'];
      },
    ],
    [
      'workdays[0]',
      'calendar.spec.dateConflict',
      (s: CalendarSpec) => {
        s.workdays = ['2026-10-01'];
      },
    ],
    [
      'workdayPeriods[0].end',
      'calendar.spec.periodOrder',
      (s: CalendarSpec) => {
        s.workdayPeriods = [{ start: '10:00', end: '08:00' }];
      },
    ],
    [
      'exceptions[1].date',
      'calendar.spec.exceptionDuplicate',
      (s: CalendarSpec) => {
        s.exceptions = [
          { date: '2026-05-01', periods: [] },
          { date: '2026-05-01', periods: day },
        ];
      },
    ],
    [
      'exceptions[0].periods[0].start',
      'calendar.spec.timeFormat',
      (s: CalendarSpec) => {
        s.exceptions = [{ date: '2026-05-01', periods: [{ start: 'noon', end: '13:00' }] }];
      },
    ],
    [
      'weekly[7]',
      'calendar.spec.weekdayMissing',
      (s: CalendarSpec) => {
        delete (s.weekly as Partial<CalendarSpec['weekly']>)[7];
      },
    ],
    [
      'weekly[0]',
      'calendar.spec.weekday',
      (s: CalendarSpec) => {
        (s.weekly as Record<number, unknown>)[0] = [];
      },
    ],
  ])('rejects with path %s (%s)', (path, code, mutate) => {
    const spec = good();
    mutate(spec);
    const e = errorOf(spec);
    expect(e.path).toBe(path);
    expect(e.code).toBe(code);
    expect(e.message).toContain(path);
  });

  it('rejects something that is not a spec at all', () => {
    expect(errorOf(null).code).toBe('calendar.spec.type');
    expect(errorOf({ ...good(), weekly: [] }).path).toBe('weekly');
  });
});
