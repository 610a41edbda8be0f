import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { localDateIn } from './local-date';

const ZONES = [
  'Asia/Shanghai',
  'Asia/Kathmandu',
  'America/St_Johns',
  'Australia/Lord_Howe',
  'Europe/Berlin',
  'UTC',
];

function direct(instant: Date, zone: string): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone: zone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(instant);
}

describe('localDateIn', () => {
  it('equals formatting the instant directly, across zones with odd offsets and DST (property)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ZONES),
        fc.integer({ min: Date.UTC(1970, 0, 1), max: Date.UTC(2100, 0, 1) }),
        fc.integer({ min: -2 * 3600_000, max: 2 * 3600_000 }),
        (zone, ms, step) => {
          // Two nearby instants in a row exercise the remembered quarter hour.
          for (const t of [ms, ms + step, ms + 1])
            expect(localDateIn(new Date(t), zone)).toBe(direct(new Date(t), zone));
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('turns the date at local midnight, to the millisecond', () => {
    const midnight = Date.UTC(2026, 0, 31, 16, 0, 0); // 2026-02-01 00:00 in Shanghai
    expect(localDateIn(new Date(midnight - 1), 'Asia/Shanghai')).toBe('2026-01-31');
    expect(localDateIn(new Date(midnight), 'Asia/Shanghai')).toBe('2026-02-01');
    const kathmandu = Date.UTC(2026, 0, 31, 18, 15, 0); // +05:45
    expect(localDateIn(new Date(kathmandu - 1), 'Asia/Kathmandu')).toBe('2026-01-31');
    expect(localDateIn(new Date(kathmandu), 'Asia/Kathmandu')).toBe('2026-02-01');
  });
});
