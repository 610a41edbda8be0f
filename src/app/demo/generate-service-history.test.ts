import { describe, expect, it } from 'vitest';
import { applyComplaintEvent, type ComplaintStatus } from '../../domain/complaints/complaint-lifecycle';
import { applyLifecycleEvent, CHANNELS, type RequestStatus } from '../../domain/requests/request-lifecycle';
import { safetyTriage } from '../../domain/requests/safety-triage';
import { epochDays } from './epoch-days';
import { generateInstalledBase } from './generate-installed-base';
import { type DemoServiceRequest, generateServiceHistory, isoInstant } from './generate-service-history';

const now = '2026-11-29T02:00:00.000Z'; // 10:00 in Guangxi
const base = generateInstalledBase({ seed: 20261129, customers: 2500, asOf: '2026-11-29' });
const history = generateServiceHistory({ seed: 20261129, base, now });
const { requests, complaints } = history;
const share = (xs: readonly unknown[], n: number) => n / xs.length;
const localMonth = (iso: string) => new Date(Date.parse(iso) + 8 * 3600_000).getUTCMonth() + 1;
const localDay = (iso: string) => Math.floor((Date.parse(iso) + 8 * 3600_000) / 86_400_000);
const firstResolved = (r: DemoServiceRequest) => r.events.find((e) => e.type === 'resolved');

describe('generateServiceHistory', () => {
  it('is deterministic for a seed and changes with another seed', () => {
    const small = generateInstalledBase({ seed: 3, customers: 150, asOf: '2026-11-29' });
    const a = generateServiceHistory({ seed: 3, base: small, now });
    expect(JSON.stringify(generateServiceHistory({ seed: 3, base: small, now }))).toBe(JSON.stringify(a));
    const b = generateServiceHistory({ seed: 4, base: small, now });
    expect(b.requests.map((r) => r.description)).not.toEqual(a.requests.map((r) => r.description));
  });

  it('covers the twelve months before now with about 1.6 requests per customer, in time order', () => {
    expect(history.from).toBe('2025-11-28');
    expect(requests.length / base.customers.length).toBeGreaterThan(1.3);
    expect(requests.length / base.customers.length).toBeLessThan(2.4);
    const from = Date.parse(`${history.from}T00:00:00+08:00`);
    for (let i = 0; i < requests.length; i++) {
      const r = requests[i];
      expect(Date.parse(r.receivedAt)).toBeGreaterThanOrEqual(from);
      expect(r.receivedAt < now).toBe(true);
      if (i > 0) expect(r.receivedAt >= requests[i - 1].receivedAt).toBe(true);
    }
  });

  it('mixes types (repair most) and all six channels', () => {
    const types = new Map<string, number>();
    for (const r of requests) types.set(r.type, (types.get(r.type) ?? 0) + 1);
    const sorted = [...types].sort((a, b) => b[1] - a[1]);
    expect(sorted[0][0]).toBe('repair');
    expect([...types.keys()].sort()).toEqual(
      ['consultation', 'emergency', 'installation', 'maintenance', 'repair', 'return'].sort(),
    );
    expect(share(requests, types.get('emergency') ?? 0)).toBeLessThan(0.015);
    expect(new Set(requests.map((r) => r.channel))).toEqual(new Set(CHANNELS));
    expect(share(requests, requests.filter((r) => r.channel === 'hotline').length)).toBeGreaterThan(0.3);
  });

  it('follows the seasons: air conditioners in summer, water heaters in winter', () => {
    const count = (category: RegExp, months: number[]) =>
      requests.filter(
        (r) => r.type === 'repair' && category.test(r.category) && months.includes(localMonth(r.receivedAt)),
      ).length;
    expect(count(/^空调$/, [6, 7, 8])).toBeGreaterThan(2.5 * count(/^空调$/, [12, 1, 2]));
    expect(count(/热水器$/, [12, 1, 2])).toBeGreaterThan(2 * count(/热水器$/, [6, 7, 8]));
  });

  it('installs after purchases and takes returns within 7 days of the purchase', () => {
    const purchased = (r: DemoServiceRequest) =>
      epochDays.parse(base.customers[r.customerIndex].units[r.unitIndex].purchasedAt);
    const installs = requests.filter((r) => r.type === 'installation' && !r.ambiguous);
    expect(installs.length).toBeGreaterThan(requests.length * 0.1);
    for (const r of installs) expect(localDay(r.receivedAt)).toBeGreaterThanOrEqual(purchased(r));
    const returns = requests.filter((r) => r.type === 'return' && !r.ambiguous);
    expect(returns.length).toBeGreaterThan(10);
    for (const r of returns) {
      const days = localDay(r.receivedAt) - purchased(r);
      expect(days).toBeGreaterThanOrEqual(1);
      expect(days).toBeLessThanOrEqual(7);
    }
  });

  it('describes hazards so that the safety rules catch every one, and nothing else trips them', () => {
    const emergencies = requests.filter((r) => r.type === 'emergency');
    expect(emergencies.length).toBeGreaterThan(5);
    expect(emergencies.filter((r) => safetyTriage(r.description) === null).map((r) => r.description)).toEqual(
      [],
    );
    expect(
      requests.filter((r) => r.type !== 'emergency' && safetyTriage(r.description)).map((r) => r.description),
    ).toEqual([]);
  });

  it('varies wording, keeps ~5 % ambiguous texts, and records agents overriding intake', () => {
    expect(new Set(requests.map((r) => r.description)).size).toBeGreaterThan(requests.length * 0.45);
    const ambiguous = share(requests, requests.filter((r) => r.ambiguous).length);
    expect(ambiguous).toBeGreaterThan(0.03);
    expect(ambiguous).toBeLessThan(0.07);
    const overridden = requests.filter((r) => r.typeSource === 'agent');
    expect(overridden.length).toBeGreaterThan(requests.length * 0.05);
    for (const r of overridden) {
      expect(r.initialType).not.toBe(r.type);
      expect(r.events[0]).toMatchObject({ type: 'reclassified', data: { from: r.initialType, to: r.type } });
    }
    for (const r of requests.filter((x) => x.typeSource !== 'agent')) expect(r.initialType).toBe(r.type);
  });

  it('writes valid timelines before now, with pauses for parts, cancellations and reopened repairs', () => {
    const bad: unknown[] = [];
    for (const r of requests) {
      let state = { status: 'received' as RequestStatus, paused: false };
      let last = r.receivedAt;
      for (const e of r.events) {
        if (e.at < last || e.at >= now) bad.push(['time', r.receivedAt, e]);
        const t = applyLifecycleEvent(state, e.type);
        if (t.ok) state = t.state;
        else bad.push(['order', r.events.map((x) => x.type).join(',')]);
        last = e.at;
      }
      if (state.status !== r.status) bad.push(['status', r.status, state.status]);
      const agreed = r.events.find((e) => e.type === 'appointment-agreed');
      if (agreed && !(String(agreed.data?.arrivalAt) > agreed.at)) bad.push(['arrival', agreed]);
    }
    expect(bad).toEqual([]);
    const types = (t: string) => requests.filter((r) => r.events.some((e) => e.type === t)).length;
    expect(types('paused')).toBeGreaterThan(requests.length * 0.02);
    expect(types('paused')).toBe(
      types('resumed') + requests.filter((r) => r.events.at(-1)?.type === 'paused').length,
    );
    expect(share(requests, types('cancelled'))).toBeGreaterThan(0.01);
    expect(share(requests, types('cancelled'))).toBeLessThan(0.06);
    expect(types('reopened')).toBeGreaterThan(0);
    expect(share(requests, requests.filter((r) => r.status === 'closed').length)).toBeGreaterThan(0.9);
    // The last days are still being worked on.
    expect(requests.filter((r) => !['closed', 'cancelled'].includes(r.status)).length).toBeGreaterThan(0);
  });

  it('resolves about 80 % at the first contact and is late on a realistic 5–10 % of clocks', () => {
    const resolved = requests.map(firstResolved).filter((e) => e !== undefined);
    const fcr = share(resolved, resolved.filter((e) => e.data?.firstContact === true).length);
    expect(fcr).toBeGreaterThan(0.74);
    expect(fcr).toBeLessThan(0.88);
    const late = share(requests, requests.filter((r) => r.late !== null && r.late !== 'arrival').length);
    expect(late).toBeGreaterThan(0.05);
    expect(late).toBeLessThan(0.1);
    const arrivals = requests.flatMap((r) => r.events.filter((e) => e.type === 'arrived'));
    expect(arrivals.length).toBeGreaterThan(requests.length * 0.4);
  });

  it('raises complaints on about 2 % of requests, some complex, with valid timelines', () => {
    const rate = complaints.length / requests.length;
    expect(rate).toBeGreaterThan(0.01);
    expect(rate).toBeLessThan(0.035);
    expect(complaints.some((c) => c.complex)).toBe(true);
    expect(complaints.some((c) => c.requestIndex === null)).toBe(true);
    for (const c of complaints) {
      expect(c.receivedAt < now).toBe(true);
      if (c.requestIndex !== null) {
        const r = requests[c.requestIndex];
        expect(r.customerIndex).toBe(c.customerIndex);
        expect(c.receivedAt > r.receivedAt).toBe(true);
      }
      let state = { status: 'received' as ComplaintStatus, paused: false };
      for (const e of c.events) {
        const t = applyComplaintEvent(state, e.type);
        expect(t.ok).toBe(true);
        if (t.ok) state = t.state;
      }
      expect(state.status).toBe(c.status);
      if (c.complex) expect(c.complexReason).toBeTruthy();
    }
  });

  it('formats instants exactly like Date#toISOString', () => {
    for (const ms of [0, 951_782_400_000, 1_764_381_600_123.7, 1_764_460_799_999, 1e12 + 1])
      expect(isoInstant(ms)).toBe(new Date(Math.floor(ms)).toISOString());
  });
});
