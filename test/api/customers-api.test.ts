import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, apiHarness, countRows } from '../api-harness';
import { TestDatabases } from '../test-databases';

const databases = TestDatabases.create();
const VALID_ID = '450102199003071238';

describe.each(databases.eachSupportedId())('customers API on %s', (id) => {
  let h: ApiHarness;
  beforeAll(async () => {
    h = await apiHarness(databases, id);
  });
  afterAll(() => h.close());

  it('creates a customer, encrypts the phone at rest and masks it in the list', async () => {
    const token = await h.token('agent');
    const res = await h.call({
      method: 'POST',
      url: '/api/v1/customers',
      token,
      payload: {
        name: '韦小宝',
        phone: '138 1234 5678',
        address: '广西壮族自治区南宁市青秀区民族大道100号',
        location: { lat: 22.8, lng: 108.3 },
      },
    });
    expect(res.statusCode).toBe(201);
    const created = res.json();
    expect(created).toMatchObject({
      name: '韦小宝',
      phone: '138****5678',
      address: '广西壮族自治区南宁市青秀区****',
    });
    expect(created.number).toMatch(/^CU\d{8}$/);

    const row = await h.deps.db
      .selectFrom('customers')
      .selectAll()
      .where('id', '=', created.id)
      .executeTakeFirstOrThrow();
    expect(row.phone_enc).not.toContain('13812345678');
    expect(row.address_enc).not.toContain('民族大道');
    expect(h.deps.cipher.decrypt(row.phone_enc)).toBe('13812345678');

    const list = await h.call({ method: 'GET', url: '/api/v1/customers', token });
    expect(list.statusCode).toBe(200);
    const body = list.json();
    expect(body.total).toBeGreaterThanOrEqual(1);
    expect(body.items.find((c: { id: string }) => c.id === created.id).phone).toBe('138****5678');
    expect(JSON.stringify(body)).not.toContain('13812345678');

    const byPhone = await h.call({ method: 'GET', url: '/api/v1/customers?q=13812345678', token });
    expect(byPhone.json().items.map((c: { id: string }) => c.id)).toEqual([created.id]);
  });

  it('rejects bad input field by field in both languages and changes nothing', async () => {
    const token = await h.token('agent');
    const before = await countRows(h.deps, 'customers');
    const auditBefore = await countRows(h.deps, 'audit_log');
    const res = await h.call({
      method: 'POST',
      url: '/api/v1/customers',
      token,
      payload: { name: '', phone: '12345', location: { lat: 200, lng: 0 } },
    });
    expect(res.statusCode).toBe(400);
    const err = res.json().error;
    expect(err.code).toBe('VALIDATION_FAILED');
    const paths = err.details.map((d: { path: string }) => d.path).sort();
    expect(paths).toEqual(['location.lat', 'name', 'phone']);
    const phone = err.details.find((d: { path: string }) => d.path === 'phone');
    expect(phone.message).toContain('手机号码格式不正确');
    expect(phone.message).toContain('Invalid mobile number');
    const en = await h.call({
      method: 'POST',
      url: '/api/v1/customers',
      token,
      headers: { 'accept-language': 'en-US' },
      payload: { name: 'x', phone: '1' },
    });
    expect(en.json().error.details[0].message).toBe('Invalid mobile number (11 digits)');
    expect(await countRows(h.deps, 'customers')).toBe(before);
    expect(await countRows(h.deps, 'audit_log')).toBe(auditBefore);
  });

  it('answers malformed JSON with 400, an oversized body with 413 and a non-object body with 400', async () => {
    const token = await h.token('agent');
    const before = await countRows(h.deps, 'customers');
    const bad = await h.call({
      method: 'POST',
      url: '/api/v1/customers',
      token,
      headers: { 'content-type': 'application/json' },
      payload: '{"name":',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('VALIDATION_FAILED');
    const big = await h.call({
      method: 'POST',
      url: '/api/v1/customers',
      token,
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ name: 'x'.repeat(1024 * 1024 + 10), phone: '13812345678' }),
    });
    expect(big.statusCode).toBe(413);
    expect(big.json().error.code).toBe('PAYLOAD_TOO_LARGE');
    const arr = await h.call({
      method: 'POST',
      url: '/api/v1/customers',
      token,
      payload: [1, 2] as unknown as object,
    });
    expect(arr.statusCode).toBe(400);
    const text = await h.call({
      method: 'POST',
      url: '/api/v1/customers',
      token,
      headers: { 'content-type': 'text/plain' },
      payload: 'hello',
    });
    expect(text.statusCode).toBe(400);
    expect(await countRows(h.deps, 'customers')).toBe(before);
  });

  it('honours Idempotency-Key: same key returns the first result and creates nothing new', async () => {
    const token = await h.token('agent');
    const payload = { name: '覃幂等', phone: '13900001111' };
    const first = await h.call({
      method: 'POST',
      url: '/api/v1/customers',
      token,
      headers: { 'idempotency-key': 'k-1' },
      payload,
    });
    const before = await countRows(h.deps, 'customers');
    const again = await h.call({
      method: 'POST',
      url: '/api/v1/customers',
      token,
      headers: { 'idempotency-key': 'k-1' },
      payload,
    });
    expect(again.statusCode).toBe(201);
    expect(again.json().id).toBe(first.json().id);
    expect(await countRows(h.deps, 'customers')).toBe(before);
    const other = await h.call({
      method: 'POST',
      url: '/api/v1/customers',
      token,
      headers: { 'idempotency-key': 'k-1' },
      payload: { ...payload, name: '别人' },
    });
    expect(other.statusCode).toBe(409);
    expect(await countRows(h.deps, 'customers')).toBe(before);
    // Concurrent requests with one key create one customer.
    const results = await Promise.all(
      [1, 2, 3].map(() =>
        h.call({
          method: 'POST',
          url: '/api/v1/customers',
          token,
          headers: { 'idempotency-key': 'k-2' },
          payload: { name: '并发', phone: '13900002222' },
        }),
      ),
    );
    const created = results.filter((r) => r.statusCode === 201).map((r) => r.json().id);
    expect(new Set(created).size).toBe(1);
    expect(await countRows(h.deps, 'customers')).toBe(before + 1);
  });

  it('paginates with a cursor and a total', async () => {
    const token = await h.token('agent');
    for (let i = 0; i < 5; i++) {
      await h.call({
        method: 'POST',
        url: '/api/v1/customers',
        token,
        payload: { name: `分页${i}`, phone: `1370000000${i}` },
      });
    }
    const total = (await h.call({ method: 'GET', url: '/api/v1/customers', token })).json().total;
    const seen = new Set<string>();
    let cursor: string | null = null;
    do {
      const res = await h.call({
        method: 'GET',
        url: `/api/v1/customers?limit=2${cursor ? `&cursor=${cursor}` : ''}`,
        token,
      });
      const body = res.json();
      expect(body.total).toBe(total);
      for (const c of body.items) seen.add(c.id);
      cursor = body.nextCursor;
    } while (cursor);
    expect(seen.size).toBe(total);
    const badCursor = await h.call({ method: 'GET', url: '/api/v1/customers?cursor=@@@', token });
    expect(badCursor.statusCode).toBe(400);
    const badLimit = await h.call({ method: 'GET', url: '/api/v1/customers?limit=0', token });
    expect(badLimit.statusCode).toBe(400);
  });

  it('reveals the full phone only with the permission, and audits each reveal', async () => {
    const agent = await h.token('agent');
    const created = (
      await h.call({
        method: 'POST',
        url: '/api/v1/customers',
        token: agent,
        payload: { name: '揭示', phone: '13612345678' },
      })
    ).json();
    const reveal = await h.call({
      method: 'POST',
      url: `/api/v1/customers/${created.id}/reveal`,
      token: agent,
      payload: { field: 'phone' },
    });
    expect(reveal.statusCode).toBe(200);
    expect(reveal.json().value).toBe('13612345678');
    const audit = await h.deps.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'pii.reveal')
      .where('entity_id', '=', created.id)
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0].actor_name).toBe('agent-u');
    expect(audit[0].after_json).not.toContain('13612345678');
    const tech = await h.token('technician');
    const denied = await h.call({
      method: 'POST',
      url: `/api/v1/customers/${created.id}/reveal`,
      token: tech,
      payload: { field: 'phone' },
    });
    expect(denied.statusCode).toBe(403);
  });

  it('updates a customer with before/after in the audit log', async () => {
    const token = await h.token('agent');
    const created = (
      await h.call({
        method: 'POST',
        url: '/api/v1/customers',
        token,
        payload: { name: '改名前', phone: '13512345678' },
      })
    ).json();
    const res = await h.call({
      method: 'PATCH',
      url: `/api/v1/customers/${created.id}`,
      token,
      payload: { name: '改名后', address: '广西壮族自治区柳州市城中区文昌路1号' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().name).toBe('改名后');
    const detail = (await h.call({ method: 'GET', url: `/api/v1/customers/${created.id}`, token })).json();
    expect(detail.addresses).toHaveLength(1);
    expect(detail.addresses[0].address).toBe('广西壮族自治区柳州市城中区****');
    const entry = await h.deps.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'customer.update')
      .where('entity_id', '=', created.id)
      .executeTakeFirstOrThrow();
    expect(JSON.parse(entry.before_json as string).name).toBe('改名前');
    expect(JSON.parse(entry.after_json as string).name).toBe('改名后');
    const empty = await h.call({
      method: 'PATCH',
      url: `/api/v1/customers/${created.id}`,
      token,
      payload: {},
    });
    expect(empty.statusCode).toBe(400);
    const missing = await h.call({
      method: 'PATCH',
      url: '/api/v1/customers/01900000-0000-7000-8000-000000000000',
      token,
      payload: { name: 'x' },
    });
    expect(missing.statusCode).toBe(404);
  });

  it('lets a customer user see only its own customer and units (others are 404)', async () => {
    const agent = await h.token('agent');
    const admin = await h.token('admin');
    await h.call({
      method: 'POST',
      url: '/api/v1/product-models',
      token: admin,
      payload: {
        code: 'SCOPE-1',
        name: '测试空调',
        category: '空调',
        warranty: { returnDays: 7, exchangeDays: 15, repairDays: 365, partsMonths: 36, labourMonths: 12 },
      },
    });
    const mine = (
      await h.call({
        method: 'POST',
        url: '/api/v1/customers',
        token: agent,
        payload: { name: '我的', phone: '13711112222' },
      })
    ).json();
    const other = (
      await h.call({
        method: 'POST',
        url: '/api/v1/customers',
        token: agent,
        payload: { name: '别人的', phone: '13711113333' },
      })
    ).json();
    const myUnit = (
      await h.call({
        method: 'POST',
        url: '/api/v1/units',
        token: agent,
        payload: { customerId: mine.id, serial: 'SC-MINE-001', model: 'SCOPE-1', purchasedAt: '2026-11-01' },
      })
    ).json();
    const otherUnit = (
      await h.call({
        method: 'POST',
        url: '/api/v1/units',
        token: agent,
        payload: { customerId: other.id, serial: 'SC-OTHER-001', model: 'SCOPE-1' },
      })
    ).json();
    expect(myUnit.warranty).toMatchObject({ status: 'repair', partsCovered: true });
    const customer = await h.token('customer', { customerId: mine.id });
    const list = (await h.call({ method: 'GET', url: '/api/v1/customers', token: customer })).json();
    expect(list.items.map((c: { id: string }) => c.id)).toEqual([mine.id]);
    expect(list.total).toBe(1);
    expect(
      (await h.call({ method: 'GET', url: `/api/v1/customers/${other.id}`, token: customer })).statusCode,
    ).toBe(404);
    const units = (await h.call({ method: 'GET', url: '/api/v1/units', token: customer })).json();
    expect(units.items.map((u: { id: string }) => u.id)).toEqual([myUnit.id]);
    expect(
      (await h.call({ method: 'GET', url: `/api/v1/units/${otherUnit.id}`, token: customer })).statusCode,
    ).toBe(404);
    expect(
      (await h.call({ method: 'GET', url: `/api/v1/units/${myUnit.id}/history`, token: customer }))
        .statusCode,
    ).toBe(200);
    const outlet = await outletId(h);
    const partner = await h.token('partner', { outletId: outlet });
    expect(
      (await h.call({ method: 'GET', url: `/api/v1/customers/${mine.id}`, token: partner })).statusCode,
    ).toBe(404);
    expect((await h.call({ method: 'GET', url: '/api/v1/units', token: partner })).json().total).toBe(0);
    // Once a job of that customer is assigned to the partner's outlet, the partner sees it — and only it.
    const job = (
      await h.call({
        method: 'POST',
        url: '/api/v1/service-requests',
        token: agent,
        payload: {
          customerId: mine.id,
          unitId: myUnit.id,
          outletId: outlet,
          channel: 'hotline',
          description: '空调不制冷',
        },
      })
    ).json();
    await h.call({
      method: 'POST',
      url: '/api/v1/service-requests',
      token: agent,
      payload: { customerId: other.id, channel: 'hotline', description: '空调不制冷' },
    });
    expect(
      (await h.call({ method: 'GET', url: `/api/v1/customers/${mine.id}`, token: partner })).statusCode,
    ).toBe(200);
    expect(
      (await h.call({ method: 'GET', url: `/api/v1/customers/${other.id}`, token: partner })).statusCode,
    ).toBe(404);
    const partnerUnits = (await h.call({ method: 'GET', url: '/api/v1/units', token: partner })).json();
    expect(partnerUnits.items.map((u: { id: string }) => u.id)).toEqual([myUnit.id]);
    const jobs = (await h.call({ method: 'GET', url: '/api/v1/service-requests', token: partner })).json();
    expect(jobs.items.map((r: { id: string }) => r.id)).toEqual([job.id]);
  });
});

async function outletId(h: ApiHarness): Promise<string> {
  const at = h.now.value.toISOString();
  const id = `01900000-0000-7000-8000-${String(Math.floor(Math.random() * 1e12)).padStart(12, '0')}`;
  await h.deps.db
    .insertInto('outlets')
    .values({
      id,
      code: `O${id.slice(-6)}`,
      name: '测试网点',
      kind: 'authorised',
      city: '柳州市',
      district: null,
      address: null,
      lat: null,
      lng: null,
      active: 1,
      created_at: at,
      updated_at: at,
    })
    .execute();
  return id;
}

describe.each(databases.eachSupportedId())('resident ID numbers on %s', (id) => {
  let h: ApiHarness;
  beforeAll(async () => {
    h = await apiHarness(databases, id);
  });
  afterAll(() => h.close());

  it('encrypts, masks, validates and reveals (audited) a resident ID number', async () => {
    const token = await h.token('agent');
    const bad = await h.call({
      method: 'POST',
      url: '/api/v1/customers',
      token,
      payload: { name: '证件', phone: '13600009999', idNumber: '450102199003071230' },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details[0].path).toBe('idNumber');
    const ok = await h.call({
      method: 'POST',
      url: '/api/v1/customers',
      token,
      payload: { name: '证件', phone: '13600009999', idNumber: VALID_ID },
    });
    expect(ok.statusCode).toBe(201);
    expect(ok.json().idNumber).toBe(`${VALID_ID.slice(0, 6)}********${VALID_ID.slice(-4)}`);
    const row = await h.deps.db
      .selectFrom('customers')
      .selectAll()
      .where('id', '=', ok.json().id)
      .executeTakeFirstOrThrow();
    expect(row.id_number_enc).not.toContain(VALID_ID);
    const reveal = await h.call({
      method: 'POST',
      url: `/api/v1/customers/${ok.json().id}/reveal`,
      token,
      payload: { field: 'idNumber' },
    });
    expect(reveal.json().value).toBe(VALID_ID);
    const audit = await h.deps.db
      .selectFrom('audit_log')
      .select('after_json')
      .where('action', '=', 'pii.reveal')
      .where('entity_id', '=', ok.json().id)
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0].after_json).not.toContain(VALID_ID);
  });
});
