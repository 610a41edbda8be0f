// Adapter from the `chinese-days` npm package's data to PrcDays. The domain does not import the package
// (it reads files); the caller passes in what it imported, and this stays a pure function of that.
import { daysFromCivil, formatDayNumber } from './civil-days';
import type { HolidayNotice, HolidayNoticeEntry } from './holiday-notice';

/** The maps in `chinese-days/dist/chinese-days.json`: 'YYYY-MM-DD' → "English name,中文名,days". */
export interface ChineseDaysMaps {
  holidays: Readonly<Record<string, string>>;
  workdays: Readonly<Record<string, string>>;
}

/** The function API of the package's main entry (`import chineseDays from 'chinese-days'`). */
export interface ChineseDaysApi {
  getDayDetail(date: string): { work: boolean; name: string; date: string };
}

/** Chinese name of a "English,中文,n" label; undefined for anything else (plain weekday names). */
function chineseName(label: string): string | undefined {
  const parts = label.split(',');
  return parts.length === 3 && parts[1].trim() !== '' ? parts[1].trim() : undefined;
}

/**
 * Statutory holidays and make-up working days of the years fromYear..toYear (inclusive), with names.
 * With the function API only the days the package lists explicitly (label "English,中文,n") are taken,
 * so ordinary weekends never show up as holidays.
 */
export function prcDaysFromChineseDays(
  source: ChineseDaysMaps | ChineseDaysApi,
  fromYear: number,
  toYear: number,
): HolidayNotice {
  if (
    !Number.isInteger(fromYear) ||
    !Number.isInteger(toYear) ||
    fromYear > toYear ||
    fromYear < 1 ||
    toYear > 9999
  ) {
    throw new RangeError(`invalid year range ${fromYear}..${toYear}`);
  }
  const entries: HolidayNoticeEntry[] = [];
  const first = daysFromCivil(fromYear, 1, 1);
  const last = daysFromCivil(toYear, 12, 31);
  const maps = 'holidays' in source ? source : undefined;
  const api = 'getDayDetail' in source ? source : undefined;
  for (let d = first; d <= last; d++) {
    const date = formatDayNumber(d);
    if (maps) {
      const w = maps.workdays[date];
      const h = maps.holidays[date];
      // The package's own isWorkday lets the workdays map win; do the same.
      if (w !== undefined) entries.push({ date, name: chineseName(w) ?? w, kind: 'workday' });
      else if (h !== undefined) entries.push({ date, name: chineseName(h) ?? h, kind: 'holiday' });
    } else if (api) {
      const detail = api.getDayDetail(date);
      const name = chineseName(detail.name);
      if (name !== undefined) entries.push({ date, name, kind: detail.work ? 'workday' : 'holiday' });
    }
  }
  return {
    holidays: entries.filter((e) => e.kind === 'holiday').map((e) => e.date),
    workdays: entries.filter((e) => e.kind === 'workday').map((e) => e.date),
    entries,
  };
}
