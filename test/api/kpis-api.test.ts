import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, apiHarness } from '../api-harness';
import { TestDatabases } from '../test-databases';

const databases = TestDatabases.create();
const local = (s: string) => new Date(`${s}+08:00`).toISOString();

// Hand-built scenario around the November/December 2026 boundary; the expected figures below were worked
// out by hand from CONTRACT's clock rules, independently of the implementation.
describe.each(databases.eachSupportedId())('KPIs from SLA clocks on %s', (id) => {
  let h: ApiHarness;
  let customerId: string;
  const refs: Record<string, string> = {};

  beforeAll(async () => {
    h = await apiHarness(databases, id);
    h.now.value = new Date(local('2026-11-01T09:00:00'));
    customerId = (
      await h.call({
        method: 'POST',
        url: '/api/v1/customers',
        token: await h.token('agent'),
        payload: { name: '指标', phone: '13500001234' },
      })
    ).json().id;
  });
  afterAll(() => h.close());

  async function at(when: string) {
    h.now.value = new Date(local(when));
    return h.token('agent');
  }
  async function sr(key: string, when: string, type: string, description = '设备故障') {
    const token = await at(when);
    const r = await h.call({
      method: 'POST',
      url: '/api/v1/service-requests',
      token,
      payload: { customerId, channel: 'hotline', type, description, receivedAt: local(when) },
    });
    expect(r.statusCode).toBe(201);
    refs[key] = r.json().id;
  }
  async function ev(key: string, when: string, payload: Record<string, unknown>, kind = 'service-requests') {
    const token = await at(when);
    const r = await h.call({
      method: 'POST',
      url: `/api/v1/${kind}/${refs[key]}/events`,
      token,
      payload: { at: local(when), ...payload },
    });
    expect(r.statusCode, `${key} ${payload.type}`).toBe(201);
  }
  async function cp(key: string, when: string, complex = false) {
    const token = await at(when);
    const r = await h.call({
      method: 'POST',
      url: '/api/v1/complaints',
      token,
      payload: { customerId, description: '投诉', receivedAt: local(when), complex },
    });
    expect(r.statusCode).toBe(201);
    refs[key] = r.json().id;
  }

  it('equals the hand-computed figures, across a month boundary and with requests open past their deadline', async () => {
    await sr('D', '2026-11-15T10:00:00', 'emergency', '闻到煤气味');
    await ev('D', '2026-11-15T10:05:00', { type: 'responded' });
    await ev('D', '2026-11-15T10:10:00', { type: 'dispatched' });
    await cp('G', '2026-11-10T09:00:00', true);
    await ev('G', '2026-11-10T15:00:00', { type: 'responded' }, 'complaints');
    await ev('G', '2026-11-12T15:00:00', { type: 'plan-proposed' }, 'complaints');
    await sr('C', '2026-11-29T23:55:00', 'emergency', '漏电');
    await ev('C', '2026-11-30T00:05:00', { type: 'responded' });
    await ev('C', '2026-11-30T00:12:00', { type: 'dispatched' });
    await sr('H', '2026-11-30T18:00:00', 'repair');
    await ev('H', '2026-11-30T18:10:00', { type: 'cancelled' });
    await sr('B', '2026-11-30T19:00:00', 'repair');
    await sr('A', '2026-11-30T19:50:00', 'repair');
    await cp('F', '2026-11-30T20:00:00');
    await ev('A', '2026-12-01T08:10:00', { type: 'responded' });
    await ev('B', '2026-12-01T08:30:00', { type: 'responded' });
    await ev('A', '2026-12-01T09:00:00', {
      type: 'appointment-agreed',
      arrivalAt: local('2026-12-01T14:00:00'),
    });
    await sr('E', '2026-12-01T10:00:00', 'consultation', '请问怎么清洗滤网');
    await ev('F', '2026-12-01T10:00:00', { type: 'responded' }, 'complaints');

    const token = await at('2026-12-02T12:00:00');
    const manager = await h.token('manager');
    const nov = await h.call({
      method: 'GET',
      url: '/api/v1/kpis?from=2026-11-01&to=2026-12-01',
      token: manager,
    });
    expect(nov.statusCode).toBe(200);
    const body = nov.json();
    expect(body).toMatchObject({ from: '2026-11-01', to: '2026-12-01' });
    const get = (k: string) => body.indicators.find((i: { id: string }) => i.id === k);
    expect(get('Q-8.2-EMERGENCY-RESPONSE')).toMatchObject({
      numerator: 1,
      denominator: 2,
      value: 0.5,
      target: 1,
      meets: false,
    });
    expect(get('Q-8.2-EMERGENCY-RESPONSE').breaches).toEqual([refs.C]);
    expect(get('Q-8.2-REPAIR-RESPONSE')).toMatchObject({ numerator: 1, denominator: 2, excluded: 1 });
    expect(get('Q-8.2-REPAIR-APPOINTMENT')).toMatchObject({ numerator: 1, denominator: 2, excluded: 1 });
    expect(get('Q-8.2-REPAIR-APPOINTMENT').breaches).toEqual([refs.B]);
    expect(get('Q-8.2-CONSULT-RESPONSE')).toMatchObject({ value: null, denominator: 0, meets: null });
    expect(get('Q-8.5-COMPLAINT-RESPONSE')).toMatchObject({
      numerator: 2,
      denominator: 2,
      value: 1,
      meets: true,
    });
    expect(get('Q-8.5-COMPLEX-COMPLAINT-PLAN')).toMatchObject({ numerator: 1, denominator: 1 });
    expect(get('Q-9.1-RESPONSE-TIMELINESS')).toMatchObject({
      numerator: 4,
      denominator: 6,
      target: 0.95,
      meets: false,
    });
    expect(get('Q-8.1-HOTLINE-15S')).toMatchObject({ value: null });
    expect(get('Q-8.1-CHAT-RESPONSE')).toMatchObject({ value: null });

    const dec = (
      await h.call({ method: 'GET', url: '/api/v1/kpis?from=2026-12-01&to=2027-01-01', token: manager })
    ).json();
    const dget = (k: string) => dec.indicators.find((i: { id: string }) => i.id === k);
    // E is open past its 5-minute deadline: a breach. F's plan (complex after its first response, A-8) is due
    // 12-04 00:00 and still pending.
    expect(dget('Q-8.2-CONSULT-RESPONSE')).toMatchObject({ numerator: 0, denominator: 1, value: 0 });
    expect(dget('Q-8.5-COMPLEX-COMPLAINT-PLAN')).toMatchObject({ denominator: 0, pending: 1 });
    void token;
  });

  it('validates the period and needs the permission', async () => {
    const manager = await h.token('manager');
    expect(
      (await h.call({ method: 'GET', url: '/api/v1/kpis?from=2026-12-01&to=2026-11-01', token: manager }))
        .statusCode,
    ).toBe(400);
    expect(
      (await h.call({ method: 'GET', url: '/api/v1/kpis?from=2026-13-01&to=2026-12-01', token: manager }))
        .statusCode,
    ).toBe(400);
    expect((await h.call({ method: 'GET', url: '/api/v1/kpis', token: manager })).statusCode).toBe(400);
    expect(
      (
        await h.call({
          method: 'GET',
          url: '/api/v1/kpis?from=2026-11-01&to=2026-12-01',
          token: await h.token('customer', { customerId }),
        })
      ).statusCode,
    ).toBe(403);
  });
});
