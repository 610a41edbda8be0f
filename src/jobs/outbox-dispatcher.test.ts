import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { TestDatabases } from '../../test/test-databases';
import { type AppDeps, inTransaction } from '../app/app-deps';
import { enqueueOutbox, type OutboxMessage } from '../app/shared/outbox';
import { connectDatabase, type DatabaseHandle } from '../db/connection';
import { dispatchOutboxOnce, type OutboxHandler } from './outbox-dispatcher';

const databases = TestDatabases.create();
const T0 = new Date('2026-11-29T02:00:00.000Z');
const at = (ms: number) => new Date(T0.getTime() + ms);

function enqueue(deps: AppDeps, messages: OutboxMessage | OutboxMessage[], now = T0): Promise<number> {
  return inTransaction(deps, (tx) => enqueueOutbox(tx, now, messages));
}

function outboxRows(deps: AppDeps) {
  return deps.db.selectFrom('outbox').selectAll().orderBy('dedupe_key').execute();
}

describe.each(databases.eachSupportedId())('outbox dispatcher on %s', (id) => {
  let deps: AppDeps & { handle: { databaseUrl?: string } };
  const extra: DatabaseHandle[] = [];
  afterAll(async () => {
    for (const h of extra) await h.close();
  });
  beforeEach(async () => {
    deps = await databases.deps(id);
  });

  it('stores a message once per dedupe key, also when enqueued again later or in a rolled-back transaction', async () => {
    expect(
      await enqueue(deps, { topic: 'sms.send', dedupeKey: 'sr-1:ack', payload: { to: 'x', n: 1 } }),
    ).toBe(1);
    expect(
      await enqueue(deps, { topic: 'sms.send', dedupeKey: 'sr-1:ack', payload: { to: 'x', n: 2 } }, at(5000)),
    ).toBe(0);
    expect(
      await enqueue(deps, [
        { topic: 'sms.send', dedupeKey: 'sr-2:ack', payload: {} },
        { topic: 'sms.send', dedupeKey: 'sr-2:ack', payload: {} },
      ]),
    ).toBe(1);
    await expect(
      inTransaction(deps, async (tx) => {
        await enqueueOutbox(tx, T0, { topic: 'sms.send', dedupeKey: 'sr-3:ack', payload: {} });
        throw new Error('the change that caused it failed');
      }),
    ).rejects.toThrow('failed');
    const rows = await outboxRows(deps);
    expect(rows.map((r) => [r.dedupe_key, r.status, r.attempts])).toEqual([
      ['sr-1:ack', 'pending', 0],
      ['sr-2:ack', 'pending', 0],
    ]);
    expect(JSON.parse(rows[0].payload_json)).toEqual({ to: 'x', n: 1 });
  });

  it('delivers each due message to its handler once and marks it delivered; future messages wait', async () => {
    await enqueue(deps, [
      { topic: 'a', dedupeKey: 'm1', payload: { n: 1 } },
      { topic: 'b', dedupeKey: 'm2', payload: { n: 2 } },
      { topic: 'a', dedupeKey: 'm3', payload: { n: 3 }, availableAt: at(3600_000) },
    ]);
    const calls: { topic: string; payload: unknown; dedupeKey: string; attempts: number }[] = [];
    const handler =
      (topic: string): OutboxHandler =>
      async (payload, meta) => {
        calls.push({ topic, payload, dedupeKey: meta.dedupeKey, attempts: meta.attempts });
      };
    const handlers = { a: handler('a'), b: handler('b') };
    expect(await dispatchOutboxOnce(deps, T0, { handlers })).toBe(2);
    expect(await dispatchOutboxOnce(deps, at(1000), { handlers })).toBe(0);
    expect(calls.sort((x, y) => x.dedupeKey.localeCompare(y.dedupeKey))).toEqual([
      { topic: 'a', payload: { n: 1 }, dedupeKey: 'm1', attempts: 1 },
      { topic: 'b', payload: { n: 2 }, dedupeKey: 'm2', attempts: 1 },
    ]);
    let rows = await outboxRows(deps);
    expect(rows.map((r) => [r.dedupe_key, r.status, r.attempts, r.locked_by])).toEqual([
      ['m1', 'delivered', 1, null],
      ['m2', 'delivered', 1, null],
      ['m3', 'pending', 0, null],
    ]);
    expect(rows[0].delivered_at).not.toBeNull();
    expect(await dispatchOutboxOnce(deps, at(3600_000), { handlers })).toBe(1);
    expect(calls.map((c) => c.dedupeKey)).toEqual(['m1', 'm2', 'm3']);
    rows = await outboxRows(deps);
    expect(rows.every((r) => r.status === 'delivered')).toBe(true);
  });

  it('retries a failing handler later with growing backoff and marks it failed after maxAttempts', async () => {
    await enqueue(deps, { topic: 'flaky', dedupeKey: 'f1', payload: {} });
    let calls = 0;
    const handlers = {
      flaky: async () => {
        calls += 1;
        throw new Error(`gateway down #${calls}`);
      },
    };
    const opts = { handlers, maxAttempts: 3 };
    expect(await dispatchOutboxOnce(deps, T0, opts)).toBe(1);
    let row = (await outboxRows(deps))[0];
    expect(row).toMatchObject({
      status: 'pending',
      attempts: 1,
      last_error: 'gateway down #1',
      locked_by: null,
    });
    const firstRetry = Date.parse(row.available_at);
    expect(firstRetry).toBeGreaterThan(T0.getTime());
    // Not before its time.
    expect(await dispatchOutboxOnce(deps, new Date(firstRetry - 1), opts)).toBe(0);
    expect(calls).toBe(1);

    expect(await dispatchOutboxOnce(deps, new Date(firstRetry), opts)).toBe(1);
    row = (await outboxRows(deps))[0];
    expect(row).toMatchObject({ status: 'pending', attempts: 2, last_error: 'gateway down #2' });
    const secondRetry = Date.parse(row.available_at);
    expect(secondRetry - firstRetry).toBeGreaterThan(firstRetry - T0.getTime()); // backoff grows

    expect(await dispatchOutboxOnce(deps, new Date(secondRetry), opts)).toBe(1);
    row = (await outboxRows(deps))[0];
    expect(row).toMatchObject({ status: 'failed', attempts: 3, last_error: 'gateway down #3' });
    expect(await dispatchOutboxOnce(deps, at(30 * 86400_000), opts)).toBe(0);
    expect(calls).toBe(3);
  });

  it('keeps a message of an unknown topic and delivers it once a handler exists', async () => {
    await enqueue(deps, { topic: 'webhook.crm', dedupeKey: 'u1', payload: { ref: 'SR-1' } });
    expect(await dispatchOutboxOnce(deps, T0, { handlers: {} })).toBe(1);
    const row = (await outboxRows(deps))[0];
    expect(row).toMatchObject({ status: 'pending', attempts: 1 });
    expect(row.last_error).toContain('webhook.crm');
    const delivered: unknown[] = [];
    const later = new Date(Date.parse(row.available_at));
    expect(
      await dispatchOutboxOnce(deps, later, {
        handlers: { 'webhook.crm': async (p) => void delivered.push(p) },
      }),
    ).toBe(1);
    expect(delivered).toEqual([{ ref: 'SR-1' }]);
    expect((await outboxRows(deps))[0]).toMatchObject({ status: 'delivered', attempts: 2 });
  });

  it('leaves a message leased by another worker alone until the lease expires (crash recovery)', async () => {
    await enqueue(deps, { topic: 'a', dedupeKey: 'l1', payload: {} });
    await deps.db
      .updateTable('outbox')
      .set({ locked_by: 'crashed-worker', locked_until: at(60_000).toISOString() })
      .execute();
    const seen: string[] = [];
    const handlers = {
      a: async (_p: unknown, meta: { dedupeKey: string }) => void seen.push(meta.dedupeKey),
    };
    expect(await dispatchOutboxOnce(deps, at(30_000), { handlers })).toBe(0);
    expect(seen).toEqual([]);
    expect(await dispatchOutboxOnce(deps, at(60_001), { handlers, workerId: 'rescuer' })).toBe(1);
    expect(seen).toEqual(['l1']);
    expect((await outboxRows(deps))[0]).toMatchObject({ status: 'delivered', locked_by: null });
  });

  // Only PostgreSQL serves several processes; SQLite has a single writer by design.
  if (id === 'postgres')
    it('delivers 300 messages exactly once with two dispatchers on two connection pools', async () => {
      const second = connectDatabase({ databaseUrl: deps.handle.databaseUrl as string, poolSize: 4 });
      extra.push(second);
      const deps2: AppDeps = { ...deps, db: second.db };
      const messages = Array.from({ length: 300 }, (_, i) => ({
        topic: 'notify',
        dedupeKey: `c-${i}`,
        payload: { i },
      }));
      expect(await enqueue(deps, messages)).toBe(300);

      const callsById = new Map<string, number>();
      const byWorker = new Map<string, number>();
      const run = async (d: AppDeps, workerId: string) => {
        const handlers = {
          notify: async (_p: unknown, meta: { id: string }) => {
            callsById.set(meta.id, (callsById.get(meta.id) ?? 0) + 1);
            byWorker.set(workerId, (byWorker.get(workerId) ?? 0) + 1);
            await new Promise((r) => setTimeout(r, Math.random() * 3));
          },
        };
        // Drain until the outbox looks empty to this worker.
        while ((await dispatchOutboxOnce(d, new Date(), { handlers, workerId, batchSize: 15 })) > 0) {}
      };
      await Promise.all([
        run(deps, 'pool1-a'),
        run(deps, 'pool1-b'),
        run(deps2, 'pool2-a'),
        run(deps2, 'pool2-b'),
      ]);

      const ids = await deps.db.selectFrom('outbox').select(['id', 'status']).execute();
      expect(ids.every((r) => r.status === 'delivered')).toBe(true);
      expect(callsById.size).toBe(300);
      expect([...callsById.values()].every((n) => n === 1)).toBe(true);
      expect(ids.map((r) => r.id).sort()).toEqual([...callsById.keys()].sort());
      // Both pools really took part.
      expect((byWorker.get('pool2-a') ?? 0) + (byWorker.get('pool2-b') ?? 0)).toBeGreaterThan(0);
      expect((byWorker.get('pool1-a') ?? 0) + (byWorker.get('pool1-b') ?? 0)).toBeGreaterThan(0);
    });
});
