// Worked examples on the 2026 official calendar (Spring Festival and National Day with their make-up days).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileCalendar } from './compile-calendar';
import { defaultCalendars } from './default-calendars';
import { parseHolidayCnJson } from './holiday-notice';
import { mergePrcDays } from './prc-days';

const notice = (year: number) =>
  parseHolidayCnJson(
    readFileSync(
      new URL(`../../../../shared/data/calendar-cn/holiday-cn_${year}.json`, import.meta.url),
      'utf8',
    ),
  );
const prc = mergePrcDays(notice(2025), notice(2026));
const [h24, serviceHours, workingDays] = defaultCalendars(prc).map(compileCalendar);

/** Beijing wall time → epoch ms. */
const bj = (wall: string) => Date.parse(`${wall}+08:00`);
const MIN = 60_000;
const HOUR = 60 * MIN;

describe('default calendars', () => {
  it('are the three CONTRACT calendars in Asia/Shanghai', () => {
    expect(defaultCalendars(prc).map((c) => [c.id, c.zone])).toEqual([
      ['24x7', 'Asia/Shanghai'],
      ['service-hours', 'Asia/Shanghai'],
      ['working-days', 'Asia/Shanghai'],
    ]);
  });
});

describe('working-days: 2026 Spring Festival (off 02-15..02-23, make-up Sat 02-14 and Sat 02-28)', () => {
  it('knows the working days around the festival', () => {
    const days = [
      '2026-02-13',
      '2026-02-14',
      '2026-02-15',
      '2026-02-16',
      '2026-02-23',
      '2026-02-24',
      '2026-02-28',
    ];
    expect(days.map((d) => workingDays.isWorkingDay(d))).toEqual([
      true,
      true,
      false,
      false,
      false,
      true,
      true,
    ]);
  });

  it('3 working days from the Friday before the festival end at 24:00 on Wed 02-25 (the make-up Saturday counts)', () => {
    // day 0 = Fri 02-13; 1 = Sat 02-14 (调休); holidays; 2 = Tue 02-24; 3 = Wed 02-25
    expect(workingDays.endOfNthWorkingDay(bj('2026-02-13T10:00:00'), 3)).toBe(bj('2026-02-26T00:00:00'));
  });

  it('a complaint received on the make-up Saturday does not count that Saturday', () => {
    expect(workingDays.endOfNthWorkingDay(bj('2026-02-14T09:00:00'), 3)).toBe(bj('2026-02-27T00:00:00'));
  });

  it('23:59 on Thursday and 00:01 on Friday are a working day apart', () => {
    expect(workingDays.endOfNthWorkingDay(bj('2026-02-12T23:59:00'), 3)).toBe(bj('2026-02-25T00:00:00'));
    expect(workingDays.endOfNthWorkingDay(bj('2026-02-13T00:01:00'), 3)).toBe(bj('2026-02-26T00:00:00'));
    // 23:59 Beijing is 15:59 UTC: the local date, not the UTC date, is the day of receipt.
    expect(workingDays.localDate(bj('2026-02-12T23:59:00'))).toBe('2026-02-12');
    expect(workingDays.localDate(bj('2026-02-13T00:01:00'))).toBe('2026-02-13');
  });

  it('counts exactly three open days between Friday 00:00 and Wednesday 00:00 across the festival', () => {
    expect(workingDays.workingTimeBetween(bj('2026-02-13T00:00:00'), bj('2026-02-25T00:00:00'))).toBe(
      3 * 24 * HOUR,
    );
  });

  it('a complaint received during the holiday counts from the first day after', () => {
    expect(workingDays.endOfNthWorkingDay(bj('2026-02-17T12:00:00'), 1)).toBe(bj('2026-02-25T00:00:00'));
    expect(workingDays.nextOpening(bj('2026-02-17T12:00:00'))).toBe(bj('2026-02-24T00:00:00'));
  });
});

describe('working-days: 2026 National Day (Mid-Autumn 09-25..27, off 10-01..10-07, make-up Sun 09-20, Sat 10-10)', () => {
  it('7 working days for a regular parts order submitted on 09-30 end at 24:00 on 10-15', () => {
    // 10-08 = 1, 10-09 = 2, Sat 10-10 (调休) = 3, 10-12 = 4, 10-13 = 5, 10-14 = 6, 10-15 = 7
    expect(workingDays.endOfNthWorkingDay(bj('2026-09-30T15:00:00'), 7)).toBe(bj('2026-10-16T00:00:00'));
  });

  it('the make-up Saturday and Sunday are working days, the ordinary Sunday after is not', () => {
    expect(['2026-09-20', '2026-10-10', '2026-10-11'].map((d) => workingDays.isWorkingDay(d))).toEqual([
      true,
      true,
      false,
    ]);
  });

  it('3 working days from Friday 10-09 use the make-up Saturday', () => {
    expect(workingDays.endOfNthWorkingDay(bj('2026-10-09T16:00:00'), 3)).toBe(bj('2026-10-14T00:00:00'));
  });

  it('3 working days from Friday 09-18 use the make-up Sunday 09-20', () => {
    expect(workingDays.endOfNthWorkingDay(bj('2026-09-18T16:00:00'), 3)).toBe(bj('2026-09-23T00:00:00'));
  });
});

describe('service-hours: 08:00–20:00 every day, holidays included', () => {
  it('30 min from 19:50 lands at 08:20 next day', () => {
    expect(serviceHours.addWorkingTime(bj('2026-02-13T19:50:00'), 30 * MIN)).toBe(bj('2026-02-14T08:20:00'));
  });

  it('a request at night starts its clock at 08:00, also on a statutory holiday', () => {
    expect(serviceHours.addWorkingTime(bj('2026-10-01T02:00:00'), 30 * MIN)).toBe(bj('2026-10-01T08:30:00'));
    expect(serviceHours.addWorkingTime(bj('2026-02-16T23:59:00'), 30 * MIN)).toBe(bj('2026-02-17T08:30:00'));
    expect(serviceHours.addWorkingTime(bj('2026-02-17T00:01:00'), 30 * MIN)).toBe(bj('2026-02-17T08:30:00'));
  });

  it('2 h appointment from 19:00 on a holiday ends 09:00 next morning', () => {
    expect(serviceHours.addWorkingTime(bj('2026-02-16T19:00:00'), 2 * HOUR)).toBe(bj('2026-02-17T09:00:00'));
  });

  it('a duration used up exactly at closing ends at 20:00; at 20:00 itself the clock waits for 08:00', () => {
    expect(serviceHours.addWorkingTime(bj('2026-02-13T19:55:00'), 5 * MIN)).toBe(bj('2026-02-13T20:00:00'));
    expect(serviceHours.addWorkingTime(bj('2026-02-13T20:00:00'), 5 * MIN)).toBe(bj('2026-02-14T08:05:00'));
  });

  it('is open on [08:00, 20:00)', () => {
    expect(serviceHours.isOpen(bj('2026-02-16T08:00:00'))).toBe(true);
    expect(serviceHours.isOpen(bj('2026-02-16T07:59:59.999'))).toBe(false);
    expect(serviceHours.isOpen(bj('2026-02-16T19:59:59.999'))).toBe(true);
    expect(serviceHours.isOpen(bj('2026-02-16T20:00:00'))).toBe(false);
    expect(serviceHours.nextOpening(bj('2026-02-16T20:00:00'))).toBe(bj('2026-02-17T08:00:00'));
  });

  it('counts 12 h a day over a week', () => {
    expect(serviceHours.workingTimeBetween(bj('2026-02-14T00:00:00'), bj('2026-02-21T00:00:00'))).toBe(
      7 * 12 * HOUR,
    );
  });
});

describe('24x7', () => {
  it('24 h complaint response runs through the holiday', () => {
    expect(h24.addWorkingTime(bj('2026-02-16T10:00:00'), 24 * HOUR)).toBe(bj('2026-02-17T10:00:00'));
  });

  it('15 min emergency response across midnight', () => {
    expect(h24.addWorkingTime(bj('2026-09-30T23:50:00'), 15 * MIN)).toBe(bj('2026-10-01T00:05:00'));
    expect(h24.isOpen(bj('2026-10-01T00:00:00'))).toBe(true);
  });
});

describe('custom calendar with a lunch break and an exception', () => {
  const office = compileCalendar({
    id: 'office',
    name: 'Office',
    zone: 'Asia/Shanghai',
    weekly: {
      1: [
        { start: '09:00', end: '12:00' },
        { start: '13:00', end: '18:00' },
      ],
      2: [
        { start: '09:00', end: '12:00' },
        { start: '13:00', end: '18:00' },
      ],
      3: [
        { start: '09:00', end: '12:00' },
        { start: '13:00', end: '18:00' },
      ],
      4: [
        { start: '09:00', end: '12:00' },
        { start: '13:00', end: '18:00' },
      ],
      5: [
        { start: '09:00', end: '12:00' },
        { start: '13:00', end: '18:00' },
      ],
      6: [],
      7: [],
    },
    holidays: prc.holidays,
    workdays: prc.workdays,
    workdayPeriods: [{ start: '10:00', end: '16:00' }],
    exceptions: [{ date: '2026-02-12', periods: [{ start: '09:00', end: '11:00' }] }],
  });

  it('skips lunch, the exception day, make-up day hours and the holiday', () => {
    expect(office.addWorkingTime(bj('2026-02-11T11:30:00'), 2 * HOUR)).toBe(bj('2026-02-11T14:30:00'));
    // Thu 02-12 is an exception (09:00–11:00 only): 2 h that day.
    expect(office.addWorkingTime(bj('2026-02-12T08:00:00'), 3 * HOUR)).toBe(bj('2026-02-13T10:00:00'));
    // Fri 02-13 8 h, then the make-up Saturday 02-14 10:00–16:00, then the festival, then Tue 02-24.
    expect(office.addWorkingTime(bj('2026-02-13T09:00:00'), 15 * HOUR)).toBe(bj('2026-02-24T10:00:00'));
  });
});
