import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, apiHarness, countRows } from '../api-harness';
import { TestDatabases } from '../test-databases';

const databases = TestDatabases.create();
const local = (s: string) => new Date(`${s}+08:00`).toISOString();

describe.each(databases.eachSupportedId())('calendars and SLA policies admin on %s', (id) => {
  let h: ApiHarness;
  let customerId: string;
  beforeAll(async () => {
    h = await apiHarness(databases, id);
    h.now.value = new Date(local('2027-01-29T10:00:00'));
    customerId = (
      await h.call({
        method: 'POST',
        url: '/api/v1/customers',
        token: await h.token('agent'),
        payload: { name: '日历', phone: '13300001111', groupCode: 'VIP' },
      })
    ).json().id;
  });
  afterAll(() => h.close());

  it('lists the three default calendars with PRC holidays', async () => {
    const r = (
      await h.call({ method: 'GET', url: '/api/v1/calendars', token: await h.token('agent') })
    ).json();
    expect(r.items.map((c: { id: string }) => c.id)).toEqual(['24x7', 'service-hours', 'working-days']);
    const wd = r.items.find((c: { id: string }) => c.id === 'working-days');
    expect(wd.years).toContain('2026');
    expect(wd.holidays).toBeGreaterThan(20);
  });

  it("loads a new year's notice without a release and recomputes open deadlines", async () => {
    const agent = await h.token('agent');
    // A complex complaint received Fri 2027-01-29: without a 2027 notice, 3 working days end Wed 02-03 24:00.
    const c = (
      await h.call({
        method: 'POST',
        url: '/api/v1/complaints',
        token: agent,
        payload: { customerId, description: '维修后又坏了', complex: true },
      })
    ).json();
    const before = c.sla.plan.dueAt;
    // A (fictitious) 2027 notice: Mon 02-01 … Wed 02-03 off, Sun 01-31 a make-up working day.
    const notice = {
      year: 2027,
      days: [
        { name: '测试假期', date: '2027-01-31', isOffDay: false },
        { name: '测试假期', date: '2027-02-01', isOffDay: true },
        { name: '测试假期', date: '2027-02-02', isOffDay: true },
        { name: '测试假期', date: '2027-02-03', isOffDay: true },
      ],
    };
    const admin = await h.token('admin');
    const r = await h.call({
      method: 'POST',
      url: '/api/v1/calendars/working-days/holiday-notices',
      token: admin,
      payload: { format: 'holiday-cn-json', content: JSON.stringify(notice) },
    });
    expect(r.statusCode).toBe(200);
    expect(r.json().recomputed.complaints).toBeGreaterThanOrEqual(1);
    const after = (await h.call({ method: 'GET', url: `/api/v1/complaints/${c.id}`, token: agent })).json();
    // Working days after 01-29: Sun 01-31 (make-up), Thu 02-04, Fri 02-05 → 24:00 of 02-05.
    expect(before).toBe(local('2027-02-04T00:00:00'));
    expect(after.sla.plan.dueAt).toBe(local('2027-02-06T00:00:00'));
    // Other years are kept.
    const wd = (await h.call({ method: 'GET', url: '/api/v1/calendars/working-days', token: agent })).json();
    expect(wd.spec.holidays).toContain('2026-10-01');
    expect(wd.spec.workdays).toContain('2027-01-31');
  });

  it('accepts an iCal notice and rejects broken ones field by field, changing nothing', async () => {
    const admin = await h.token('admin');
    const ics = [
      'BEGIN:VCALENDAR',
      'BEGIN:VEVENT',
      'DTSTART;VALUE=DATE:20280101',
      'DTEND;VALUE=DATE:20280102',
      'SUMMARY:元旦(休)',
      'END:VEVENT',
      'END:VCALENDAR',
    ].join('\r\n');
    const ok = await h.call({
      method: 'POST',
      url: '/api/v1/calendars/working-days/holiday-notices',
      token: admin,
      payload: { format: 'ics', content: ics },
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().years).toContain('2028');
    const audit = await countRows(h.deps, 'audit_log');
    const bad = await h.call({
      method: 'POST',
      url: '/api/v1/calendars/working-days/holiday-notices',
      token: admin,
      payload: {
        format: 'holiday-cn-json',
        content: '{"year":2029,"days":[{"date":"2029-02-30","isOffDay":true}]}',
      },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details[0].path).toMatch(/^content/);
    expect(
      (
        await h.call({
          method: 'POST',
          url: '/api/v1/calendars/nope/holiday-notices',
          token: admin,
          payload: { format: 'ics', content: ics },
        })
      ).statusCode,
    ).toBe(404);
    expect(
      (
        await h.call({
          method: 'POST',
          url: '/api/v1/calendars/working-days/holiday-notices',
          token: await h.token('agent'),
          payload: { format: 'ics', content: ics },
        })
      ).statusCode,
    ).toBe(403);
    expect(await countRows(h.deps, 'audit_log')).toBe(audit);
  });

  it('creates an enterprise calendar and a customer-group policy that takes precedence', async () => {
    const admin = await h.token('admin');
    const cal = await h.call({
      method: 'PUT',
      url: '/api/v1/calendars/vip-hours',
      token: admin,
      payload: {
        name: 'VIP 07:00–22:00',
        zone: 'Asia/Shanghai',
        weekly: {
          1: [{ start: '07:00', end: '22:00' }],
          2: [{ start: '07:00', end: '22:00' }],
          3: [{ start: '07:00', end: '22:00' }],
          4: [{ start: '07:00', end: '22:00' }],
          5: [{ start: '07:00', end: '22:00' }],
          6: [{ start: '07:00', end: '22:00' }],
          7: [{ start: '07:00', end: '22:00' }],
        },
      },
    });
    expect(cal.statusCode).toBe(200);
    const badCal = await h.call({
      method: 'PUT',
      url: '/api/v1/calendars/bad',
      token: admin,
      payload: { name: 'x', zone: 'Mars/Olympus', weekly: {} },
    });
    expect(badCal.statusCode).toBe(400);
    const policy = await h.call({
      method: 'PUT',
      url: '/api/v1/sla-policies/vip-repair',
      token: admin,
      payload: {
        name: 'VIP 维修',
        subject: 'service-request',
        match: { types: ['repair'], customerGroup: 'VIP' },
        clocks: [
          {
            name: 'response',
            target: { minutes: 10 },
            calendar: 'vip-hours',
            pausable: true,
            stopOn: ['responded'],
          },
        ],
      },
    });
    expect(policy.statusCode).toBe(200);
    h.now.value = new Date(local('2027-02-08T21:00:00'));
    const sr = (
      await h.call({
        method: 'POST',
        url: '/api/v1/service-requests',
        token: await h.token('agent'),
        payload: { customerId, channel: 'hotline', type: 'repair', description: '冰箱不制冷' },
      })
    ).json();
    expect(sr.policyId).toBe('vip-repair');
    expect(Object.keys(sr.sla)).toEqual(['response']);
    expect(sr.sla.response.dueAt).toBe(local('2027-02-08T21:10:00'));
    const unknownCal = await h.call({
      method: 'PUT',
      url: '/api/v1/sla-policies/broken',
      token: await h.token('admin'),
      payload: {
        name: 'x',
        subject: 'service-request',
        match: {},
        clocks: [
          {
            name: 'response',
            target: { minutes: 5 },
            calendar: 'none',
            pausable: true,
            stopOn: ['responded'],
          },
        ],
      },
    });
    expect(unknownCal.statusCode).toBe(400);
    expect(unknownCal.json().error.details[0].path).toBe('clocks.0.calendar');
  });
});
