import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, apiHarness } from '../api-harness';
import { TestDatabases } from '../test-databases';

const databases = TestDatabases.create();

interface AuditItem {
  seq: number;
  at: string;
  actor: string;
  actorId: string | null;
  action: string;
  entity: string;
  entityId: string | null;
  ip: string | null;
  requestId: string | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  hash: string;
}

const T0 = Date.parse('2026-11-29T02:00:00.000Z'); // 10:00 in Asia/Shanghai
const HOUR = 3600_000;

describe.each(databases.eachSupportedId())('audit API on %s', (id) => {
  let h: ApiHarness;
  let admin: string;
  let agent: string;
  let manager: string;
  const customerIds: string[] = [];

  beforeAll(async () => {
    h = await apiHarness(databases, id);
    h.now.value = new Date(T0);
    admin = await h.token('admin');
    agent = await h.token('agent');
    manager = await h.token('manager');
    // One customer per hour by the agent (10:00, 11:00, 12:00 Shanghai), one by the manager at 13:00,
    // then the agent renames the first one at 14:00.
    for (let i = 0; i < 3; i++) {
      h.now.value = new Date(T0 + i * HOUR);
      const res = await h.call({
        method: 'POST',
        url: '/api/v1/customers',
        token: agent,
        payload: { name: `审计${i}`, phone: `1391111000${i}` },
        headers: { 'x-request-id': `audit-req-${i}` },
      });
      expect(res.statusCode).toBe(201);
      customerIds.push(res.json().id);
    }
    h.now.value = new Date(T0 + 3 * HOUR);
    const byManager = await h.call({
      method: 'POST',
      url: '/api/v1/customers',
      token: manager,
      payload: { name: '经理建', phone: '13911112222' },
    });
    customerIds.push(byManager.json().id);
    h.now.value = new Date(T0 + 4 * HOUR);
    const upd = await h.call({
      method: 'PATCH',
      url: `/api/v1/customers/${customerIds[0]}`,
      token: agent,
      payload: { name: '审计0改' },
    });
    expect(upd.statusCode).toBe(200);
    h.now.value = new Date(T0 + 5 * HOUR);
  });
  afterAll(() => h.close());

  async function search(query: string, token = admin) {
    const res = await h.call({ method: 'GET', url: `/api/v1/audit${query ? `?${query}` : ''}`, token });
    return res;
  }

  async function items(
    query: string,
  ): Promise<{ items: AuditItem[]; total: number; nextCursor: string | null }> {
    const res = await search(query);
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  }

  it('lists the log newest first with before/after, actor, address and request id', async () => {
    const all = await items('');
    const count = await h.deps.db
      .selectFrom('audit_log')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(all.total).toBe(Number(count.n));
    const seqs = all.items.map((i) => i.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => b - a));
    const update = all.items.find((i) => i.action === 'customer.update');
    expect(update).toMatchObject({
      actor: 'agent-u',
      entity: 'customer',
      entityId: customerIds[0],
      at: new Date(T0 + 4 * HOUR).toISOString(),
    });
    expect(update?.before).toMatchObject({ name: '审计0' });
    expect(update?.after).toMatchObject({ name: '审计0改' });
    expect(update?.ip).toBe('127.0.0.1');
    expect(update?.hash).toMatch(/^[0-9a-f]{64}$/);
    const created = all.items.find((i) => i.action === 'customer.create' && i.entityId === customerIds[1]);
    expect(created).toMatchObject({ before: null, requestId: 'audit-req-1' });
    expect(created?.after).toMatchObject({ name: '审计1', phone: '139****0001' });
    // Personal data stays masked in the log.
    expect(JSON.stringify(all)).not.toContain('13911110001');
  });

  it('filters by entity, entity id, action and actor, with matching totals', async () => {
    const customers = await items('entity=customer&limit=500');
    expect(customers.total).toBe(5);
    expect(customers.items.every((i) => i.entity === 'customer')).toBe(true);

    const one = await items(`entity=customer&entityId=${customerIds[0]}`);
    expect(one.items.map((i) => i.action)).toEqual(['customer.update', 'customer.create']);
    expect(one.total).toBe(2);

    const updates = await items('action=customer.update');
    expect(updates.total).toBe(1);
    expect(updates.items[0].entityId).toBe(customerIds[0]);

    const byManager = await items('actor=manager-u&action=customer.create');
    expect(byManager.total).toBe(1);
    expect(byManager.items[0].entityId).toBe(customerIds[3]);

    const byAgent = await items('actor=agent-u&entity=customer');
    expect(byAgent.total).toBe(4);
    expect(byAgent.items.every((i) => i.actor === 'agent-u')).toBe(true);

    const logins = await items('action=auth.login');
    expect(logins.total).toBeGreaterThanOrEqual(3);
    expect(new Set(logins.items.map((i) => i.actor))).toEqual(new Set(['admin-u', 'agent-u', 'manager-u']));

    const nothing = await items('actor=nobody');
    expect(nothing).toEqual({ items: [], total: 0, nextCursor: null });
  });

  it('filters by time: from inclusive, to exclusive, any offset', async () => {
    // 11:00 and 12:00 Shanghai = 03:00Z and 04:00Z.
    const window = await items(
      `entity=customer&from=${encodeURIComponent('2026-11-29T11:00:00+08:00')}&to=${encodeURIComponent('2026-11-29T04:00:00.001Z')}`,
    );
    expect(window.items.map((i) => i.entityId)).toEqual([customerIds[2], customerIds[1]]);
    expect(window.total).toBe(2);
    const exclusive = await items(
      `entity=customer&from=${encodeURIComponent('2026-11-29T03:00:00Z')}&to=${encodeURIComponent('2026-11-29T12:00:00+08:00')}`,
    );
    expect(exclusive.items.map((i) => i.entityId)).toEqual([customerIds[1]]);
    const later = await items(`entity=customer&from=${encodeURIComponent('2026-11-29T13:00:00+08:00')}`);
    expect(later.items.map((i) => i.action)).toEqual(['customer.update', 'customer.create']);
    for (const i of later.items) expect(Date.parse(i.at)).toBeGreaterThanOrEqual(T0 + 3 * HOUR);
  });

  it('pages with a cursor: no gaps, no repeats, the same total on every page', async () => {
    const first = await items('limit=1');
    const total = first.total;
    expect(total).toBeGreaterThan(5);
    const seen: number[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: { items: AuditItem[]; total: number; nextCursor: string | null } = await items(
        `limit=2${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect(page.total).toBe(total);
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((i) => i.seq));
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor);
    expect(pages).toBe(Math.ceil(total / 2));
    expect(seen).toHaveLength(total);
    expect(seen).toEqual([...seen].sort((a, b) => b - a));
    expect(new Set(seen).size).toBe(total);
    // A filtered walk pages over the filtered records only.
    const filtered = await items('entity=customer&limit=3');
    expect(filtered.items).toHaveLength(3);
    expect(filtered.nextCursor).not.toBeNull();
    const rest = await items(`entity=customer&limit=3&cursor=${filtered.nextCursor}`);
    expect(rest.items).toHaveLength(2);
    expect(rest.nextCursor).toBeNull();
    expect(rest.total).toBe(5);
    expect(new Set([...filtered.items, ...rest.items].map((i) => i.entityId))).toEqual(new Set(customerIds));
  });

  it('is for admins only', async () => {
    for (const token of [agent, manager, await h.token('quality'), await h.token('dispatcher')]) {
      const res = await search('', token);
      expect(res.statusCode).toBe(403);
      expect(res.json().error.code).toBe('FORBIDDEN');
    }
    const anonymous = await h.call({ method: 'GET', url: '/api/v1/audit' });
    expect(anonymous.statusCode).toBe(401);
  });

  it('rejects bad filters with 400 and the field path', async () => {
    const cases: [string, string][] = [
      ['from=yesterday', 'from'],
      ['from=2026-11-29', 'from'],
      ['from=2026-11-29T10:00:00', 'from'],
      ['to=2026-13-40T00:00:00Z', 'to'],
      [
        `from=${encodeURIComponent('2026-11-29T12:00:00+08:00')}&to=${encodeURIComponent('2026-11-29T11:00:00+08:00')}`,
        'to',
      ],
      ['cursor=abc', 'cursor'],
      ['limit=0', 'limit'],
      ['limit=501', 'limit'],
      [`action=${'x'.repeat(81)}`, 'action'],
    ];
    for (const [query, path] of cases) {
      const res = await search(query);
      expect(res.statusCode, query).toBe(400);
      const err = res.json().error;
      expect(err.code).toBe('VALIDATION_FAILED');
      expect(
        err.details.map((d: { path: string }) => d.path),
        query,
      ).toEqual([path]);
    }
  });
});
