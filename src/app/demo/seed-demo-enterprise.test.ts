import { beforeAll, describe, expect, it } from 'vitest';
import { TestDatabases } from '../../../test/test-databases';
import { ROLES } from '../../domain/identity/roles';
import { type AppDeps, systemCtx } from '../app-deps';
import { verifyAuditChain } from '../audit/verify-audit-chain';
import { verifyPassword } from '../security/password-hasher';
import { sweepSlaClocks } from '../sla/sweep-sla-clocks';
import { suggestTriage } from '../triage/suggest-triage';
import { DEMO_PASSWORD, seedDemoEnterprise } from './seed-demo-enterprise';

const databases = TestDatabases.create();
const now = new Date('2026-11-29T02:00:00.000Z');

async function tableCounts(deps: AppDeps) {
  const tables = [
    'customers',
    'customer_contacts',
    'customer_addresses',
    'units',
    'product_models',
    'outlets',
    'users',
    'audit_log',
  ] as const;
  const out: Record<string, number> = {};
  for (const t of tables) {
    const r = await deps.db
      .selectFrom(t)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    out[t] = Number(r.n);
  }
  return out;
}

describe.each(databases.eachSupportedId())('seedDemoEnterprise on %s', (id) => {
  let deps: AppDeps;
  let first: Awaited<ReturnType<typeof seedDemoEnterprise>>;
  let seconds = 0;
  const progress: [number, number, string][] = [];

  beforeAll(async () => {
    deps = await databases.deps(id);
    const started = performance.now();
    first = await seedDemoEnterprise(deps, {
      customers: 300,
      seed: 7,
      force: false,
      now,
      onProgress: (d, t, s) => progress.push([d, t, s]),
    });
    seconds = (performance.now() - started) / 1000;
  });

  it('creates customers, units, models and outlets, reporting progress', async () => {
    expect(first.refused).toBe(false);
    expect(first.customers).toBe(300);
    const counts = await tableCounts(deps);
    expect(counts.customers).toBe(300);
    expect(counts.units).toBe(first.units);
    expect(first.units).toBeGreaterThanOrEqual(300);
    expect(counts.product_models).toBe(first.models);
    expect(first.models).toBeGreaterThan(5);
    expect(counts.outlets).toBeGreaterThanOrEqual(14); // one or more per Guangxi city
    expect(counts.customer_addresses).toBeGreaterThanOrEqual(300);
    expect(progress.filter((p) => p[2] === 'customers').at(-1)).toEqual([300, 300, 'customers']);
    // One stage after another, each reaching its total.
    const stages = [...new Set(progress.map((p) => p[2]))];
    expect(stages).toEqual([
      'customers',
      'service history',
      'service requests',
      'complaints',
      'triage model',
    ]);
    for (const s of stages) {
      const last = progress.filter((p) => p[2] === s).at(-1) as [number, number, string];
      expect(last[0], s).toBe(last[1]);
    }
    // Every unit points at a known customer and model.
    const orphans = await deps.db
      .selectFrom('units')
      .leftJoin('customers', 'customers.id', 'units.customer_id')
      .leftJoin('product_models', 'product_models.id', 'units.model_id')
      .select('units.id')
      .where((eb) => eb.or([eb('customers.id', 'is', null), eb('product_models.id', 'is', null)]))
      .execute();
    expect(orphans).toEqual([]);
    const numbers = await deps.db.selectFrom('customers').select('number').orderBy('number').execute();
    expect(numbers[0].number).toBe('CU00000001');
    expect(numbers.at(-1)?.number).toBe('CU00000300');
  });

  it('creates one demo user per role, the customer user linked to a customer and the partner user to an outlet', async () => {
    const users = await deps.db.selectFrom('users').selectAll().orderBy('username').execute();
    expect(users).toHaveLength(9);
    const roles = users.flatMap((u) => JSON.parse(u.roles) as string[]).sort();
    expect(roles).toEqual([...ROLES].sort());
    expect(first.users.map((u) => u.username).sort()).toEqual(users.map((u) => u.username));
    const byName = new Map(users.map((u) => [u.username, u]));
    const customerUser = byName.get('customer');
    const partnerUser = byName.get('partner');
    expect(customerUser?.customer_id).toBeTruthy();
    expect(
      await deps.db
        .selectFrom('customers')
        .select('id')
        .where('id', '=', customerUser?.customer_id as string)
        .executeTakeFirst(),
    ).toBeDefined();
    const outlet = await deps.db
      .selectFrom('outlets')
      .selectAll()
      .where('id', '=', partnerUser?.outlet_id as string)
      .executeTakeFirstOrThrow();
    // The partner is the Liuzhou authorised service provider, not a self-operated centre.
    expect(outlet.city).toBe('柳州市');
    expect(outlet.kind).not.toBe('self-operated');
    for (const u of users) {
      if (u.username !== 'customer') expect(u.customer_id, u.username).toBeNull();
      if (u.username !== 'partner') expect(u.outlet_id, u.username).toBeNull();
    }
    expect(await verifyPassword(DEMO_PASSWORD, byName.get('agent')?.password_hash as string)).toBe(true);
  });

  it('stores phone numbers and addresses encrypted, with masked copies', async () => {
    const rows = await deps.db.selectFrom('customers').selectAll().limit(50).execute();
    for (const r of rows) {
      const phone = deps.cipher.decrypt(r.phone_enc);
      expect(phone).toMatch(/^1[3-9]\d{9}$/);
      expect(r.phone_enc).not.toContain(phone);
      expect(r.phone_masked).toBe(`${phone.slice(0, 3)}****${phone.slice(-4)}`);
      expect(r.phone_hash).toBe(deps.cipher.blindIndex(phone));
      expect(r.address_enc).toBeTruthy();
      const address = deps.cipher.decrypt(r.address_enc as string);
      expect(r.address_enc).not.toContain(address.slice(-6));
      expect(r.address_masked).toContain('****');
    }
    const contacts = await deps.db.selectFrom('customer_contacts').selectAll().limit(20).execute();
    for (const c of contacts) expect(c.phone_enc).not.toContain(deps.cipher.decrypt(c.phone_enc));
    const audit = await deps.db
      .selectFrom('audit_log')
      .select('after_json')
      .where('action', '=', 'customer.create')
      .limit(50)
      .execute();
    for (const [i, a] of audit.entries())
      expect(a.after_json).not.toContain(deps.cipher.decrypt(rows[i % rows.length].phone_enc));
  });

  it('writes a verifiable audit chain with one entry per customer and unit', async () => {
    const result = await verifyAuditChain(deps);
    expect(result).toMatchObject({ ok: true, problems: [] });
    const created = await deps.db
      .selectFrom('audit_log')
      .select(['action', (eb) => eb.fn.countAll<number>().as('n')])
      .where('action', 'in', ['customer.create', 'unit.create', 'user.create'])
      .groupBy('action')
      .orderBy('action')
      .execute();
    expect(created.map((r) => [r.action, Number(r.n)])).toEqual([
      ['customer.create', 300],
      ['unit.create', first.units],
      ['user.create', 9],
    ]);
  });

  it('loads twelve months of service history with event logs, SLA clocks and complaints, quickly', async () => {
    // 300 customers in a few seconds; 10,000 in the CLI stay well under a minute (bench/RESULTS.md).
    expect(seconds).toBeLessThan(id === 'sqlite' ? 20 : 40);
    const count = async (t: 'service_requests' | 'request_events' | 'complaints' | 'sla_clocks') =>
      Number(
        (
          await deps.db
            .selectFrom(t)
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const requests = await count('service_requests');
    expect(first.history?.requests).toBe(requests);
    expect(requests).toBeGreaterThan(300);
    expect(await count('complaints')).toBe(first.history?.complaints);
    expect(await count('request_events')).toBe(first.history?.events);
    // Every request and complaint has its clocks (two per repair-like request, one per consultation …).
    const clocks = await count('sla_clocks');
    expect(clocks).toBe(first.history?.clocks);
    expect(clocks).toBeGreaterThan(requests);
    const withoutClocks = await deps.db
      .selectFrom('service_requests')
      .leftJoin('sla_clocks', (j) =>
        j
          .onRef('sla_clocks.subject_id', '=', 'service_requests.id')
          .on('sla_clocks.subject_kind', '=', 'service-request'),
      )
      .select('service_requests.id')
      .where('sla_clocks.subject_id', 'is', null)
      .execute();
    expect(withoutClocks).toEqual([]);
    // Received before now, numbered per day, the event log agreeing with the row.
    const rows = await deps.db.selectFrom('service_requests').selectAll().execute();
    const nowIso = now.toISOString();
    for (const r of rows) {
      expect(r.received_at < nowIso).toBe(true);
      expect(r.number).toMatch(/^SR-\d{8}-\d{4}$/);
      expect(r.customer_id).toBeTruthy();
      expect(r.unit_id).toBeTruthy();
      expect(r.outlet_id).toBeTruthy();
    }
    expect(new Set(rows.map((r) => r.number)).size).toBe(rows.length);
    expect(rows.filter((r) => r.status === 'closed').length).toBeGreaterThan(rows.length * 0.85);
    const overridden = rows.filter((r) => r.type_source === 'agent');
    expect(overridden.length).toBeGreaterThan(0);
    const reclassified = await deps.db
      .selectFrom('request_events')
      .select(['subject_id', 'data_json'])
      .where('type', '=', 'reclassified')
      .execute();
    expect(reclassified.map((e) => e.subject_id).sort()).toEqual(overridden.map((r) => r.id).sort());
    const byId = new Map(rows.map((r) => [r.id, r]));
    for (const e of reclassified)
      expect(JSON.parse(e.data_json as string).to).toBe(byId.get(e.subject_id)?.type);
    // Clock facts the indicators read: mostly met, a realistic share breached.
    const facts = await deps.db.selectFrom('sla_clocks').select(['status', 'excluded']).execute();
    const breached = facts.filter((c) => c.status === 'breached').length / facts.length;
    expect(breached).toBeGreaterThan(0.01);
    expect(breached).toBeLessThan(0.12);
    // The next live request of a day continues its numbering.
    const counters = await deps.db.selectFrom('counters').selectAll().where('name', 'like', 'sr:%').execute();
    expect(counters.length).toBeGreaterThan(200);
  });

  it('marks past warnings and escalations as sent, so the sweeper does not flood the outbox', async () => {
    const before = Number(
      (
        await deps.db
          .selectFrom('outbox')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
    expect(await sweepSlaClocks(deps, now)).toEqual({ warned: 0, escalated: 0 });
    const after = Number(
      (
        await deps.db
          .selectFrom('outbox')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
    expect(after).toBe(before);
    const escalated = await deps.db
      .selectFrom('sla_clocks')
      .select(['due_at', 'escalated_at'])
      .where('escalated_at', 'is not', null)
      .execute();
    expect(escalated.length).toBeGreaterThan(0);
    for (const c of escalated) expect(c.escalated_at).toBe(c.due_at);
  });

  it('trains the triage model on the history, and intake uses it', async () => {
    expect(first.triage?.sampleCount).toBeGreaterThan(200);
    expect(first.triage?.accuracy).toBeGreaterThan(first.triage?.baselineAccuracy as number);
    const models = await deps.db.selectFrom('triage_models').select(['sample_count']).execute();
    expect(models).toHaveLength(1);
    const ctx = { ...systemCtx(now, 'test') };
    const s = await suggestTriage(deps, ctx, { description: '空调用了两年想洗洗' });
    expect(s).toMatchObject({ type: 'maintenance', method: 'classifier' });
    expect((await suggestTriage(deps, ctx, { description: '热水器那里闻到天然气味道' })).type).toBe(
      'emergency',
    );
  });

  it('refuses a second run without force and changes nothing; with force it replaces the data', async () => {
    const before = await tableCounts(deps);
    const head = await deps.db.selectFrom('audit_head').selectAll().orderBy('id').execute();
    const oldIds = (await deps.db.selectFrom('customers').select('id').execute()).map((r) => r.id);
    const refused = await seedDemoEnterprise(deps, { customers: 300, seed: 8, force: false, now });
    expect(refused).toEqual({ refused: true, customers: 0, units: 0, models: 0, users: [] });
    expect(await tableCounts(deps)).toEqual(before);
    expect(await deps.db.selectFrom('audit_head').selectAll().orderBy('id').execute()).toEqual(head);

    const again = await seedDemoEnterprise(deps, {
      customers: 120,
      seed: 8,
      force: true,
      now: new Date(now.getTime() + 3600_000),
    });
    expect(again).toMatchObject({ refused: false, customers: 120 });
    const after = await tableCounts(deps);
    expect(after.customers).toBe(120);
    expect(after.units).toBe(again.units);
    expect(after.product_models).toBe(before.product_models);
    expect(after.outlets).toBe(before.outlets);
    expect(after.users).toBe(9);
    const ids = await deps.db.selectFrom('customers').select('id').execute();
    expect(ids.filter((r) => oldIds.includes(r.id))).toEqual([]);
    // Numbering starts over, and the demo users point at the new records.
    expect(
      (await deps.db.selectFrom('customers').select('number').orderBy('number').executeTakeFirstOrThrow())
        .number,
    ).toBe('CU00000001');
    const users = await deps.db
      .selectFrom('users')
      .select(['username', 'customer_id', 'outlet_id'])
      .where('username', 'in', ['customer', 'partner'])
      .orderBy('username')
      .execute();
    expect(ids.map((r) => r.id)).toContain(users[0].customer_id);
    const outlet = await deps.db
      .selectFrom('outlets')
      .select('city')
      .where('id', '=', users[1].outlet_id as string)
      .executeTakeFirstOrThrow();
    expect(outlet.city).toBe('柳州市');
    expect(
      await deps.db.selectFrom('audit_log').select('seq').where('action', '=', 'demo.reset').execute(),
    ).toHaveLength(1);
    // The old history went with the old customers; the new one belongs to the new customers.
    const foreign = await deps.db
      .selectFrom('service_requests')
      .select('id')
      .where(
        'customer_id',
        'not in',
        ids.map((r) => r.id),
      )
      .execute();
    expect(foreign).toEqual([]);
    expect(again.history?.requests).toBeGreaterThan(100);
    expect(
      await deps.db.selectFrom('service_requests').select('number').orderBy('number').limit(1).execute(),
    ).toHaveLength(1);
    expect((await verifyAuditChain(deps)).ok).toBe(true);
  });
});
