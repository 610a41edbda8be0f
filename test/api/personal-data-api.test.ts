import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redactIdentifiers } from '../../src/app/customers/personal-data';
import { type ApiHarness, apiHarness, TEST_PASSWORD } from '../api-harness';
import { TestDatabases } from '../test-databases';

const databases = TestDatabases.create();

describe('redactIdentifiers', () => {
  it('erases mobile and resident ID numbers typed into free text, and nothing else', () => {
    expect(redactIdentifiers('请打13800138000联系，身份证11010519491231002X，型号BCD-215')).toBe(
      '请打[已删除]联系，身份证[已删除]，型号BCD-215',
    );
    expect(redactIdentifiers('订单 2026112900001234567 不是手机号 1380013800')).toBe(
      '订单 2026112900001234567 不是手机号 1380013800',
    );
  });
});

describe.each(databases.eachSupportedId())('personal data export and anonymisation (PIPL) on %s', (id) => {
  let h: ApiHarness;
  let customer: { id: string; number: string };
  let requestId: string;
  let portalToken: string;
  beforeAll(async () => {
    h = await apiHarness(databases, id);
    const agent = await h.token('agent');
    customer = (
      await h.call({
        method: 'POST',
        url: '/api/v1/customers',
        token: agent,
        payload: {
          name: '王小明',
          phone: '13812345678',
          address: '南宁市青秀区民族大道100号',
          city: '南宁市',
          idNumber: '11010519491231002X',
        },
      })
    ).json();
    const contact = await h.call({
      method: 'POST',
      url: `/api/v1/customers/${customer.id}/contacts`,
      token: agent,
      payload: { name: '王太太', phone: '13987654321', relation: '配偶' },
    });
    expect(contact.statusCode).toBe(201);
    const r = await h.call({
      method: 'POST',
      url: '/api/v1/service-requests',
      token: agent,
      payload: {
        customerId: customer.id,
        channel: 'hotline',
        type: 'repair',
        description: '冰箱不制冷，上门前请打13987654321',
        contact: { name: '王太太', phone: '13987654321' },
      },
    });
    expect(r.statusCode).toBe(201);
    requestId = r.json().id;
    portalToken = await h.token('customer', { customerId: customer.id });
  });
  afterAll(() => h.close());

  it('exports everything held about the customer, decrypted, to holders of pii:export only, and audits it', async () => {
    const agent = await h.call({
      method: 'GET',
      url: `/api/v1/customers/${customer.id}/personal-data`,
      token: await h.token('agent'),
    });
    expect(agent.statusCode).toBe(403);
    const res = await h.call({
      method: 'GET',
      url: `/api/v1/customers/${customer.id}/personal-data`,
      token: await h.token('manager'),
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toContain(`personal-data-${customer.number}.json`);
    expect(res.headers['cache-control']).toBe('no-store');
    const data = res.json();
    expect(data.customer).toMatchObject({
      name: '王小明',
      phone: '13812345678',
      address: '南宁市青秀区民族大道100号',
      idNumber: '11010519491231002X',
    });
    expect(data.contacts).toEqual([{ name: '王太太', phone: '13987654321', relation: '配偶' }]);
    expect(data.serviceRequests).toHaveLength(1);
    expect(data.serviceRequests[0]).toMatchObject({
      description: '冰箱不制冷，上门前请打13987654321',
      contact: { name: '王太太', phone: '13987654321' },
      events: [{ type: 'received' }],
    });
    expect(data.accounts).toHaveLength(1);
    const audit = await h.deps.db
      .selectFrom('audit_log')
      .select(['action', 'after_json'])
      .where('entity_id', '=', customer.id)
      .where('action', '=', 'pii.export')
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0].after_json).not.toContain('13812345678');
  });

  it('refuses to anonymise while work is open, or without the right number, and changes nothing', async () => {
    const admin = await h.token('admin');
    const manager = await h.call({
      method: 'POST',
      url: `/api/v1/customers/${customer.id}/anonymise`,
      token: await h.token('manager'),
      payload: { confirmNumber: customer.number, reason: '客户申请删除' },
    });
    expect(manager.statusCode).toBe(403);
    const open = await h.call({
      method: 'POST',
      url: `/api/v1/customers/${customer.id}/anonymise`,
      token: admin,
      payload: { confirmNumber: customer.number, reason: '客户申请删除' },
    });
    expect(open.statusCode).toBe(409);
    const cancel = await h.call({
      method: 'POST',
      url: `/api/v1/service-requests/${requestId}/events`,
      token: admin,
      payload: { type: 'cancelled', note: '客户来电13812345678要求取消' },
    });
    expect(cancel.statusCode).toBe(201);
    const wrong = await h.call({
      method: 'POST',
      url: `/api/v1/customers/${customer.id}/anonymise`,
      token: admin,
      payload: { confirmNumber: 'CU-0', reason: '客户申请删除' },
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.details[0].path).toBe('confirmNumber');
    const row = await h.deps.db
      .selectFrom('customers')
      .select('name')
      .where('id', '=', customer.id)
      .executeTakeFirst();
    expect(row?.name).toBe('王小明');
  });

  it('erases what identifies the customer, keeps the service record, and cannot be found by phone again', async () => {
    const admin = await h.token('admin');
    const res = await h.call({
      method: 'POST',
      url: `/api/v1/customers/${customer.id}/anonymise`,
      token: admin,
      payload: { confirmNumber: customer.number, reason: '客户申请删除' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      anonymised: true,
      changed: true,
      contactsDeleted: 1,
      accountsDisabled: 1,
    });

    const c = (await h.call({ method: 'GET', url: `/api/v1/customers/${customer.id}`, token: admin })).json();
    expect(c.name).toBe(`匿名客户 ${customer.number}`);
    expect(JSON.stringify(c)).not.toMatch(/王小明|1381234|民族大道|110105/);
    const lookup = await h.call({
      method: 'GET',
      url: '/api/v1/caller-lookup?phone=13812345678',
      token: admin,
    });
    expect(lookup.statusCode).toBe(200);
    expect(JSON.stringify(lookup.json())).not.toContain(customer.id);

    // The service record stays, without the on-site contact and the number typed into it.
    const sr = (
      await h.call({ method: 'GET', url: `/api/v1/service-requests/${requestId}`, token: admin })
    ).json();
    expect(sr.status).toBe('cancelled');
    expect(sr.description).toBe('冰箱不制冷，上门前请打[已删除]');
    const notes = await h.deps.db
      .selectFrom('request_events')
      .select('data_json')
      .where('subject_id', '=', requestId)
      .where('type', '=', 'cancelled')
      .executeTakeFirstOrThrow();
    expect(notes.data_json).toContain('客户来电[已删除]要求取消');
    const raw = await h.deps.db
      .selectFrom('service_requests')
      .select(['contact_name', 'contact_phone_enc'])
      .where('id', '=', requestId)
      .executeTakeFirstOrThrow();
    expect(raw).toEqual({ contact_name: null, contact_phone_enc: null });

    // The portal account is disabled and its session revoked.
    const me = await h.call({ method: 'GET', url: '/api/v1/auth/me', token: portalToken });
    expect(me.statusCode).toBe(401);
    const user = await h.deps.db
      .selectFrom('users')
      .select('username')
      .where('customer_id', '=', customer.id)
      .executeTakeFirstOrThrow();
    const login = await h.call({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: user.username, password: TEST_PASSWORD },
    });
    expect(login.statusCode).not.toBe(200);

    // The export now holds nothing personal; a second request changes nothing.
    const after = (
      await h.call({ method: 'GET', url: `/api/v1/customers/${customer.id}/personal-data`, token: admin })
    ).json();
    expect(after.customer).toMatchObject({ phone: '', address: null, idNumber: null });
    expect(after.contacts).toEqual([]);
    expect(after.serviceRequests[0].events.map((e: { type: string }) => e.type)).toEqual([
      'received',
      'cancelled',
    ]);

    // No new personal data for an anonymised customer.
    const agent = await h.token('agent');
    const newRequest = await h.call({
      method: 'POST',
      url: '/api/v1/service-requests',
      token: agent,
      payload: { customerId: customer.id, channel: 'hotline', description: '冰箱又坏了' },
    });
    expect(newRequest.statusCode).toBe(409);
    const newContact = await h.call({
      method: 'POST',
      url: `/api/v1/customers/${customer.id}/contacts`,
      token: agent,
      payload: { name: '新联系人', phone: '13700001111' },
    });
    expect(newContact.statusCode).toBe(409);
    const again = await h.call({
      method: 'POST',
      url: `/api/v1/customers/${customer.id}/anonymise`,
      token: admin,
      payload: { confirmNumber: customer.number, reason: '重复申请' },
    });
    expect(again.json()).toMatchObject({ anonymised: true, changed: false });
    const audit = await h.deps.db
      .selectFrom('audit_log')
      .select('after_json')
      .where('entity_id', '=', customer.id)
      .where('action', '=', 'pii.anonymise')
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0].after_json).toContain('客户申请删除');
    expect(audit[0].after_json).not.toMatch(/王小明|13812345678/);
  });
});
