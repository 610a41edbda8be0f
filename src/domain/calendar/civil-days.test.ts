import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { civilFromDays, daysFromCivil, formatDayNumber, isoWeekday, parseIsoDate } from './civil-days';

describe('civil days', () => {
  it('agrees with Date for 1970-01-01 and round-trips', () => {
    expect(daysFromCivil(1970, 1, 1)).toBe(0);
    expect(isoWeekday(parseIsoDate('2026-02-14')!)).toBe(6);
    fc.assert(
      fc.property(fc.integer({ min: -700_000, max: 2_900_000 }), (n) => {
        const { year, month, day } = civilFromDays(n);
        expect(daysFromCivil(year, month, day)).toBe(n);
        expect(parseIsoDate(formatDayNumber(n))).toBe(n);
        if (year >= 1900)
          expect(new Date(n * 86_400_000).toISOString().slice(0, 10)).toBe(formatDayNumber(n));
      }),
      { numRuns: 500 },
    );
  });

  it('rejects impossible dates', () => {
    expect(['2026-02-29', '2026-13-01', '2026-1-01', '0000-01-01', 'x'].map(parseIsoDate)).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
    expect(parseIsoDate('2024-02-29')).toBe(daysFromCivil(2024, 2, 29));
  });
});
