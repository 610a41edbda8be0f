import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, apiHarness, countRows } from '../api-harness';
import { TestDatabases } from '../test-databases';

const databases = TestDatabases.create();

describe.each(databases.eachSupportedId())('identity by phone and customer merge on %s', (id) => {
  let h: ApiHarness;
  beforeAll(async () => {
    h = await apiHarness(databases, id);
  });
  afterAll(() => h.close());

  it('files a request for a known caller by phone, and registers an unknown one', async () => {
    const agent = await h.token('agent');
    const known = (
      await h.call({
        method: 'POST',
        url: '/api/v1/customers',
        token: agent,
        payload: { name: '老客户', phone: '13911112222' },
      })
    ).json();
    const before = await countRows(h.deps, 'customers');
    const r1 = await h.call({
      method: 'POST',
      url: '/api/v1/service-requests',
      token: agent,
      payload: {
        caller: { name: '老客户', phone: '+86 139 1111 2222' },
        channel: 'hotline',
        description: '洗衣机漏水',
      },
    });
    expect(r1.statusCode).toBe(201);
    expect(r1.json().customerId).toBe(known.id);
    expect(await countRows(h.deps, 'customers')).toBe(before);
    const r2 = await h.call({
      method: 'POST',
      url: '/api/v1/service-requests',
      token: agent,
      payload: {
        caller: { name: '新客户', phone: '13922223333' },
        channel: 'hotline',
        description: '电视黑屏',
      },
    });
    expect(r2.statusCode).toBe(201);
    expect(await countRows(h.deps, 'customers')).toBe(before + 1);
    const neither = await h.call({
      method: 'POST',
      url: '/api/v1/service-requests',
      token: agent,
      payload: { channel: 'hotline', description: '电视黑屏' },
    });
    expect(neither.statusCode).toBe(400);
    expect(neither.json().error.details[0].path).toBe('customerId');
  });

  it('merges a duplicate into the survivor with its units, requests and contacts', async () => {
    const agent = await h.token('agent');
    const admin = await h.token('admin');
    await h.call({
      method: 'POST',
      url: '/api/v1/product-models',
      token: admin,
      payload: {
        code: 'M-1',
        name: '洗衣机',
        category: '洗衣机',
        warranty: { returnDays: 7, exchangeDays: 15, repairDays: 365, partsMonths: 12, labourMonths: 12 },
      },
    });
    const a = (
      await h.call({
        method: 'POST',
        url: '/api/v1/customers',
        token: agent,
        payload: { name: '韦先生', phone: '13833334444' },
      })
    ).json();
    const b = (
      await h.call({
        method: 'POST',
        url: '/api/v1/customers',
        token: agent,
        payload: { name: '韦先生(重复)', phone: '13833334444' },
      })
    ).json();
    const unit = (
      await h.call({
        method: 'POST',
        url: '/api/v1/units',
        token: agent,
        payload: { customerId: b.id, serial: 'WM-DUP-0001', model: 'M-1' },
      })
    ).json();
    const sr = (
      await h.call({
        method: 'POST',
        url: '/api/v1/service-requests',
        token: agent,
        payload: { customerId: b.id, unitId: unit.id, channel: 'hotline', description: '不脱水' },
      })
    ).json();
    const user = await h.token('customer', { customerId: b.id });
    const r = await h.call({
      method: 'POST',
      url: `/api/v1/customers/${a.id}/merge`,
      token: agent,
      payload: { duplicateId: b.id },
    });
    expect(r.statusCode).toBe(200);
    expect(r.json().moved).toMatchObject({ units: 1, service_requests: 1 });
    expect((await h.call({ method: 'GET', url: `/api/v1/customers/${b.id}`, token: agent })).statusCode).toBe(
      404,
    );
    expect(
      (await h.call({ method: 'GET', url: `/api/v1/units/${unit.id}`, token: agent })).json().customerId,
    ).toBe(a.id);
    expect(
      (await h.call({ method: 'GET', url: `/api/v1/service-requests/${sr.id}`, token: agent })).json()
        .customerId,
    ).toBe(a.id);
    // The duplicate's portal user now sees the survivor's records.
    expect(
      (await h.call({ method: 'GET', url: '/api/v1/units', token: user }))
        .json()
        .items.map((u: { id: string }) => u.id),
    ).toEqual([unit.id]);
    const audit = await h.deps.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'customer.merge')
      .execute();
    expect(audit).toHaveLength(1);
  });

  it('refuses to merge strangers without force, and itself', async () => {
    const agent = await h.token('agent');
    const a = (
      await h.call({
        method: 'POST',
        url: '/api/v1/customers',
        token: agent,
        payload: { name: '甲', phone: '13855556666' },
      })
    ).json();
    const b = (
      await h.call({
        method: 'POST',
        url: '/api/v1/customers',
        token: agent,
        payload: { name: '乙', phone: '13855557777' },
      })
    ).json();
    const before = await countRows(h.deps, 'customers');
    expect(
      (
        await h.call({
          method: 'POST',
          url: `/api/v1/customers/${a.id}/merge`,
          token: agent,
          payload: { duplicateId: b.id },
        })
      ).statusCode,
    ).toBe(400);
    expect(
      (
        await h.call({
          method: 'POST',
          url: `/api/v1/customers/${a.id}/merge`,
          token: agent,
          payload: { duplicateId: a.id },
        })
      ).statusCode,
    ).toBe(400);
    expect(await countRows(h.deps, 'customers')).toBe(before);
    const forced = await h.call({
      method: 'POST',
      url: `/api/v1/customers/${a.id}/merge`,
      token: agent,
      payload: { duplicateId: b.id, force: true },
    });
    expect(forced.statusCode).toBe(200);
    // The duplicate's phone stays reachable as a contact of the survivor.
    const detail = (await h.call({ method: 'GET', url: `/api/v1/customers/${a.id}`, token: agent })).json();
    expect(detail.contacts.map((c: { phone: string }) => c.phone)).toContain('138****7777');
  });
});
