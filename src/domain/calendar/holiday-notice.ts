// Parsers for the yearly holiday notice (国务院办公厅关于…部分节假日安排的通知) in the two machine-readable
// forms we meet: the holiday-cn JSON and an iCalendar feed. Pure: text or parsed JSON in, PrcDays out.
// All problems are collected and thrown together, each with a field path, so an admin can fix a file in
// one go; a rejected notice yields nothing.
import { civilFromDays, formatDayNumber, parseIsoDate } from './civil-days';
import type { PrcDays } from './prc-days';

export interface HolidayNoticeEntry {
  date: string;
  name: string;
  kind: 'holiday' | 'workday';
}

export interface HolidayNotice extends PrcDays {
  /** One entry per date, sorted by date. */
  entries: HolidayNoticeEntry[];
}

export interface HolidayNoticeIssue {
  path: string;
  code: string;
  message: string;
}

export class HolidayNoticeError extends Error {
  override readonly name = 'HolidayNoticeError';
  constructor(readonly issues: HolidayNoticeIssue[]) {
    super(issues.map((i) => `${i.path}: ${i.message}`).join('; '));
  }
}

/** Longest single event we accept; real holiday blocks are ≤ 9 days, this only stops runaway ranges. */
const MAX_EVENT_DAYS = 60;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Merges entries into a notice; a date listed as both holiday and make-up day is an issue. */
function buildNotice(
  items: { day: number; name: string; kind: HolidayNoticeEntry['kind']; path: string }[],
  issues: HolidayNoticeIssue[],
): HolidayNotice {
  const byDay = new Map<number, HolidayNoticeEntry>();
  for (const it of items) {
    const seen = byDay.get(it.day);
    if (seen === undefined)
      byDay.set(it.day, { date: formatDayNumber(it.day), name: it.name, kind: it.kind });
    else if (seen.kind !== it.kind) {
      issues.push({
        path: it.path,
        code: 'calendar.notice.dateConflict',
        message: `${seen.date} is listed both as a holiday and as a make-up working day`,
      });
    }
  }
  if (issues.length > 0) throw new HolidayNoticeError(issues);
  const entries = [...byDay.entries()].sort((a, b) => a[0] - b[0]).map(([, e]) => e);
  return {
    holidays: entries.filter((e) => e.kind === 'holiday').map((e) => e.date),
    workdays: entries.filter((e) => e.kind === 'workday').map((e) => e.date),
    entries,
  };
}

/**
 * holiday-cn format (github.com/NateScarlet/holiday-cn, `{year}.json`):
 * `{ year: number, days: [{ name: string, date: 'YYYY-MM-DD', isOffDay: boolean }] }`;
 * `isOffDay: false` marks a make-up working day. Accepts the JSON text or the parsed value. Dates may
 * fall in the adjacent years (a notice can move a day across New Year), not further.
 */
export function parseHolidayCnJson(input: unknown): HolidayNotice {
  const issues: HolidayNoticeIssue[] = [];
  let doc = input;
  if (typeof input === 'string') {
    try {
      doc = JSON.parse(input);
    } catch (e) {
      throw new HolidayNoticeError([
        { path: '', code: 'calendar.notice.json', message: `invalid JSON: ${(e as Error).message}` },
      ]);
    }
  }
  if (!isRecord(doc))
    throw new HolidayNoticeError([{ path: '', code: 'calendar.notice.type', message: 'expected an object' }]);
  const year = doc.year;
  const yearOk = typeof year === 'number' && Number.isInteger(year) && year >= 1 && year <= 9999;
  if (!yearOk)
    issues.push({ path: 'year', code: 'calendar.notice.year', message: 'expected an integer year' });
  if (!Array.isArray(doc.days)) {
    issues.push({ path: 'days', code: 'calendar.notice.days', message: 'expected an array' });
    throw new HolidayNoticeError(issues);
  }
  const items: { day: number; name: string; kind: HolidayNoticeEntry['kind']; path: string }[] = [];
  doc.days.forEach((d: unknown, i) => {
    const at = `days[${i}]`;
    if (!isRecord(d)) {
      issues.push({ path: at, code: 'calendar.notice.day', message: 'expected {name, date, isOffDay}' });
      return;
    }
    const nameOk = typeof d.name === 'string' && d.name.trim() !== '';
    if (!nameOk)
      issues.push({ path: `${at}.name`, code: 'calendar.notice.name', message: 'expected a non-empty name' });
    const day = typeof d.date === 'string' ? parseIsoDate(d.date) : undefined;
    if (day === undefined) {
      issues.push({
        path: `${at}.date`,
        code: 'calendar.notice.date',
        message: `${JSON.stringify(d.date)} is not a 'YYYY-MM-DD' date`,
      });
    } else if (yearOk && Math.abs(civilFromDays(day).year - (year as number)) > 1) {
      issues.push({
        path: `${at}.date`,
        code: 'calendar.notice.dateYear',
        message: `${d.date} is not near the notice year ${year}`,
      });
    }
    if (typeof d.isOffDay !== 'boolean') {
      issues.push({
        path: `${at}.isOffDay`,
        code: 'calendar.notice.isOffDay',
        message: 'expected true or false',
      });
    }
    if (nameOk && day !== undefined && typeof d.isOffDay === 'boolean') {
      items.push({
        day,
        name: (d.name as string).trim(),
        kind: d.isOffDay ? 'holiday' : 'workday',
        path: at,
      });
    }
  });
  return buildNotice(items, issues);
}

interface IcsProperty {
  name: string;
  params: Record<string, string>;
  value: string;
  line: number;
}

/** Splits a content line `NAME;P=V;P2="a:b":value` into its parts (colons inside quotes are not separators). */
function parseContentLine(text: string, line: number): IcsProperty | undefined {
  let quoted = false;
  let colon = -1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') quoted = !quoted;
    else if (c === ':' && !quoted) {
      colon = i;
      break;
    }
  }
  if (colon <= 0) return undefined;
  const [rawName, ...rawParams] = text.slice(0, colon).split(';');
  const params: Record<string, string> = {};
  for (const p of rawParams) {
    const eq = p.indexOf('=');
    if (eq > 0) params[p.slice(0, eq).toUpperCase()] = p.slice(eq + 1).replace(/^"|"$/g, '');
  }
  return { name: rawName.toUpperCase(), params, value: text.slice(colon + 1), line };
}

function unescapeText(v: string): string {
  return v.replace(/\\([\\;,nN])/g, (_, c: string) => (c === 'n' || c === 'N' ? '\n' : c));
}

/** A make-up working day says so in its SUMMARY: 班 / 补班 / 上班, or "workday" / "working day" / "make-up". */
const WORKDAY_RE = /班|work\s*-?\s*(ing\s+)?day|make\s*-?\s*up/i;
/** Trailing markers such as "(休)", "（班）", "(Holiday)", "(Workday)" are not part of the holiday's name. */
const MARKER_RE =
  /\s*[（(]\s*(休|班|补班|上班|holiday|day\s*off|off|workday|work\s*day|working\s*day)\s*[)）]\s*$/i;

function parseIcsDate(
  p: IcsProperty | undefined,
  path: string,
  issues: HolidayNoticeIssue[],
): number | undefined {
  if (p === undefined) return undefined;
  const m = /^(\d{4})(\d{2})(\d{2})$/.exec(p.value.trim());
  const at = `${path} (line ${p.line})`;
  if (!m) {
    const dateTime = /^\d{8}T/.test(p.value.trim());
    issues.push({
      path: at,
      code: dateTime ? 'calendar.notice.icsDateTime' : 'calendar.notice.icsDate',
      message: dateTime
        ? `'${p.value}' is a date-time; holiday events must be all-day (VALUE=DATE:YYYYMMDD)`
        : `'${p.value}' is not a YYYYMMDD date`,
    });
    return undefined;
  }
  const day = parseIsoDate(`${m[1]}-${m[2]}-${m[3]}`);
  if (day === undefined)
    issues.push({ path: at, code: 'calendar.notice.icsDate', message: `'${p.value}' is not a real date` });
  return day;
}

/**
 * iCalendar (RFC 5545) holiday feed, as published by chinese-days and common calendar services.
 * Accepted shape:
 *  - Folded lines are unfolded; components other than VEVENT (VCALENDAR, VTIMEZONE, …) are skipped, as
 *    are components nested in a VEVENT (VALARM).
 *  - Each VEVENT is one block of all-day dates: `DTSTART;VALUE=DATE:YYYYMMDD` (required) and either
 *    `DTEND;VALUE=DATE:YYYYMMDD` (exclusive), `DURATION:PnD` / `PnW`, or neither (= one day).
 *    Date-time values are rejected: a notice speaks of whole local dates. At most 60 days per event.
 *  - `SUMMARY` (required) decides the kind: containing 班 (补班, 上班, "(班)") or "workday" /
 *    "working day" / "make-up" → make-up working day; anything else → holiday. A trailing "(休)",
 *    "(班)", "(Holiday)", "(Workday)" is dropped from the entry name.
 *  - `STATUS:CANCELLED` events are ignored; `RRULE` / `RDATE` are rejected (a notice lists its dates).
 * Issue paths look like `VEVENT[2].DTEND (line 31)`, counting events from 0.
 */
export function parseHolidayIcs(text: string): HolidayNotice {
  const issues: HolidayNoticeIssue[] = [];
  const physical = text.split(/\r\n|\n|\r/);
  const lines: { text: string; line: number }[] = [];
  physical.forEach((l, i) => {
    if ((l.startsWith(' ') || l.startsWith('\t')) && lines.length > 0)
      lines[lines.length - 1].text += l.slice(1);
    else if (l.trim() !== '') lines.push({ text: l, line: i + 1 });
  });

  const stack: string[] = [];
  const events: { props: IcsProperty[]; line: number }[] = [];
  for (const { text: l, line } of lines) {
    const p = parseContentLine(l, line);
    if (p === undefined) {
      issues.push({
        path: `line ${line}`,
        code: 'calendar.notice.icsLine',
        message: 'not a NAME:value content line',
      });
      continue;
    }
    if (p.name === 'BEGIN') {
      const comp = p.value.trim().toUpperCase();
      stack.push(comp);
      if (comp === 'VEVENT' && stack.length <= 2) events.push({ props: [], line });
    } else if (p.name === 'END') {
      const comp = p.value.trim().toUpperCase();
      if (stack.pop() !== comp) {
        issues.push({
          path: `line ${line}`,
          code: 'calendar.notice.icsNesting',
          message: `END:${comp} does not match its BEGIN`,
        });
      }
    } else if (stack[stack.length - 1] === 'VEVENT' && stack.length <= 2) {
      events[events.length - 1].props.push(p);
    }
  }
  if (stack.length > 0) {
    issues.push({
      path: 'VCALENDAR',
      code: 'calendar.notice.icsNesting',
      message: `BEGIN:${stack[stack.length - 1]} is never closed`,
    });
  }
  if (events.length === 0 && issues.length === 0) {
    issues.push({ path: 'VCALENDAR', code: 'calendar.notice.icsEmpty', message: 'no VEVENT found' });
  }

  const items: { day: number; name: string; kind: HolidayNoticeEntry['kind']; path: string }[] = [];
  events.forEach((ev, i) => {
    const at = `VEVENT[${i}]`;
    const get = (name: string) => ev.props.find((p) => p.name === name);
    if (get('STATUS')?.value.trim().toUpperCase() === 'CANCELLED') return;
    for (const name of ['RRULE', 'RDATE']) {
      const p = get(name);
      if (p)
        issues.push({
          path: `${at}.${name} (line ${p.line})`,
          code: 'calendar.notice.icsRecurrence',
          message: 'recurring events are not supported; list the dates',
        });
    }
    const summaryProp = get('SUMMARY');
    const summary = summaryProp ? unescapeText(summaryProp.value).trim() : '';
    if (summary === '') {
      issues.push({
        path: `${at}.SUMMARY (line ${summaryProp?.line ?? ev.line})`,
        code: 'calendar.notice.icsSummary',
        message: 'missing SUMMARY',
      });
    }
    const dtstart = get('DTSTART');
    if (dtstart === undefined) {
      issues.push({
        path: `${at}.DTSTART (line ${ev.line})`,
        code: 'calendar.notice.icsDate',
        message: 'missing DTSTART',
      });
      return;
    }
    const first = parseIcsDate(dtstart, `${at}.DTSTART`, issues);
    const dtend = get('DTEND');
    const duration = get('DURATION');
    let end: number | undefined;
    if (dtend !== undefined) {
      end = parseIcsDate(dtend, `${at}.DTEND`, issues);
    } else if (duration !== undefined && first !== undefined) {
      const m = /^P(\d+)([DW])$/i.exec(duration.value.trim());
      if (m) end = first + Number(m[1]) * (m[2].toUpperCase() === 'W' ? 7 : 1);
      else
        issues.push({
          path: `${at}.DURATION (line ${duration.line})`,
          code: 'calendar.notice.icsDuration',
          message: `'${duration.value}' is not PnD or PnW`,
        });
    } else if (first !== undefined) {
      end = first + 1;
    }
    if (first === undefined || end === undefined || summary === '') return;
    const endPath = `${at}.${dtend ? 'DTEND' : 'DURATION'} (line ${(dtend ?? duration ?? dtstart).line})`;
    if (end <= first) {
      issues.push({
        path: endPath,
        code: 'calendar.notice.icsRange',
        message: 'the event must end after it starts (DTEND is exclusive)',
      });
      return;
    }
    if (end - first > MAX_EVENT_DAYS) {
      issues.push({
        path: endPath,
        code: 'calendar.notice.icsRange',
        message: `the event spans more than ${MAX_EVENT_DAYS} days`,
      });
      return;
    }
    const kind = WORKDAY_RE.test(summary) ? 'workday' : 'holiday';
    const name = summary.replace(MARKER_RE, '').trim() || summary;
    for (let d = first; d < end; d++) items.push({ day: d, name, kind, path: at });
  });
  return buildNotice(items, issues);
}
