import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, apiHarness } from '../api-harness';
import { TestDatabases } from '../test-databases';

const databases = TestDatabases.create();
const local = (s: string) => new Date(`${s}+08:00`).toISOString();

describe.each(databases.eachSupportedId())('complaints API on %s', (id) => {
  let h: ApiHarness;
  let customerId: string;
  beforeAll(async () => {
    h = await apiHarness(databases, id);
    customerId = (
      await h.call({
        method: 'POST',
        url: '/api/v1/customers',
        token: await h.token('agent'),
        payload: { name: '投诉人', phone: '13977001122' },
      })
    ).json().id;
  });
  afterAll(() => h.close());
  const post = async (url: string, payload: Record<string, unknown>) =>
    h.call({ method: 'POST', url, token: await h.token('agent'), payload });

  it('gives a complaint a 24 h calendar-time response clock', async () => {
    h.now.value = new Date(local('2026-02-13T10:00:00'));
    const r = await post('/api/v1/complaints', { customerId, description: '维修师傅态度差' });
    expect(r.statusCode).toBe(201);
    const c = r.json();
    expect(c.number).toMatch(/^CP-20260213-\d{4}$/);
    expect(Object.keys(c.sla)).toEqual(['response']);
    expect(c.sla.response).toMatchObject({
      dueAt: local('2026-02-14T10:00:00'),
      status: 'running',
      metAt: null,
    });
  });

  it('gives a complex complaint a plan due 24:00 of the 3rd working day, over Spring Festival', async () => {
    h.now.value = new Date(local('2026-02-13T10:00:00'));
    const c = (
      await post('/api/v1/complaints', {
        customerId,
        description: '空调三次维修仍不制冷，要求退货',
        complex: true,
      })
    ).json();
    expect(c.complex).toBe(true);
    // Working days after Fri 02-13: Sat 02-14 (make-up), Tue 02-24, Wed 02-25.
    expect(c.sla.plan.dueAt).toBe(local('2026-02-26T00:00:00'));
    h.now.value = new Date(local('2026-02-13T11:00:00'));
    const responded = (await post(`/api/v1/complaints/${c.id}/events`, { type: 'responded' })).json();
    expect(responded.sla.response).toMatchObject({ status: 'met', metAt: local('2026-02-13T11:00:00') });
    h.now.value = new Date(local('2026-02-24T09:00:00'));
    const plan = (
      await post(`/api/v1/complaints/${c.id}/events`, { type: 'plan-proposed', plan: '更换整机' })
    ).json();
    expect(plan.sla.plan.status).toBe('met');
    expect((await post(`/api/v1/complaints/${c.id}/events`, { type: 'closed' })).statusCode).toBe(409);
    expect((await post(`/api/v1/complaints/${c.id}/events`, { type: 'resolved' })).json().status).toBe(
      'resolved',
    );
    expect((await post(`/api/v1/complaints/${c.id}/events`, { type: 'closed' })).json().status).toBe(
      'closed',
    );
  });

  it('treats a complaint not resolved at its first response as complex (A-8)', async () => {
    h.now.value = new Date(local('2026-03-02T10:00:00'));
    const c = (await post('/api/v1/complaints', { customerId, description: '上门迟到两个小时' })).json();
    expect(c.complex).toBe(false);
    const r = (await post(`/api/v1/complaints/${c.id}/events`, { type: 'responded' })).json();
    expect(r.complex).toBe(true);
    expect(r.complexReason).toBe('not-closed-at-first-response');
    expect(r.sla.plan.dueAt).toBe(local('2026-03-06T00:00:00'));
  });

  it('rejects out-of-order events, bad input and foreign customers', async () => {
    h.now.value = new Date(local('2026-03-03T10:00:00'));
    const c = (await post('/api/v1/complaints', { customerId, description: '配件收费不透明' })).json();
    expect((await post(`/api/v1/complaints/${c.id}/events`, { type: 'plan-proposed' })).statusCode).toBe(409);
    expect((await post(`/api/v1/complaints/${c.id}/events`, { type: 'resumed' })).statusCode).toBe(409);
    expect((await post(`/api/v1/complaints/${c.id}/events`, { type: 'flew-away' })).statusCode).toBe(400);
    expect((await post('/api/v1/complaints', { customerId, description: '' })).statusCode).toBe(400);
    const customer = await h.token('customer', { customerId });
    const other = (await post('/api/v1/customers', { name: '路人', phone: '13977009999' })).json();
    const foreign = await h.call({
      method: 'POST',
      url: '/api/v1/complaints',
      token: customer,
      payload: { customerId: other.id, description: '投诉内容' },
    });
    expect(foreign.statusCode).toBe(400);
    const own = await h.call({
      method: 'POST',
      url: '/api/v1/complaints',
      token: customer,
      payload: { customerId, description: '我要投诉服务' },
    });
    expect(own.statusCode).toBe(201);
    const list = (await h.call({ method: 'GET', url: '/api/v1/complaints', token: customer })).json();
    expect(list.items.every((x: { customerId: string }) => x.customerId === customerId)).toBe(true);
  });
});
