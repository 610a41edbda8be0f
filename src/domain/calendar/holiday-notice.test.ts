import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { HolidayNoticeError, parseHolidayCnJson, parseHolidayIcs } from './holiday-notice';

const sharedJson = (year: number) =>
  readFileSync(
    new URL(`../../../../shared/data/calendar-cn/holiday-cn_${year}.json`, import.meta.url),
    'utf8',
  );
const require = createRequire(import.meta.url);
const packageIcs = (name: string) => readFileSync(require.resolve(`chinese-days/dist/years/${name}`), 'utf8');

function issuesOf(f: () => unknown) {
  try {
    f();
  } catch (e) {
    if (e instanceof HolidayNoticeError) return e.issues;
    throw e;
  }
  throw new Error('expected a HolidayNoticeError');
}

describe('parseHolidayCnJson', () => {
  it('reads the 2026 notice', () => {
    const n = parseHolidayCnJson(sharedJson(2026));
    expect(n.workdays).toEqual([
      '2026-01-04',
      '2026-02-14',
      '2026-02-28',
      '2026-05-09',
      '2026-09-20',
      '2026-10-10',
    ]);
    expect(n.holidays).toHaveLength(33);
    expect(n.holidays.filter((d) => d.startsWith('2026-02'))).toEqual([
      '2026-02-15',
      '2026-02-16',
      '2026-02-17',
      '2026-02-18',
      '2026-02-19',
      '2026-02-20',
      '2026-02-21',
      '2026-02-22',
      '2026-02-23',
    ]);
    expect(n.entries.find((e) => e.date === '2026-02-14')).toEqual({
      date: '2026-02-14',
      name: '春节',
      kind: 'workday',
    });
    expect(n.entries.find((e) => e.date === '2026-10-01')).toEqual({
      date: '2026-10-01',
      name: '国庆节',
      kind: 'holiday',
    });
  });

  it('accepts the parsed object as well as the text', () => {
    expect(parseHolidayCnJson(JSON.parse(sharedJson(2025)))).toEqual(parseHolidayCnJson(sharedJson(2025)));
  });

  it('reports every bad field with its path', () => {
    const issues = issuesOf(() =>
      parseHolidayCnJson({
        year: 2026,
        days: [
          { name: '', date: '2026-01-01', isOffDay: true },
          { name: '春节', date: '2026-02-30', isOffDay: true },
          { name: '春节', date: '2026-02-15', isOffDay: 'yes' },
          { name: '元旦', date: '2030-01-01', isOffDay: true },
          7,
        ],
      }),
    );
    expect(issues.map((i) => i.path)).toEqual([
      'days[0].name',
      'days[1].date',
      'days[2].isOffDay',
      'days[3].date',
      'days[4]',
    ]);
  });

  it('rejects a date that is both holiday and make-up day, bad JSON and a missing days array', () => {
    const conflict = issuesOf(() =>
      parseHolidayCnJson({
        year: 2026,
        days: [
          { name: 'a', date: '2026-02-14', isOffDay: true },
          { name: 'a', date: '2026-02-14', isOffDay: false },
        ],
      }),
    );
    expect(conflict).toEqual([
      expect.objectContaining({ path: 'days[1]', code: 'calendar.notice.dateConflict' }),
    ]);
    expect(issuesOf(() => parseHolidayCnJson('{"year": 2026,')).map((i) => i.code)).toEqual([
      'calendar.notice.json',
    ]);
    expect(issuesOf(() => parseHolidayCnJson({ year: '2026' })).map((i) => i.path)).toEqual(['year', 'days']);
  });
});

describe('parseHolidayIcs', () => {
  it.each([2024, 2025, 2026])('the chinese-days %i feeds (zh and en) equal the shared notice', (year) => {
    const expected = parseHolidayCnJson(sharedJson(year));
    for (const file of [`${year}.ics`, `${year}.en.ics`]) {
      const n = parseHolidayIcs(packageIcs(file));
      expect(n.holidays).toEqual(expected.holidays);
      expect(n.workdays).toEqual(expected.workdays);
    }
    expect(
      parseHolidayIcs(packageIcs(`${year}.ics`)).entries.find((e) => e.kind === 'workday')?.name,
    ).not.toMatch(/班/);
  });

  it('handles folding, CRLF, DURATION, one-day events, nested VALARM, cancelled events and make-up wording', () => {
    const ics = [
      'BEGIN:VCALENDAR',
      'VERSION:2.0',
      'BEGIN:VEVENT',
      'DTSTART;VALUE=DATE:20261001',
      'DTEND;VALUE=DATE:20261008',
      'SUMMARY:国庆节',
      ' (休)',
      'BEGIN:VALARM',
      'TRIGGER:-PT15M',
      'SUMMARY:补班 reminder',
      'END:VALARM',
      'END:VEVENT',
      'BEGIN:VEVENT',
      'DTSTART;VALUE=DATE:20261010',
      'SUMMARY:国庆节补班',
      'END:VEVENT',
      'BEGIN:VEVENT',
      'DTSTART:20260920',
      'DURATION:P1D',
      'SUMMARY:Make-up workday (National Day)',
      'END:VEVENT',
      'BEGIN:VEVENT',
      'DTSTART;VALUE=DATE:20260501',
      'SUMMARY:Labour Day',
      'STATUS:CANCELLED',
      'END:VEVENT',
      'END:VCALENDAR',
    ].join('\r\n');
    const n = parseHolidayIcs(ics);
    expect(n.holidays).toEqual([
      '2026-10-01',
      '2026-10-02',
      '2026-10-03',
      '2026-10-04',
      '2026-10-05',
      '2026-10-06',
      '2026-10-07',
    ]);
    expect(n.workdays).toEqual(['2026-09-20', '2026-10-10']);
    expect(n.entries[1]).toEqual({ date: '2026-10-01', name: '国庆节', kind: 'holiday' });
  });

  it('reports field errors with event index and line', () => {
    const ics = [
      'BEGIN:VCALENDAR', // 1
      'BEGIN:VEVENT', // 2
      'DTSTART:20261001T090000', // 3
      'SUMMARY:国庆节', // 4
      'END:VEVENT', // 5
      'BEGIN:VEVENT', // 6
      'DTSTART;VALUE=DATE:20261008', // 7
      'DTEND;VALUE=DATE:20261001', // 8
      'SUMMARY:国庆节', // 9
      'END:VEVENT', // 10
      'BEGIN:VEVENT', // 11
      'DTSTART;VALUE=DATE:20261001', // 12
      'RRULE:FREQ=YEARLY', // 13
      'END:VEVENT', // 14
      'END:VCALENDAR', // 15
    ].join('\n');
    const issues = issuesOf(() => parseHolidayIcs(ics));
    expect(issues.map((i) => [i.path, i.code])).toEqual([
      ['VEVENT[0].DTSTART (line 3)', 'calendar.notice.icsDateTime'],
      ['VEVENT[1].DTEND (line 8)', 'calendar.notice.icsRange'],
      ['VEVENT[2].RRULE (line 13)', 'calendar.notice.icsRecurrence'],
      ['VEVENT[2].SUMMARY (line 11)', 'calendar.notice.icsSummary'],
    ]);
  });

  it('rejects empty, unbalanced and conflicting feeds', () => {
    expect(issuesOf(() => parseHolidayIcs('BEGIN:VCALENDAR\nEND:VCALENDAR')).map((i) => i.code)).toEqual([
      'calendar.notice.icsEmpty',
    ]);
    expect(
      issuesOf(() =>
        parseHolidayIcs('BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART:20261001\nSUMMARY:x\nEND:VEVENT'),
      ).map((i) => i.code),
    ).toEqual(['calendar.notice.icsNesting']);
    const clash =
      'BEGIN:VEVENT\nDTSTART:20261010\nSUMMARY:休\nEND:VEVENT\nBEGIN:VEVENT\nDTSTART:20261010\nSUMMARY:班\nEND:VEVENT';
    expect(issuesOf(() => parseHolidayIcs(clash))).toEqual([
      expect.objectContaining({ path: 'VEVENT[1]', code: 'calendar.notice.dateConflict' }),
    ]);
  });
});
