// Hand-computed examples and properties of the hotline indicators (Q-8.1-HOTLINE-15S, -HOURS; A-11).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileCalendar, defaultCalendars } from '../calendar';
import {
  type AgentSessionFact,
  type CallFact,
  callOutcome,
  computeHotline15s,
  computeHotlineHours,
  DEFAULT_HOTLINE_SETTINGS,
  mergeIntervals,
  overlapMs,
  staffedTimeByDay,
} from './hotline-indicators';

const [h24, serviceHours] = defaultCalendars({ holidays: [], workdays: [] }).map(compileCalendar);
const bj = (wall: string) => new Date(`${wall}+08:00`).toISOString();
const HOUR = 3_600_000;

function call(
  id: string,
  queued: string,
  answeredAfterS: number | null,
  extra: Partial<CallFact> = {},
): CallFact {
  const q = bj(queued);
  return {
    id,
    direction: 'inbound',
    queuedAt: q,
    answeredAt:
      answeredAfterS === null ? null : new Date(Date.parse(q) + answeredAfterS * 1000).toISOString(),
    endedAt: new Date(Date.parse(q) + 120_000).toISOString(),
    disposition: answeredAfterS === null ? 'NO ANSWER' : 'ANSWERED',
    inServiceHours: true,
    ...extra,
  };
}

describe('Q-8.1-HOTLINE-15S', () => {
  const from = bj('2026-11-01T00:00:00');
  const to = bj('2026-12-01T00:00:00');

  it('counts answered within 15 s over queued calls in service hours, abandoned included', () => {
    const calls = [
      call('a', '2026-11-02T09:00:00', 5),
      call('b', '2026-11-02T09:05:00', 15), // exactly 15 s counts as within
      call('c', '2026-11-02T09:10:00', 16),
      call('d', '2026-11-02T09:15:00', null), // abandoned
      call('e', '2026-11-02T21:00:00', 3, { inServiceHours: false }), // out of hours: excluded
      call('f', '2026-11-02T09:20:00', 2, { direction: 'outbound' }),
      call('g', '2026-10-31T09:00:00', 2), // other period
      { ...call('h', '2026-11-02T09:25:00', null), queuedAt: null }, // never reached the queue
      call('i', '2026-11-02T09:30:00', null, { disposition: 'BUSY' }),
    ];
    const ind = computeHotline15s(calls, from, to);
    // in time: a, b; denominator: a b c d i
    expect(ind).toMatchObject({
      id: 'Q-8.1-HOTLINE-15S',
      numerator: 2,
      denominator: 5,
      value: 0.4,
      meets: false,
    });
    expect(ind.breaches).toEqual(['c', 'd', 'i']);
    expect(ind.info).toMatchObject({ shortAbandonSeconds: 0, abandoned: 2, outsideServiceHours: 1 });
  });

  it('applies a configured short-abandon exclusion and discloses it', () => {
    const quick = call('q', '2026-11-03T10:00:00', null, { endedAt: bj('2026-11-03T10:00:04') });
    const slow = call('s', '2026-11-03T10:01:00', null, { endedAt: bj('2026-11-03T10:01:30') });
    const ok = call('o', '2026-11-03T10:02:00', 10);
    expect(computeHotline15s([quick, slow, ok], from, to)).toMatchObject({ numerator: 1, denominator: 3 });
    const ind = computeHotline15s([quick, slow, ok], from, to, { answerSeconds: 15, shortAbandonSeconds: 5 });
    expect(ind).toMatchObject({ numerator: 1, denominator: 2, excluded: 1, value: 0.5 });
    expect(ind.info?.shortAbandonSeconds).toBe(5);
  });

  it('has no value without calls', () => {
    expect(computeHotline15s([], from, to)).toMatchObject({ value: null, meets: null, denominator: 0 });
  });

  it('properties: 0 ≤ numerator ≤ denominator, and waiting longer never helps', () => {
    const arbCall = fc.record({
      wait: fc.option(fc.integer({ min: 0, max: 120 }), { nil: null }),
      minute: fc.integer({ min: 0, max: 60 * 24 * 29 }),
      inHours: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(arbCall, { maxLength: 40 }), fc.integer({ min: 1, max: 30 }), (list, extra) => {
        const calls = list.map((c, i) => {
          const q = new Date(Date.parse(from) + c.minute * 60_000).toISOString();
          return {
            ...call(String(i), '2026-11-01T00:00:00', c.wait),
            queuedAt: q,
            answeredAt: c.wait === null ? null : new Date(Date.parse(q) + c.wait * 1000).toISOString(),
            inServiceHours: c.inHours,
          };
        });
        const ind = computeHotline15s(calls, from, to);
        expect(ind.numerator).toBeLessThanOrEqual(ind.denominator);
        expect(ind.denominator).toBe(calls.filter((c) => c.inServiceHours).length);
        const slower = calls.map((c) =>
          c.answeredAt === null
            ? c
            : { ...c, answeredAt: new Date(Date.parse(c.answeredAt) + extra * 1000).toISOString() },
        );
        expect(computeHotline15s(slower, from, to).numerator).toBeLessThanOrEqual(ind.numerator);
        for (const c of calls) expect(callOutcome(c, DEFAULT_HOTLINE_SETTINGS)).not.toBe('short-abandon');
      }),
      { numRuns: 200 },
    );
  });
});

describe('Q-8.1-HOTLINE-HOURS', () => {
  const s = (agent: string, login: string, logout: string | null): AgentSessionFact => ({
    agent,
    loginAt: bj(login),
    logoutAt: logout === null ? null : bj(logout),
  });

  it('counts the union of agent sessions inside the queue hours, per day', () => {
    const sessions = [
      // Day 1: 07:00–12:00 and 11:00–16:30 overlap → 08:00–16:30 inside 08–20 = 8.5 h
      s('A', '2026-11-01T07:00:00', '2026-11-01T12:00:00'),
      s('B', '2026-11-01T11:00:00', '2026-11-01T16:30:00'),
      // Day 2: 09:00–16:59 = 7 h 59 min
      s('A', '2026-11-02T09:00:00', '2026-11-02T16:59:00'),
      // Day 3: overnight 19:00 → 04:00 next day: 1 h on day 3; day 4 adds 12:00–20:30 → 8 h
      s('C', '2026-11-03T19:00:00', '2026-11-04T04:00:00'),
      s('A', '2026-11-04T12:00:00', '2026-11-04T20:30:00'),
    ];
    const now = Date.parse(bj('2026-11-10T00:00:00'));
    const days = staffedTimeByDay(sessions, serviceHours, '2026-11-01', '2026-11-06', now);
    expect(days.map((d) => [d.date, d.staffedMs / HOUR])).toEqual([
      ['2026-11-01', 8.5],
      ['2026-11-02', 7 + 59 / 60],
      ['2026-11-03', 1],
      ['2026-11-04', 8],
      ['2026-11-05', 0],
    ]);
    const ind = computeHotlineHours(days);
    expect(ind).toMatchObject({ id: 'Q-8.1-HOTLINE-HOURS', numerator: 2, denominator: 5, value: 0.4 });
    expect(ind.breaches).toEqual(['2026-11-02', '2026-11-03', '2026-11-05']);
    expect(ind.info?.sevenByTwentyFour).toBe(false);
  });

  it('counts an open session up to now and keeps today pending until it reaches 8 h', () => {
    const now = Date.parse(bj('2026-11-07T12:00:00'));
    const days = staffedTimeByDay(
      [s('A', '2026-11-07T08:00:00', null)],
      serviceHours,
      '2026-11-07',
      '2026-11-08',
      now,
    );
    expect(days[0]).toMatchObject({ staffedMs: 4 * HOUR, inProgress: true });
    expect(computeHotlineHours(days)).toMatchObject({ pending: 1, denominator: 0, value: null });
    const later = Date.parse(bj('2026-11-07T17:00:00'));
    const days2 = staffedTimeByDay(
      [s('A', '2026-11-07T08:00:00', null)],
      serviceHours,
      '2026-11-07',
      '2026-11-08',
      later,
    );
    expect(computeHotlineHours(days2)).toMatchObject({ numerator: 1, denominator: 1, value: 1 });
  });

  it('flags 7×24 only when every day is staffed around the clock on a 24x7 queue', () => {
    const now = Date.parse(bj('2026-12-01T00:00:00'));
    const shifts = [
      s('A', '2026-11-01T00:00:00', '2026-11-01T12:00:00'),
      s('B', '2026-11-01T12:00:00', '2026-11-03T00:00:00'),
    ];
    const ind = computeHotlineHours(staffedTimeByDay(shifts, h24, '2026-11-01', '2026-11-03', now));
    expect(ind).toMatchObject({ value: 1, info: { sevenByTwentyFour: true } });
    const gap = computeHotlineHours(staffedTimeByDay(shifts.slice(1), h24, '2026-11-01', '2026-11-03', now));
    expect(gap.info?.sevenByTwentyFour).toBe(false);
  });

  it('properties: merged intervals are disjoint and overlap is symmetric and bounded', () => {
    const iv = fc
      .tuple(fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 0, max: 200 }))
      .map(([s0, len]) => [s0, s0 + len] as [number, number]);
    fc.assert(
      fc.property(fc.array(iv, { maxLength: 20 }), fc.array(iv, { maxLength: 20 }), (a, b) => {
        const ma = mergeIntervals(a);
        const mb = mergeIntervals(b);
        for (let i = 1; i < ma.length; i++) expect(ma[i][0]).toBeGreaterThan(ma[i - 1][1]);
        const total = (x: [number, number][]) => x.reduce((t, [p, q]) => t + q - p, 0);
        expect(overlapMs(ma, mb)).toBe(overlapMs(mb, ma));
        expect(overlapMs(ma, mb)).toBeLessThanOrEqual(Math.min(total(ma), total(mb)));
        expect(overlapMs(ma, ma)).toBe(total(ma));
      }),
      { numRuns: 300 },
    );
  });
});
