import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, apiHarness, countRows } from '../api-harness';
import { TestDatabases } from '../test-databases';

const databases = TestDatabases.create();
const local = (s: string) => new Date(`${s}+08:00`).toISOString();

describe.each(databases.eachSupportedId())('service requests API on %s', (id) => {
  let h: ApiHarness;
  let customerId: string;

  beforeAll(async () => {
    h = await apiHarness(databases, id);
    customerId = (
      await h.call({
        method: 'POST',
        url: '/api/v1/customers',
        token: await h.token('agent'),
        payload: { name: '黄女士', phone: '13877001122' },
      })
    ).json().id;
  });
  afterAll(() => h.close());

  const create = async (payload: Record<string, unknown>, headers: Record<string, string> = {}) =>
    h.call({
      method: 'POST',
      url: '/api/v1/service-requests',
      token: await h.token('agent'),
      headers,
      payload: { customerId, channel: 'hotline', ...payload },
    });
  const event = async (rid: string, payload: Record<string, unknown>) =>
    h.call({
      method: 'POST',
      url: `/api/v1/service-requests/${rid}/events`,
      token: await h.token('agent'),
      payload,
    });

  it('classifies a gas smell as an emergency with 15-minute response and arrangement clocks', async () => {
    h.now.value = new Date(local('2026-11-29T02:10:00'));
    const res = await create({ description: '厨房有很重的煤气味', receivedAt: local('2026-11-29T02:00:00') });
    expect(res.statusCode).toBe(201);
    const sr = res.json();
    expect(sr.number).toMatch(/^SR-20261129-\d{4}$/);
    expect(sr).toMatchObject({ type: 'emergency', status: 'received', typeSource: 'triage' });
    expect(sr.sla.response).toMatchObject({
      dueAt: local('2026-11-29T02:15:00').replace('.000Z', '.000Z'),
      metAt: null,
      status: 'running',
    });
    expect(sr.sla.arrangement.dueAt).toBe(local('2026-11-29T02:15:00'));
    // Emergency clocks are not pausable.
    await event(sr.id, { type: 'paused', at: local('2026-11-29T02:05:00') });
    h.now.value = new Date(local('2026-11-29T02:20:00'));
    const got = (
      await h.call({ method: 'GET', url: `/api/v1/service-requests/${sr.id}`, token: await h.token('agent') })
    ).json();
    expect(got.sla.response.status).toBe('breached');
    expect(got.sla.response.dueAt).toBe(local('2026-11-29T02:15:00'));
  });

  it('runs repair clocks on service hours, pauses and resumes them, and meets them by events', async () => {
    h.now.value = new Date(local('2026-11-29T19:55:00'));
    const sr = (
      await create({ type: 'repair', description: '冰箱不制冷', receivedAt: local('2026-11-29T19:50:00') })
    ).json();
    expect(sr.sla.response.dueAt).toBe(local('2026-11-30T08:20:00'));
    expect(sr.sla.appointment.dueAt).toBe(local('2026-11-30T09:50:00'));
    h.now.value = new Date(local('2026-11-30T08:05:00'));
    const paused = (await event(sr.id, { type: 'paused', at: local('2026-11-30T08:05:00') })).json();
    expect(paused.sla.response.status).toBe('paused');
    expect(paused.sla.response.dueAt).toBeNull();
    h.now.value = new Date(local('2026-11-30T09:05:00'));
    const resumed = (await event(sr.id, { type: 'resumed' })).json();
    // 15 min used (19:50–20:00, 08:00–08:05), 15 left from 09:05.
    expect(resumed.sla.response.dueAt).toBe(local('2026-11-30T09:20:00'));
    h.now.value = new Date(local('2026-11-30T09:30:00'));
    const responded = (await event(sr.id, { type: 'responded', at: local('2026-11-30T09:10:00') })).json();
    expect(responded.status).toBe('pending-dispatch');
    expect(responded.sla.response).toMatchObject({ status: 'met', metAt: local('2026-11-30T09:10:00') });
    const agreed = (
      await event(sr.id, {
        type: 'appointment-agreed',
        at: local('2026-11-30T09:15:00'),
        arrivalAt: local('2026-11-30T14:00:00'),
      })
    ).json();
    expect(agreed.sla.appointment.status).toBe('met');
    expect(agreed.appointmentAt).toBe(local('2026-11-30T14:00:00'));
  });

  it('answers out-of-order events with 409 and changes nothing', async () => {
    h.now.value = new Date(local('2026-12-01T10:00:00'));
    const sr = (await create({ type: 'repair', description: '洗衣机不脱水' })).json();
    const before = await countRows(h.deps, 'audit_log');
    for (const type of ['arrived', 'closed', 'reopened', 'accepted', 'resumed']) {
      const r = await event(sr.id, { type });
      expect(r.statusCode, type).toBe(409);
      expect(r.json().error.code).toBe('CONFLICT');
    }
    const early = await event(sr.id, { type: 'responded', at: local('2026-12-01T09:00:00') });
    expect(early.statusCode).toBe(409);
    expect(await countRows(h.deps, 'audit_log')).toBe(before);
    const events = (
      await h.call({
        method: 'GET',
        url: `/api/v1/service-requests/${sr.id}/events`,
        token: await h.token('agent'),
      })
    ).json();
    expect(events.items.map((e: { type: string }) => e.type)).toEqual(['received']);
    const bad = await event(sr.id, { type: 'appointment-agreed' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details[0].path).toBe('arrivalAt');
  });

  it('walks the whole lifecycle and keeps a timeline', async () => {
    h.now.value = new Date(local('2026-12-02T10:00:00'));
    const sr = (await create({ type: 'installation', description: '新买空调需要安装' })).json();
    const steps: [string, Record<string, unknown>, string][] = [
      ['responded', {}, 'pending-dispatch'],
      ['appointment-agreed', { arrivalAt: local('2026-12-02T15:00:00') }, 'pending-dispatch'],
      ['dispatched', {}, 'dispatched'],
      ['arrived', { at: local('2026-12-02T10:00:00') }, 'in-progress'],
      ['resolved', { firstContact: true }, 'pending-acceptance'],
      ['accepted', {}, 'completed'],
      ['closed', {}, 'closed'],
      ['reopened', {}, 'in-progress'],
    ];
    for (const [type, extra, status] of steps) {
      const r = await event(sr.id, { type, ...extra });
      expect(r.statusCode, type).toBe(201);
      expect(r.json().status, type).toBe(status);
    }
    const timeline = (
      await h.call({
        method: 'GET',
        url: `/api/v1/service-requests/${sr.id}/events`,
        token: await h.token('agent'),
      })
    ).json().items;
    expect(timeline.map((e: { type: string }) => e.type)).toEqual(['received', ...steps.map((s) => s[0])]);
    expect(timeline[4].data).toMatchObject({ onTime: false, deviationMinutes: -300 });
    expect(timeline.every((e: { actor: string }) => e.actor === 'agent-u' || e.actor === 'agent-u')).toBe(
      true,
    );
  });

  it('honours Idempotency-Key on creation and filters the list', async () => {
    const first = await create(
      { type: 'consultation', description: '请问保修期多久' },
      { 'idempotency-key': 'sr-1' },
    );
    const again = await create(
      { type: 'consultation', description: '请问保修期多久' },
      { 'idempotency-key': 'sr-1' },
    );
    expect(again.json().id).toBe(first.json().id);
    const list = (
      await h.call({
        method: 'GET',
        url: `/api/v1/service-requests?customerId=${customerId}&channel=hotline&status=received&limit=100`,
        token: await h.token('agent'),
      })
    ).json();
    expect(list.items.filter((r: { id: string }) => r.id === first.json().id)).toHaveLength(1);
    expect(list.total).toBe(list.items.length);
    const bad = await h.call({
      method: 'GET',
      url: '/api/v1/service-requests?channel=fax',
      token: await h.token('agent'),
    });
    expect(bad.statusCode).toBe(400);
  });

  it('gives concurrent creates distinct numbers of the day, each with its audit record', async () => {
    const results = await Promise.all(
      Array.from({ length: 24 }, (_, i) => create({ type: 'repair', description: `并发报修 ${i}` })),
    );
    expect(results.map((r) => r.statusCode)).toEqual(Array(24).fill(201));
    const numbers = results.map((r) => r.json().number as string);
    expect(new Set(numbers).size).toBe(24);
    for (const n of numbers) expect(n).toMatch(/^SR-\d{8}-\d{4}$/);
    const audited = await h.deps.db
      .selectFrom('audit_log')
      .select('entity_id')
      .where('action', '=', 'service-request.create')
      .where(
        'entity_id',
        'in',
        results.map((r) => r.json().id as string),
      )
      .execute();
    expect(audited).toHaveLength(24);
  });

  it('rejects bad input with field errors and creates nothing', async () => {
    const before = await countRows(h.deps, 'audit_log');
    const r = await h.call({
      method: 'POST',
      url: '/api/v1/service-requests',
      token: await h.token('agent'),
      payload: { customerId, channel: 'pigeon', type: 'x', description: '' },
    });
    expect(r.statusCode).toBe(400);
    expect(
      r
        .json()
        .error.details.map((d: { path: string }) => d.path)
        .sort(),
    ).toEqual(['channel', 'description', 'type']);
    const future = await create({ description: '冰箱坏了', receivedAt: '2099-01-01T00:00:00+08:00' });
    expect(future.statusCode).toBe(400);
    const unknown = await h.call({
      method: 'POST',
      url: '/api/v1/service-requests',
      token: await h.token('agent'),
      payload: { customerId: 'nope', channel: 'app', description: '冰箱坏了' },
    });
    expect(unknown.statusCode).toBe(400);
    expect(await countRows(h.deps, 'audit_log')).toBe(before);
  });

  it('lets a customer file and cancel its own request but not act as staff', async () => {
    h.now.value = new Date(local('2026-12-03T09:00:00'));
    const customer = await h.token('customer', { customerId });
    const r = await h.call({
      method: 'POST',
      url: '/api/v1/service-requests',
      token: customer,
      payload: { customerId, channel: 'app', description: '电视没有声音' },
    });
    expect(r.statusCode).toBe(201);
    const sr = r.json();
    const staffOnly = await h.call({
      method: 'POST',
      url: `/api/v1/service-requests/${sr.id}/events`,
      token: customer,
      payload: { type: 'responded' },
    });
    expect(staffOnly.statusCode).toBe(403);
    const cancel = await h.call({
      method: 'POST',
      url: `/api/v1/service-requests/${sr.id}/events`,
      token: customer,
      payload: { type: 'cancelled' },
    });
    expect(cancel.statusCode).toBe(201);
    expect(cancel.json().sla.response.excluded).toBe('withdrawn');
    const other = (
      await h.call({
        method: 'POST',
        url: '/api/v1/customers',
        token: await h.token('agent'),
        payload: { name: '别人', phone: '13877009999' },
      })
    ).json();
    const foreign = await h.call({
      method: 'POST',
      url: '/api/v1/service-requests',
      token: customer,
      payload: { customerId: other.id, channel: 'app', description: '电视没有声音' },
    });
    expect(foreign.statusCode).toBe(400);
  });
});

describe.each(databases.eachSupportedId())('agent queue on %s', (id) => {
  let h: ApiHarness;
  beforeAll(async () => {
    h = await apiHarness(databases, id);
  });
  afterAll(() => h.close());

  it('sorts open work by deadline, keeps paused requests last, and says which events are allowed', async () => {
    h.now.value = new Date(local('2026-12-10T10:00:00'));
    const agent = await h.token('agent');
    const c = (
      await h.call({
        method: 'POST',
        url: '/api/v1/customers',
        token: agent,
        payload: { name: '队列', phone: '13588889999' },
      })
    ).json();
    const mk = async (type: string, receivedAt: string, description: string) =>
      (
        await h.call({
          method: 'POST',
          url: '/api/v1/service-requests',
          token: agent,
          payload: { customerId: c.id, channel: 'hotline', type, description, receivedAt: local(receivedAt) },
        })
      ).json();
    const repair = await mk('repair', '2026-12-10T09:50:00', '冰箱不制冷');
    const consult = await mk('consultation', '2026-12-10T09:58:00', '请问怎么清洗');
    const paused = await mk('repair', '2026-12-10T09:40:00', '洗衣机漏水');
    await h.call({
      method: 'POST',
      url: `/api/v1/service-requests/${paused.id}/events`,
      token: agent,
      payload: { type: 'paused' },
    });
    const done = await mk('repair', '2026-12-10T09:00:00', '电视没声音');
    await h.call({
      method: 'POST',
      url: `/api/v1/service-requests/${done.id}/events`,
      token: agent,
      payload: { type: 'cancelled' },
    });
    const q = (
      await h.call({ method: 'GET', url: '/api/v1/service-requests?sort=urgency&limit=2', token: agent })
    ).json();
    // consultation due 10:03, repair due 10:20; the paused one has no deadline; the cancelled one is gone.
    expect(q.items.map((r: { id: string }) => r.id)).toEqual([consult.id, repair.id]);
    expect(q.total).toBe(3);
    expect(q.items[0].customerName).toBe('队列');
    const next = (
      await h.call({
        method: 'GET',
        url: `/api/v1/service-requests?sort=urgency&limit=2&cursor=${q.nextCursor}`,
        token: agent,
      })
    ).json();
    expect(next.items.map((r: { id: string }) => r.id)).toEqual([paused.id]);
    expect(next.items[0].allowedEvents).toContain('resumed');
    expect(next.items[0].allowedEvents).not.toContain('paused');
    expect(q.items[0].allowedEvents).toEqual(
      expect.arrayContaining(['responded', 'dispatched', 'cancelled', 'paused']),
    );
    expect(q.items[0].allowedEvents).not.toContain('arrived');
    const outlets = await h.call({ method: 'GET', url: '/api/v1/outlets', token: agent });
    expect(outlets.statusCode).toBe(200);
    expect(outlets.json()).toMatchObject({ items: [], total: 0 });
  });
});
