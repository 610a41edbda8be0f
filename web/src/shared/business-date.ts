import dayjs, { type Dayjs } from 'dayjs';

// The deployment's time zone, in which the server counts business dates (report periods, `from`/`to`
// filters). The browser may be elsewhere — or, in CI, in UTC while Shanghai is already on the next day.
let businessZone = 'Asia/Shanghai';

/** Set from the session (GET /auth/me, login). */
export function setBusinessZone(zone: string | undefined): void {
  if (!zone) return;
  try {
    // A zone this browser's time-zone data does not know keeps the last one instead of breaking pages.
    new Intl.DateTimeFormat('en-CA', { timeZone: zone });
    businessZone = zone;
  } catch {
    // keep businessZone
  }
}

/** Today's date in the deployment's zone, as a local-midnight Dayjs for date pickers. */
export function businessToday(now: Date = new Date()): Dayjs {
  const ymd = new Intl.DateTimeFormat('en-CA', {
    timeZone: businessZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(now);
  return dayjs(ymd);
}
