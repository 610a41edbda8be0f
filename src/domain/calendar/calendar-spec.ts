// The stored, human-editable shape of a business calendar (DESIGN.md "Time"): wall-clock rules in an IANA
// zone. compileCalendar turns it into UTC intervals.

/** 'HH:MM'–'HH:MM' local wall time; `end` may be '24:00' and must be later than `start`. */
export interface WallPeriod {
  start: string;
  end: string;
}

export type IsoWeekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

export interface CalendarSpec {
  id: string;
  name: string;
  /** IANA zone, e.g. 'Asia/Shanghai'. */
  zone: string;
  /** ISO weekday (1 = Monday … 7 = Sunday) → open periods; several periods a day are allowed. */
  weekly: Record<IsoWeekday, WallPeriod[]>;
  /** 'YYYY-MM-DD' local dates that are closed. */
  holidays: string[];
  /** Make-up working days (调休), open with `workdayPeriods`. */
  workdays: string[];
  /** Hours of a make-up day; defaults to Monday's periods. */
  workdayPeriods?: WallPeriod[];
  /** Explicit hours for one date, overriding everything else; an empty list closes the date. */
  exceptions?: { date: string; periods: WallPeriod[] }[];
}
