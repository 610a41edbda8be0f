const formatters = new Map<string, Intl.DateTimeFormat>();
// Local dates change at local midnight, and every zone's offset is a whole number of quarter hours, so
// all instants of one UTC quarter hour share their local date: remember the last one per zone.
const QUARTER_HOUR_MS = 900_000;
const lastByZone = new Map<string, { quarter: number; date: string }>();

/** The local calendar date (YYYY-MM-DD) of an instant in an IANA zone. */
export function localDateIn(instant: Date, zone: string): string {
  const quarter = Math.floor(instant.getTime() / QUARTER_HOUR_MS);
  const last = lastByZone.get(zone);
  if (last && last.quarter === quarter) return last.date;
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone: zone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
    formatters.set(zone, f);
  }
  const date = f.format(instant);
  lastByZone.set(zone, { quarter, date });
  return date;
}
