import { describe, expect, it } from 'vitest';
import { TestDatabases } from '../../../test/test-databases';
import { connectDatabase } from '../../db/connection';
import { dispatchOutboxOnce } from '../../jobs/outbox-dispatcher';
import { type AppDeps, systemCtx } from '../app-deps';
import { createCustomer } from '../customers/create-customer';
import { createServiceRequest } from '../requests/create-service-request';
import { recordRequestEvent } from '../requests/record-request-event';
import { sweepSlaClocks } from './sweep-sla-clocks';

const databases = TestDatabases.create();
const local = (s: string) => new Date(`${s}+08:00`);

async function seedRequests(deps: AppDeps, n: number) {
  const ctx = systemCtx(local('2026-11-30T09:00:00'));
  const c = await createCustomer(deps, ctx, { name: '扫描', phone: '13600001111' });
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const sr = await createServiceRequest(deps, ctx, {
      customerId: c.id,
      channel: 'hotline',
      type: 'repair',
      description: '空调不制冷',
    });
    ids.push(sr.id);
  }
  return { ids, customerId: c.id };
}

async function outboxCount(deps: AppDeps, topic: string) {
  const r = await deps.db
    .selectFrom('outbox')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('topic', '=', topic)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

describe.each(databases.eachSupportedId())('SLA sweeper on %s', (id) => {
  it('warns at 80% and escalates at the deadline, once per clock, never for met clocks', async () => {
    const deps = await databases.deps(id);
    const { ids } = await seedRequests(deps, 3);
    // Request 0 is answered in time: its response clock must not warn or escalate.
    await recordRequestEvent(deps, systemCtx(local('2026-11-30T09:10:00')), ids[0], { type: 'responded' });
    // 09:25: response clocks (due 09:30) are at 83% → warnings for requests 1 and 2.
    let r = await sweepSlaClocks(deps, local('2026-11-30T09:25:00'));
    expect(r).toEqual({ warned: 2, escalated: 0 });
    r = await sweepSlaClocks(deps, local('2026-11-30T09:26:00'));
    expect(r).toEqual({ warned: 0, escalated: 0 });
    // 09:31: responses breached → 2 escalations; appointment clocks (due 11:00) not yet warned.
    r = await sweepSlaClocks(deps, local('2026-11-30T09:31:00'));
    expect(r).toEqual({ warned: 0, escalated: 2 });
    // 11:01: every appointment clock (3) warns and escalates once.
    r = await sweepSlaClocks(deps, local('2026-11-30T11:01:00'));
    expect(r).toEqual({ warned: 3, escalated: 3 });
    expect(await sweepSlaClocks(deps, local('2026-11-30T12:00:00'))).toEqual({ warned: 0, escalated: 0 });
    expect(await outboxCount(deps, 'sla.warning')).toBe(5);
    expect(await outboxCount(deps, 'sla.escalation')).toBe(5);
    const clock = await deps.db
      .selectFrom('sla_clocks')
      .selectAll()
      .where('subject_id', '=', ids[1])
      .where('name', '=', 'response')
      .executeTakeFirstOrThrow();
    expect(clock.status).toBe('breached');
    // Recording an event later keeps the marks: no second escalation after a recompute.
    await recordRequestEvent(deps, systemCtx(local('2026-11-30T12:05:00')), ids[1], {
      type: 'note',
      note: '客户未接电话',
    });
    expect(await sweepSlaClocks(deps, local('2026-11-30T12:10:00'))).toEqual({ warned: 0, escalated: 0 });
  });

  if (id === 'postgres') {
    it('sends each warning and escalation once with two workers on separate connections', async () => {
      const deps = await databases.deps(id);
      const { ids } = await seedRequests(deps, 40);
      const second = connectDatabase({ databaseUrl: deps.handle.databaseUrl });
      const deps2: AppDeps = { ...deps, db: second.db };
      try {
        const at = local('2026-11-30T11:05:00');
        const results = await Promise.all([
          sweepSlaClocks(deps, at, 7),
          sweepSlaClocks(deps2, at, 7),
          sweepSlaClocks(deps, at),
          sweepSlaClocks(deps2, at),
        ]);
        const warned = results.reduce((s, r) => s + r.warned, 0);
        const escalated = results.reduce((s, r) => s + r.escalated, 0);
        // Two clocks per request (response, appointment), both past warning and deadline.
        expect(warned).toBe(ids.length * 2);
        expect(escalated).toBe(ids.length * 2);
        expect(await outboxCount(deps, 'sla.escalation')).toBe(ids.length * 2);
        // Delivery by two dispatchers: each message handled once.
        const seen = new Map<string, number>();
        const handlers = {
          'sla.warning': async (_p: unknown, m: { id: string }) =>
            void seen.set(m.id, (seen.get(m.id) ?? 0) + 1),
          'sla.escalation': async (_p: unknown, m: { id: string }) =>
            void seen.set(m.id, (seen.get(m.id) ?? 0) + 1),
          'notification.log': async () => {},
        };
        const drain = async (d: AppDeps, w: string) => {
          while ((await dispatchOutboxOnce(d, at, { handlers, workerId: w, batchSize: 5 })) > 0) {}
        };
        await Promise.all([drain(deps, 'w1'), drain(deps2, 'w2')]);
        expect(seen.size).toBe(ids.length * 4);
        expect([...seen.values()].every((n) => n === 1)).toBe(true);
      } finally {
        await second.close();
      }
    });
  }
});
