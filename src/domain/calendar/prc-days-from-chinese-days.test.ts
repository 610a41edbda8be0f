import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import chineseDays from 'chinese-days';
import { describe, expect, it } from 'vitest';
import { parseHolidayCnJson } from './holiday-notice';
import { type ChineseDaysMaps, prcDaysFromChineseDays } from './prc-days-from-chinese-days';

const require = createRequire(import.meta.url);
const maps = require('chinese-days/dist/chinese-days.json') as ChineseDaysMaps;
const shared = (year: number) =>
  parseHolidayCnJson(
    readFileSync(
      new URL(`../../../../shared/data/calendar-cn/holiday-cn_${year}.json`, import.meta.url),
      'utf8',
    ),
  );

describe('prcDaysFromChineseDays', () => {
  it.each([2024, 2025, 2026])('the package maps equal the shared holiday-cn data for %i', (year) => {
    const fromPackage = prcDaysFromChineseDays(maps, year, year);
    const expected = shared(year);
    expect(fromPackage.holidays).toEqual(expected.holidays);
    expect(fromPackage.workdays).toEqual(expected.workdays);
    expect(fromPackage.holidays.length).toBeGreaterThan(20);
  });

  it('the function API of the main entry gives the same days for 2024–2026', () => {
    const viaApi = prcDaysFromChineseDays(chineseDays, 2024, 2026);
    const viaMaps = prcDaysFromChineseDays(maps, 2024, 2026);
    expect(viaApi.holidays).toEqual(viaMaps.holidays);
    expect(viaApi.workdays).toEqual(viaMaps.workdays);
  });

  it('keeps the Chinese names and stays within the year range', () => {
    const n = prcDaysFromChineseDays(maps, 2026, 2026);
    expect(n.entries.find((e) => e.date === '2026-02-14')).toEqual({
      date: '2026-02-14',
      name: '春节',
      kind: 'workday',
    });
    expect(n.entries.every((e) => e.date.startsWith('2026-'))).toBe(true);
    expect(() => prcDaysFromChineseDays(maps, 2027, 2026)).toThrow(RangeError);
  });
});
