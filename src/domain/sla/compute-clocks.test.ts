import fs from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Calendar, compileCalendar, defaultCalendars, parseHolidayCnJson } from '../calendar';
import { type ClockEvent, computeClock, deadlineWithPauses } from './compute-clocks';
import { type ClockRule, DEFAULT_SLA_POLICIES, resolvePolicy } from './sla-policy';

const notice = parseHolidayCnJson(
  fs.readFileSync(
    new URL('../../../../shared/data/calendar-cn/holiday-cn_2026.json', import.meta.url),
    'utf8',
  ),
);
const calendars = new Map<string, Calendar>(defaultCalendars(notice).map((s) => [s.id, compileCalendar(s)]));
const lookup = (id: string) => calendars.get(id) as Calendar;
const at = (local: string) => Date.parse(`${local}+08:00`);
const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
const rule = (subject: 'service-request' | 'complaint', type: string, name: string): ClockRule => {
  const p = resolvePolicy(DEFAULT_SLA_POLICIES, { subject, type });
  const r = p?.clocks.find((c) => c.name === name);
  if (!r) throw new Error(`no ${name} clock for ${type}`);
  return r;
};
const ev = (type: string, local: string): ClockEvent => ({ type, at: at(local) });

describe('SLA clocks of CONTRACT.md', () => {
  it('emergency response: 15 min around the clock, not pausable', () => {
    const r = rule('service-request', 'emergency', 'response');
    const start = at('2026-02-17T03:00:00'); // Spring Festival, at night
    const c = computeClock(
      r,
      lookup,
      start,
      [ev('paused', '2026-02-17T03:01:00'), ev('resumed', '2026-02-17T04:00:00')],
      at('2026-02-17T03:05:00'),
    );
    expect(iso(c.dueAt)).toBe(iso(at('2026-02-17T03:15:00')));
    expect(c.status).toBe('running');
    const later = computeClock(
      r,
      lookup,
      start,
      [ev('responded', '2026-02-17T03:16:00')],
      at('2026-02-17T05:00:00'),
    );
    expect(later.status).toBe('breached');
    expect(iso(later.metAt)).toBe(iso(at('2026-02-17T03:16:00')));
  });

  it('repair response on service hours: 19:50 + 30 min → 08:20 next day, holidays included', () => {
    const r = rule('service-request', 'repair', 'response');
    const c = computeClock(r, lookup, at('2026-10-01T19:50:00'), [], at('2026-10-01T21:00:00'));
    expect(iso(c.dueAt)).toBe(iso(at('2026-10-02T08:20:00')));
    expect(c.status).toBe('running');
    expect(c.usedMs).toBe(10 * 60_000);
    expect(c.warnAt).toBe(at('2026-10-02T08:14:00'));
  });

  it('a pause stops a pausable clock and is measured in its own calendar', () => {
    const r = rule('service-request', 'repair', 'appointment');
    const start = at('2026-11-30T19:00:00'); // 60 min left today
    // Paused 19:30 → resumed next day 09:00: only 08:00–09:00 of the pause is working time.
    const events = [ev('paused', '2026-11-30T19:30:00'), ev('resumed', '2026-12-01T09:00:00')];
    const c = computeClock(r, lookup, start, events, at('2026-12-01T09:00:00'));
    // 30 min used before the pause, 90 min left from 09:00 → 10:30.
    expect(iso(c.dueAt)).toBe(iso(at('2026-12-01T10:30:00')));
    const paused = computeClock(r, lookup, start, events.slice(0, 1), at('2026-12-01T12:00:00'));
    expect(paused.status).toBe('paused');
    expect(paused.dueAt).toBeNull();
    expect(paused.remainingMs).toBe(90 * 60_000);
  });

  it('appointment-agreed meets both the response and the appointment clock', () => {
    const start = at('2026-11-30T09:00:00');
    const events = [ev('appointment-agreed', '2026-11-30T09:20:00')];
    expect(
      computeClock(rule('service-request', 'repair', 'response'), lookup, start, events, start).status,
    ).toBe('met');
    expect(
      computeClock(rule('service-request', 'repair', 'appointment'), lookup, start, events, start).status,
    ).toBe('met');
  });

  it('complex complaint plan: 3 working days over Spring Festival and its make-up day', () => {
    const r = rule('complaint', 'complex', 'plan');
    // Received Fri 2026-02-13; holidays 02-15..02-23, make-up working days Sat 02-14 and Sat 02-28.
    const c = computeClock(r, lookup, at('2026-02-13T10:00:00'), [], at('2026-02-13T10:00:00'));
    expect(iso(c.dueAt)).toBe(iso(at('2026-02-26T00:00:00')));
    // A pause of one working day pushes it by one working day.
    const p = computeClock(
      r,
      lookup,
      at('2026-02-13T10:00:00'),
      [ev('paused', '2026-02-24T00:00:00'), ev('resumed', '2026-02-25T00:00:00')],
      at('2026-02-25T00:00:00'),
    );
    expect(iso(p.dueAt)).toBe(iso(at('2026-02-27T00:00:00')));
  });

  it('National Day: 3 working days from 2026-09-30 end at 24:00 on 10-10, a make-up Saturday', () => {
    const r = rule('complaint', 'complex', 'plan');
    const c = computeClock(r, lookup, at('2026-09-30T15:00:00'), [], at('2026-09-30T15:00:00'));
    // Holidays 10-01..10-07; working days after 09-30: 10-08 (Thu), 10-09 (Fri), 10-10 (Sat, make-up).
    const days = notice.workdays.filter((d) => d.startsWith('2026-10'));
    expect(days).toContain('2026-10-10');
    expect(iso(c.dueAt)).toBe(iso(at('2026-10-11T00:00:00')));
  });
});

describe('SLA clock properties', () => {
  const start0 = at('2026-01-01T00:00:00');
  const span = 400 * 86_400_000;
  const rules: ClockRule[] = [
    { name: 'a', target: { minutes: 30 }, calendar: 'service-hours', pausable: true, stopOn: ['responded'] },
    { name: 'b', target: { minutes: 24 * 60 }, calendar: '24x7', pausable: true, stopOn: ['responded'] },
    {
      name: 'c',
      target: { workingDays: 3 },
      calendar: 'working-days',
      pausable: true,
      stopOn: ['responded'],
    },
  ];
  const arbPauses = fc
    .array(fc.integer({ min: 0, max: 10 * 86_400_000 }), { maxLength: 6 })
    .map((xs) => [...xs].sort((a, b) => a - b));

  it('pauses never shorten a deadline, and more pausing never moves it earlier', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: span }),
        arbPauses,
        fc.constantFrom(...rules),
        (offset, cuts, r) => {
          const start = start0 + offset;
          const events: ClockEvent[] = [];
          for (let i = 0; i + 1 < cuts.length; i += 2) {
            events.push(
              { type: 'paused', at: start + cuts[i] },
              { type: 'resumed', at: start + cuts[i + 1] },
            );
          }
          const now = start + 20 * 86_400_000;
          const none = computeClock(r, lookup, start, [], now);
          const withPauses = computeClock(r, lookup, start, events, now);
          expect(withPauses.dueAt as number).toBeGreaterThanOrEqual(none.dueAt as number);
          // Dropping the last pause never moves the deadline later.
          const fewer = computeClock(r, lookup, start, events.slice(0, Math.max(0, events.length - 2)), now);
          expect(fewer.dueAt as number).toBeLessThanOrEqual(withPauses.dueAt as number);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('at the deadline exactly the target of working time has been used', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: span }),
        arbPauses,
        fc.constantFrom(...rules),
        (offset, cuts, r) => {
          const start = start0 + offset;
          const events: ClockEvent[] = [];
          for (let i = 0; i + 1 < cuts.length; i += 2) {
            events.push(
              { type: 'paused', at: start + cuts[i] },
              { type: 'resumed', at: start + cuts[i + 1] },
            );
          }
          const c = computeClock(r, lookup, start, events, start);
          const atDue = computeClock(r, lookup, start, events, c.dueAt as number);
          expect(atDue.usedMs).toBe(c.targetMs);
          expect(atDue.status).not.toBe('breached');
          expect(computeClock(r, lookup, start, events, (c.dueAt as number) + 1).status).toBe('breached');
        },
      ),
      { numRuns: 300 },
    );
  });

  it('meeting before the deadline is met, after it breached', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: span }),
        fc.integer({ min: 0, max: 5 * 86_400_000 }),
        fc.constantFrom(...rules),
        (offset, metAfter, r) => {
          const start = start0 + offset;
          const base = computeClock(r, lookup, start, [], start);
          const c = computeClock(
            r,
            lookup,
            start,
            [{ type: 'responded', at: start + metAfter }],
            start + 30 * 86_400_000,
          );
          expect(c.status).toBe(start + metAfter <= (base.dueAt as number) ? 'met' : 'breached');
        },
      ),
      { numRuns: 300 },
    );
  });

  it('deadlineWithPauses without pauses equals addWorkingTime', () => {
    const cal = lookup('service-hours');
    fc.assert(
      fc.property(fc.integer({ min: 0, max: span }), fc.integer({ min: 0, max: 3 * 86_400_000 }), (o, d) => {
        expect(deadlineWithPauses(cal, start0 + o, d, [])).toBe(cal.addWorkingTime(start0 + o, d));
      }),
    );
  });
});

describe('policy resolution', () => {
  it('prefers contract over customer group over region over default', () => {
    const base = DEFAULT_SLA_POLICIES.find((p) => p.id === 'default-general');
    if (!base) throw new Error('missing default');
    const region = { ...base, id: 'region', match: { ...base.match, region: '南宁' } };
    const group = { ...base, id: 'group', match: { ...base.match, customerGroup: 'VIP' } };
    const contract = { ...base, id: 'contract', match: { ...base.match, contractId: 'C1' } };
    const all = [base, region, group, contract];
    const s = { subject: 'service-request' as const, type: 'repair' };
    expect(resolvePolicy(all, s)?.id).toBe('default-general');
    expect(resolvePolicy(all, { ...s, region: '南宁市' })?.id).toBe('region');
    expect(resolvePolicy(all, { ...s, region: '南宁市', customerGroup: 'VIP' })?.id).toBe('group');
    expect(resolvePolicy(all, { ...s, region: '南宁市', customerGroup: 'VIP', contractId: 'C1' })?.id).toBe(
      'contract',
    );
    expect(resolvePolicy(all, { ...s, type: 'emergency' })).toBeNull();
  });
});
