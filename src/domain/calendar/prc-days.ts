// The PRC official calendar as data: statutory holidays and make-up working days (调休), as published
// each year by the State Council General Office (REQUIREMENTS A-7).

export interface PrcDays {
  /** 'YYYY-MM-DD' statutory days off (may include weekend days inside a holiday block). */
  holidays: string[];
  /** 'YYYY-MM-DD' weekend days that are worked. */
  workdays: string[];
}

/** Union of several years' PrcDays, sorted and de-duplicated. */
export function mergePrcDays(...parts: PrcDays[]): PrcDays {
  const holidays = new Set<string>();
  const workdays = new Set<string>();
  for (const p of parts) {
    for (const d of p.holidays) holidays.add(d);
    for (const d of p.workdays) workdays.add(d);
  }
  return { holidays: [...holidays].sort(), workdays: [...workdays].sort() };
}
