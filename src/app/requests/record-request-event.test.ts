import { describe, expect, it } from 'vitest';
import { TestDatabases } from '../../../test/test-databases';
import { type AppDeps, systemCtx } from '../app-deps';
import { createCustomer } from '../customers/create-customer';
import { createServiceRequest } from './create-service-request';
import { recordRequestEvent } from './record-request-event';

const databases = TestDatabases.create();
const at = (s: string) => new Date(`${s}+08:00`);

async function clockRows(deps: AppDeps, id: string) {
  const rows = await deps.db
    .selectFrom('sla_clocks')
    .select(['name', 'status', 'met_at', 'warned_at', 'record_type'])
    .where('subject_kind', '=', 'service-request')
    .where('subject_id', '=', id)
    .orderBy('name')
    .execute();
  return rows;
}

describe.each(databases.eachSupportedId())('recordRequestEvent on %s', (id) => {
  it('drops the clocks a reclassification ends and keeps the marks of those that stay', async () => {
    const deps = await databases.deps(id);
    const ctx = systemCtx(at('2026-11-30T09:00:00'));
    const c = await createCustomer(deps, ctx, { name: '改类', phone: '13500001111' });
    const sr = await createServiceRequest(deps, ctx, {
      customerId: c.id,
      channel: 'hotline',
      type: 'repair',
      description: '洗衣机不排水',
    });
    expect((await clockRows(deps, sr.id)).map((r) => r.name)).toEqual(['appointment', 'response']);
    // The sweeper warned about the response clock (its mark must survive the recompute).
    await deps.db
      .updateTable('sla_clocks')
      .set({ warned_at: at('2026-11-30T09:25:00').toISOString() })
      .where('subject_id', '=', sr.id)
      .where('name', '=', 'response')
      .execute();
    const view = await recordRequestEvent(deps, systemCtx(at('2026-11-30T09:26:00')), sr.id, {
      type: 'reclassified',
      newType: 'consultation',
      reason: '客户只是咨询',
    });
    expect(view.type).toBe('consultation');
    expect(Object.keys(view.sla)).toEqual(['response']);
    const rows = await clockRows(deps, sr.id);
    expect(rows.map((r) => r.name)).toEqual(['response']);
    expect(rows[0].record_type).toBe('consultation');
    expect(rows[0].warned_at).toBe(at('2026-11-30T09:25:00').toISOString());
    const stored = await deps.db
      .selectFrom('service_requests')
      .select(['type', 'type_source', 'event_count', 'policy_id', 'sla_json'])
      .where('id', '=', sr.id)
      .executeTakeFirstOrThrow();
    expect(stored).toMatchObject({
      type: 'consultation',
      type_source: 'agent',
      policy_id: 'default-consultation',
    });
    expect(Number(stored.event_count)).toBe(2);
    expect(Object.keys(JSON.parse(stored.sla_json))).toEqual(['response']);
  });

  it('counts an event recorded at the same instant as an earlier one after it, as the stored log does', async () => {
    const deps = await databases.deps(id);
    const received = at('2026-11-30T10:00:00');
    const c = await createCustomer(deps, systemCtx(received), { name: '同刻', phone: '13500002222' });
    const sr = await createServiceRequest(deps, systemCtx(received), {
      customerId: c.id,
      channel: 'hotline',
      type: 'repair',
      description: '空调不制冷',
      receivedAt: received.toISOString(),
    });
    // Paused and resumed, then a response backdated to the very instant of the pause.
    await recordRequestEvent(deps, systemCtx(at('2026-11-30T10:05:00')), sr.id, {
      type: 'paused',
      reason: '客户要求稍后联系',
      at: at('2026-11-30T10:05:00').toISOString(),
    });
    await recordRequestEvent(deps, systemCtx(at('2026-11-30T10:20:00')), sr.id, {
      type: 'resumed',
      at: at('2026-11-30T10:20:00').toISOString(),
    });
    const responded = await recordRequestEvent(deps, systemCtx(at('2026-11-30T10:30:00')), sr.id, {
      type: 'responded',
      at: at('2026-11-30T10:05:00').toISOString(),
    });
    expect(responded.sla.response.metAt).toBe(at('2026-11-30T10:05:00').toISOString());
    expect(responded.sla.response.status).toBe('met');
    // The clocks written with the event equal those a recompute from the stored log gives.
    const { recomputeRequestClocks } = await import('./recompute-request-clocks');
    const { loadCalendars } = await import('../sla/calendar-store');
    const { loadPolicies } = await import('../sla/policy-store');
    const { inTransaction } = await import('../app-deps');
    const row = await deps.db
      .selectFrom('service_requests')
      .selectAll()
      .where('id', '=', sr.id)
      .executeTakeFirstOrThrow();
    const [calendars, policies] = await Promise.all([loadCalendars(deps), loadPolicies(deps)]);
    const again = await inTransaction(deps, (tx) =>
      recomputeRequestClocks(tx, calendars, policies, row, at('2026-11-30T10:30:00')),
    );
    expect(JSON.parse(again.sla_json)).toEqual(JSON.parse(row.sla_json));
    expect((await clockRows(deps, sr.id)).map((r) => [r.name, r.status])).toEqual([
      ['appointment', 'running'],
      ['response', 'met'],
    ]);
  });
});
