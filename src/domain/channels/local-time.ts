// Times in PBX and ACD exports: ISO 8601 instants with an offset, or naive local wall times
// ('YYYY-MM-DD HH:MM:SS', what Asterisk's cdr_csv writes) read in the deployment's IANA zone.
import { parseIsoDate } from '../calendar/civil-days';
import { ZoneClock } from '../calendar/zone-clock';

const LOCAL_RE = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?$/;
const INSTANT_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})$/i;

const clocks = new Map<string, ZoneClock>();

function clockFor(zone: string): ZoneClock {
  let c = clocks.get(zone);
  if (!c) {
    c = new ZoneClock(zone);
    clocks.set(zone, c);
  }
  return c;
}

/** Epoch ms of a naive local wall time in `zone`; undefined when the text is not a valid local time. */
export function parseLocalDateTime(text: string, zone: string): number | undefined {
  const m = LOCAL_RE.exec(text.trim());
  if (!m) return undefined;
  const [y, h, mi, s] = [m[1], m[4], m[5], m[6] ?? '0'].map(Number);
  const ms = m[7] ? Number(m[7].padEnd(3, '0')) : 0;
  if (h > 23 || mi > 59 || s > 59) return undefined;
  const day = parseIsoDate(`${m[1]}-${m[2]}-${m[3]}`);
  if (day === undefined || y < 1) return undefined;
  return clockFor(zone).wallToUtc(day, h * 60 + mi) + s * 1000 + ms;
}

/**
 * Epoch ms of a time written by another system: an ISO 8601 instant with offset, or a local wall time in
 * `zone`. undefined when unreadable.
 */
export function parseExternalTime(text: string, zone: string): number | undefined {
  const t = text.trim();
  if (INSTANT_RE.test(t)) {
    const v = Date.parse(t);
    return Number.isNaN(v) ? undefined : v;
  }
  return parseLocalDateTime(t, zone);
}
