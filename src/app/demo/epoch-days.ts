// Calendar dates as whole days since 1970-01-01 (proleptic Gregorian), without Date objects:
// fast, zone-free arithmetic for the demo generator (H. Hinnant's civil-date algorithms).

export interface CivilDate {
  year: number;
  month: number;
  day: number;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function fromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function civil(epochDay: number): CivilDate {
  const z = epochDay + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : `${n}`;
}

/** Day arithmetic on `YYYY-MM-DD` dates. */
export const epochDays = {
  /** `YYYY-MM-DD` → day number; throws a RangeError on anything else (incl. 2025-02-30). */
  parse(iso: string): number {
    const m = ISO_DATE.exec(iso);
    if (!m) throw new RangeError(`not a YYYY-MM-DD date: ${iso}`);
    const year = Number(m[1]);
    const month = Number(m[2]);
    const day = Number(m[3]);
    const n = fromCivil(year, month, day);
    const back = civil(n);
    if (month < 1 || month > 12 || back.month !== month || back.day !== day) {
      throw new RangeError(`not a calendar date: ${iso}`);
    }
    return n;
  },
  /** Day number → `YYYY-MM-DD`. */
  format(epochDay: number): string {
    const c = civil(epochDay);
    return `${c.year}-${pad2(c.month)}-${pad2(c.day)}`;
  },
  civil,
  fromCivil,
} as const;
