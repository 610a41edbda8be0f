// Warranty (三包 return/exchange/repair and parts/labour coverage) of an installed unit on a given date.
// Every period comes from the product model's configuration (A-21: nothing seeded from the standard).

export interface WarrantyTerms {
  /** 退货 days from the start date during which a fault entitles a return. */
  returnDays: number;
  /** 换货 days for an exchange. */
  exchangeDays: number;
  /** 保修 days of free repair. */
  repairDays: number;
  /** Months that parts are free. */
  partsMonths: number;
  /** Months that labour is free. */
  labourMonths: number;
}

export type WarrantyStatus = 'return' | 'exchange' | 'repair' | 'expired' | 'unknown';

export interface WarrantyState {
  status: WarrantyStatus;
  partsCovered: boolean;
  labourCovered: boolean;
  /** Last local date of the current status; null when expired or unknown. */
  until: string | null;
  /** Start date used (invoice date, else purchase date). */
  startDate: string | null;
}

const DAY_MS = 86_400_000;

function toDayNumber(date: string): number {
  return Math.floor(Date.parse(`${date}T00:00:00Z`) / DAY_MS);
}

function fromDayNumber(n: number): string {
  return new Date(n * DAY_MS).toISOString().slice(0, 10);
}

/** Adds calendar months; the 31st becomes the month's last day when the target month is shorter. */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number);
  const total = y * 12 + (m - 1) + months;
  const ty = Math.floor(total / 12);
  const tm = total % 12;
  const last = new Date(Date.UTC(ty, tm + 1, 0)).getUTCDate();
  return `${String(ty).padStart(4, '0')}-${String(tm + 1).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

/**
 * Dates are local dates (YYYY-MM-DD). The day of purchase is day 1 of each period, so a 7-day return
 * period bought on 03-01 ends on 03-07; coverage in months ends the day before the same date N months on.
 */
export function warrantyOn(
  terms: WarrantyTerms,
  unit: { purchasedAt: string | null; invoiceDate?: string | null },
  onDate: string,
): WarrantyState {
  const start = unit.invoiceDate ?? unit.purchasedAt;
  if (!start)
    return { status: 'unknown', partsCovered: false, labourCovered: false, until: null, startDate: null };
  const day = toDayNumber(onDate);
  const s = toDayNumber(start);
  if (day < s)
    return { status: 'unknown', partsCovered: false, labourCovered: false, until: null, startDate: start };
  const elapsed = day - s + 1;
  const partsEnd = toDayNumber(addMonths(start, terms.partsMonths)) - 1;
  const labourEnd = toDayNumber(addMonths(start, terms.labourMonths)) - 1;
  const partsCovered = terms.partsMonths > 0 && day <= partsEnd;
  const labourCovered = terms.labourMonths > 0 && day <= labourEnd;
  const tiers: [WarrantyStatus, number][] = [
    ['return', terms.returnDays],
    ['exchange', terms.exchangeDays],
    ['repair', terms.repairDays],
  ];
  for (const [status, days] of tiers) {
    if (days > 0 && elapsed <= days) {
      return { status, partsCovered, labourCovered, until: fromDayNumber(s + days - 1), startDate: start };
    }
  }
  return { status: 'expired', partsCovered, labourCovered, until: null, startDate: start };
}
