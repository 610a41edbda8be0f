// Public API of the business-calendar module (pure: no I/O, time passed in as epoch ms).
export type { Calendar } from './calendar';
export { SEARCH_HORIZON_DAYS } from './calendar';
export { CalendarRangeError, CalendarSpecError } from './calendar-errors';
export {
  addWorkingTime,
  endOfNthWorkingDay,
  isOpen,
  localDate,
  nextOpening,
  startOfLocalDay,
  workingTimeBetween,
} from './calendar-functions';
export type { CalendarSpec, IsoWeekday, WallPeriod } from './calendar-spec';
export { compileCalendar } from './compile-calendar';
export { DEFAULT_ZONE, defaultCalendars } from './default-calendars';
export type { HolidayNotice, HolidayNoticeEntry, HolidayNoticeIssue } from './holiday-notice';
export { HolidayNoticeError, parseHolidayCnJson, parseHolidayIcs } from './holiday-notice';
export type { PrcDays } from './prc-days';
export { mergePrcDays } from './prc-days';
export type { ChineseDaysApi, ChineseDaysMaps } from './prc-days-from-chinese-days';
export { prcDaysFromChineseDays } from './prc-days-from-chinese-days';
export { validateCalendarSpec } from './validate-calendar-spec';
