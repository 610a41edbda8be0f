import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addMonths, type WarrantyTerms, warrantyOn } from './warranty';

const terms: WarrantyTerms = {
  returnDays: 7,
  exchangeDays: 15,
  repairDays: 365,
  partsMonths: 36,
  labourMonths: 12,
};

describe('warrantyOn', () => {
  it('walks through return, exchange, repair and expired', () => {
    const unit = { purchasedAt: '2026-03-01' };
    expect(warrantyOn(terms, unit, '2026-03-01')).toMatchObject({ status: 'return', until: '2026-03-07' });
    expect(warrantyOn(terms, unit, '2026-03-07').status).toBe('return');
    expect(warrantyOn(terms, unit, '2026-03-08')).toMatchObject({ status: 'exchange', until: '2026-03-15' });
    expect(warrantyOn(terms, unit, '2026-03-16')).toMatchObject({ status: 'repair', until: '2027-02-28' });
    expect(warrantyOn(terms, unit, '2027-03-01')).toMatchObject({
      status: 'expired',
      labourCovered: false,
      partsCovered: true,
    });
    expect(warrantyOn(terms, unit, '2029-03-01').partsCovered).toBe(false);
    expect(warrantyOn(terms, unit, '2029-02-28').partsCovered).toBe(true);
  });

  it('prefers the invoice date and is unknown without any date or before it', () => {
    expect(
      warrantyOn(terms, { purchasedAt: '2026-01-01', invoiceDate: '2026-02-01' }, '2026-02-05').status,
    ).toBe('return');
    expect(warrantyOn(terms, { purchasedAt: null }, '2026-02-05').status).toBe('unknown');
    expect(warrantyOn(terms, { purchasedAt: '2026-03-01' }, '2026-02-05').status).toBe('unknown');
  });

  it('adds months clamping to the end of shorter months', () => {
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2024-01-31', 1)).toBe('2024-02-29');
    expect(addMonths('2026-11-15', 14)).toBe('2028-01-15');
  });

  it('never gets more generous as time passes (property)', () => {
    const rank = { return: 3, exchange: 2, repair: 1, expired: 0, unknown: -1 } as const;
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 3000 }),
        fc.integer({ min: 0, max: 3000 }),
        fc.record({
          returnDays: fc.integer({ min: 0, max: 30 }),
          exchangeDays: fc.integer({ min: 0, max: 60 }),
          repairDays: fc.integer({ min: 0, max: 2000 }),
          partsMonths: fc.integer({ min: 0, max: 120 }),
          labourMonths: fc.integer({ min: 0, max: 60 }),
        }),
        (a, b, t) => {
          const day = (n: number) =>
            new Date(Date.UTC(2020, 0, 1) + n * 86_400_000).toISOString().slice(0, 10);
          const [d1, d2] = a <= b ? [day(a), day(b)] : [day(b), day(a)];
          const unit = { purchasedAt: '2020-01-01' };
          const w1 = warrantyOn(t, unit, d1);
          const w2 = warrantyOn(t, unit, d2);
          expect(rank[w2.status]).toBeLessThanOrEqual(rank[w1.status]);
          if (w2.partsCovered) expect(w1.partsCovered).toBe(true);
          if (w2.labourCovered) expect(w1.labourCovered).toBe(true);
        },
      ),
      { numRuns: 500 },
    );
  });
});
