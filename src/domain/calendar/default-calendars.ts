// The three calendars of CONTRACT.md "SLA clocks", zone Asia/Shanghai.
import type { CalendarSpec, WallPeriod } from './calendar-spec';
import type { PrcDays } from './prc-days';

export const DEFAULT_ZONE = 'Asia/Shanghai';

const ALL_DAY: WallPeriod[] = [{ start: '00:00', end: '24:00' }];
const SERVICE_HOURS: WallPeriod[] = [{ start: '08:00', end: '20:00' }];

const everyDay = (periods: WallPeriod[]): CalendarSpec['weekly'] => ({
  1: periods,
  2: periods,
  3: periods,
  4: periods,
  5: periods,
  6: periods,
  7: periods,
});

/** `24x7`, `service-hours` (08:00–20:00 daily, open on holidays) and `working-days` (official PRC calendar). */
export function defaultCalendars(prc: PrcDays): CalendarSpec[] {
  return [
    { id: '24x7', name: '7×24', zone: DEFAULT_ZONE, weekly: everyDay(ALL_DAY), holidays: [], workdays: [] },
    {
      id: 'service-hours',
      name: 'Service hours 08:00–20:00',
      zone: DEFAULT_ZONE,
      weekly: everyDay(SERVICE_HOURS),
      holidays: [],
      workdays: [],
    },
    {
      id: 'working-days',
      name: 'PRC working days',
      zone: DEFAULT_ZONE,
      weekly: { 1: ALL_DAY, 2: ALL_DAY, 3: ALL_DAY, 4: ALL_DAY, 5: ALL_DAY, 6: [], 7: [] },
      holidays: [...prc.holidays],
      workdays: [...prc.workdays],
      workdayPeriods: ALL_DAY,
    },
  ];
}
