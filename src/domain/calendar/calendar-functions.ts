// Free-function form of the Calendar methods, for callers that prefer `addWorkingTime(cal, …)`.
import type { Calendar } from './calendar';

export const addWorkingTime = (cal: Calendar, startMs: number, durationMs: number): number =>
  cal.addWorkingTime(startMs, durationMs);

export const workingTimeBetween = (cal: Calendar, fromMs: number, toMs: number): number =>
  cal.workingTimeBetween(fromMs, toMs);

export const nextOpening = (cal: Calendar, ms: number): number => cal.nextOpening(ms);

export const isOpen = (cal: Calendar, ms: number): boolean => cal.isOpen(ms);

export const endOfNthWorkingDay = (cal: Calendar, receivedMs: number, n: number): number =>
  cal.endOfNthWorkingDay(receivedMs, n);

export const localDate = (cal: Calendar, ms: number): string => cal.localDate(ms);

export const startOfLocalDay = (cal: Calendar, date: string): number => cal.startOfLocalDay(date);
