// UTC ↔ local wall time for one IANA zone using only Intl.DateTimeFormat (no tz library).
// Intl is slow (µs per call), so callers cache per local day; this class caches day starts itself.
import { daysFromCivil, MS_PER_DAY, MS_PER_MINUTE } from './civil-days';

export class ZoneClock {
  private readonly fmt: Intl.DateTimeFormat;
  private readonly dayStarts = new Map<number, number>();

  constructor(readonly zone: string) {
    // h23 so midnight is '00', never '24' (some ICU versions do that with hour12: false).
    this.fmt = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
  }

  /** Local wall time minus UTC, in ms, at instant `ms`. */
  offsetAt(ms: number): number {
    const whole = Math.floor(ms / 1000) * 1000;
    let y = 0;
    let mo = 0;
    let d = 0;
    let h = 0;
    let mi = 0;
    let s = 0;
    for (const p of this.fmt.formatToParts(whole)) {
      switch (p.type) {
        case 'year':
          y = Number(p.value);
          break;
        case 'month':
          mo = Number(p.value);
          break;
        case 'day':
          d = Number(p.value);
          break;
        case 'hour':
          h = Number(p.value);
          break;
        case 'minute':
          mi = Number(p.value);
          break;
        case 'second':
          s = Number(p.value);
          break;
        default:
          break;
      }
    }
    const local = daysFromCivil(y, mo, d) * MS_PER_DAY + ((h * 60 + mi) * 60 + s) * 1000;
    return local - whole;
  }

  /** Day number of the local date containing `ms`. */
  localDayOf(ms: number): number {
    return Math.floor((ms + this.offsetAt(ms)) / MS_PER_DAY);
  }

  /** UTC instant of 00:00 local on `day` (the first instant of that date when midnight is skipped by DST). */
  startOfDay(day: number): number {
    let v = this.dayStarts.get(day);
    if (v === undefined) {
      v = this.resolveWall(day * MS_PER_DAY);
      this.dayStarts.set(day, v);
    }
    return v;
  }

  /** UTC instant of wall time `minute` (0..1440) on `day`. */
  wallToUtc(day: number, minute: number): number {
    if (minute === 0) return this.startOfDay(day);
    if (minute === 1440) return this.startOfDay(day + 1);
    return this.resolveWall(day * MS_PER_DAY + minute * MS_PER_MINUTE);
  }

  /**
   * UTC instant of a naive local time (local fields read as if UTC). Ambiguous times (autumn fall-back)
   * take the earlier instant; skipped times (spring gap) map to the end of the gap. Both rules keep the
   * mapping non-decreasing, so periods stay ordered and never overlap after conversion.
   */
  private resolveWall(naive: number): number {
    // Offsets a day either side bracket any single transition near `naive`.
    const before = this.offsetAt(naive - MS_PER_DAY);
    const after = this.offsetAt(naive + MS_PER_DAY);
    const u1 = naive - before;
    const u2 = naive - after;
    const ok1 = this.offsetAt(u1) === before;
    const ok2 = this.offsetAt(u2) === after;
    if (ok1 && ok2) return Math.min(u1, u2);
    if (ok1) return u1;
    if (ok2) return u2;
    // In a gap: first instant whose wall time is at or past `naive` (binary search, gaps are rare).
    let lo = Math.min(u1, u2);
    let hi = Math.max(u1, u2);
    while (lo < hi) {
      const mid = Math.floor((lo + hi) / 2);
      if (mid + this.offsetAt(mid) >= naive) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }
}
