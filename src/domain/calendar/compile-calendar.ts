// Entry point from a stored CalendarSpec to a queryable Calendar.
import { type Calendar, CompiledCalendar } from './calendar';
import type { CalendarSpec } from './calendar-spec';
import { validateCalendarSpec } from './validate-calendar-spec';

/** Validates `spec` (throws CalendarSpecError with a field path) and compiles it. Days are computed lazily
 *  and cached, so keep and reuse the returned Calendar. */
export function compileCalendar(spec: CalendarSpec): Calendar {
  return new CompiledCalendar(spec, validateCalendarSpec(spec));
}
