import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { systemCtx } from '../../src/app/app-deps';
import { createCustomer } from '../../src/app/customers/create-customer';
import { createServiceRequest } from '../../src/app/requests/create-service-request';
import { TestDatabases, testDataKeySpec } from '../test-databases';

const databases = TestDatabases.create();
const ROOT = path.resolve(__dirname, '../..');

// Issue 3: warnings and escalations fire once and only once per clock, with two `aftercare worker`
// processes on one PostgreSQL database.
describe.runIf(databases.eachSupportedId().includes('postgres'))('two worker processes on postgres', () => {
  it('deliver every SLA warning and escalation exactly once', { timeout: 120_000 }, async () => {
    const deps = await databases.deps('postgres');
    const ctx = systemCtx(new Date());
    const c = await createCustomer(deps, ctx, { name: '双进程', phone: '13700007777' });
    const env = {
      ...process.env,
      DATABASE_URL: deps.handle.databaseUrl,
      AFTERCARE_DATA_KEYS: testDataKeySpec,
    };
    const logs: string[] = ['', ''];
    const workers = [0, 1].map((i) => {
      const p = spawn(process.execPath, ['bin/aftercare.js', 'worker'], {
        cwd: ROOT,
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const append = (d: Buffer) => {
        logs[i] += d.toString();
      };
      p.stdout.on('data', append);
      p.stderr.on('data', append);
      return p;
    });
    try {
      // Both processes are up before any clock falls due, so they really contend for every message.
      const runningLine = /Aftercare worker worker-\d+-[0-9a-f]+ running/;
      const upBy = Date.now() + 60_000;
      while (!logs.every((l) => runningLine.test(l))) {
        if (Date.now() > upBy) throw new Error(`workers did not start:\n${logs.join('\n---\n')}`);
        await new Promise((r) => setTimeout(r, 100));
      }
      const n = 15;
      // Received two days ago and never answered: both clocks of each request are past warning and deadline.
      const receivedAt = new Date(Date.now() - 2 * 86_400_000).toISOString();
      for (let i = 0; i < n; i++) {
        await createServiceRequest(deps, ctx, {
          customerId: c.id,
          channel: 'hotline',
          type: 'repair',
          description: '空调不制冷',
          receivedAt,
        });
      }
      const expected = n * 2 * 2; // 2 clocks × (warning + escalation)
      const deadline = Date.now() + 90_000;
      for (;;) {
        const delivered = await deps.db
          .selectFrom('outbox')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('topic', 'in', ['sla.warning', 'sla.escalation'])
          .where('status', '=', 'delivered')
          .executeTakeFirstOrThrow();
        if (Number(delivered.n) >= expected || Date.now() > deadline) break;
        await new Promise((r) => setTimeout(r, 500));
      }
      const rows = await deps.db
        .selectFrom('outbox')
        .select(['id', 'topic', 'status', 'attempts'])
        .where('topic', 'in', ['sla.warning', 'sla.escalation'])
        .execute();
      expect(rows).toHaveLength(expected);
      expect(rows.every((r) => r.status === 'delivered' && r.attempts === 1)).toBe(true);
      // Every delivery is logged by the worker that made it: each message appears once across both.
      const seen = new Map<string, number>();
      for (const log of logs)
        for (const m of log.matchAll(/"outbox":"([0-9a-f-]{36})"/g))
          seen.set(m[1], (seen.get(m[1]) ?? 0) + 1);
      for (const r of rows) expect(seen.get(r.id), r.id).toBe(1);
    } finally {
      for (const w of workers) w.kill('SIGTERM');
      await Promise.all(
        workers.map((w) => new Promise((r) => (w.exitCode !== null ? r(null) : w.on('exit', r)))),
      );
    }
  });
});
