// Benchmark: recording request events (a dispatcher's and technician's everyday write: responded,
// dispatched, arrived …), in process, 16 at a time, on SQLite and PostgreSQL. Baseline in the same run: a
// bare one-row UPDATE transaction through the same connection.
//   npx tsx bench/record-request-events.ts [--events 1600] [--pg postgres://…]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SingleBar } from 'cli-progress';
import pg from 'pg';
import { systemCtx } from '../src/app/app-deps';
import { createCustomer } from '../src/app/customers/create-customer';
import { createServiceRequest } from '../src/app/requests/create-service-request';
import { recordRequestEvent } from '../src/app/requests/record-request-event';
import { startBenchServer } from './start-bench-server';

const args = process.argv.slice(2);
const arg = (name: string, def: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? (args[i + 1] ?? def) : def;
};
const events = Number(arg('events', '1600'));
const wave = 16;

/** Runs `task(i)` for i < n, `wave` at a time; returns per-item wall µs and process CPU µs. */
async function measure(n: number, task: (i: number) => Promise<unknown>) {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  for (let i = 0; i < n; i += wave)
    await Promise.all(Array.from({ length: Math.min(wave, n - i) }, (_, k) => task(i + k)));
  const wall = ((performance.now() - t0) * 1000) / n;
  const cpu = process.cpuUsage(cpu0);
  return { perSecond: 1e6 / wall, cpu: (cpu.user + cpu.system) / n };
}

async function run(kind: 'sqlite' | 'postgres', url?: string) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-events-'));
  const server = await startBenchServer(dir, url);
  try {
    const { deps } = server;
    const ctx = () => systemCtx(new Date());
    const customer = await createCustomer(deps, ctx(), { name: '事件压测', phone: '13912345678' });
    const bar = new SingleBar({ format: `${kind} requests {bar} {value}/{total}`, clearOnComplete: true });
    bar.start(events, 0);
    const ids: string[] = [];
    for (let i = 0; i < events; i += wave) {
      const made = await Promise.all(
        Array.from({ length: Math.min(wave, events - i) }, () =>
          createServiceRequest(deps, ctx(), {
            customerId: customer.id,
            channel: 'hotline',
            type: 'repair',
            description: '冰箱不制冷',
          }),
        ),
      );
      ids.push(...made.map((r) => r.id));
      bar.update(ids.length);
    }
    bar.stop();
    const bare = await measure(events, (i) =>
      deps.db
        .transaction()
        .execute((tx) =>
          tx
            .updateTable('service_requests')
            .set({ updated_at: new Date().toISOString() })
            .where('id', '=', ids[i])
            .execute(),
        ),
    );
    const recorded = await measure(events, (i) =>
      recordRequestEvent(deps, ctx(), ids[i], { type: 'responded' }),
    );
    return { kind, recorded, bare };
  } finally {
    await server.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const results = [await run('sqlite')];
const pgUrl = arg('pg', '');
if (pgUrl) {
  const admin = new pg.Client({ connectionString: pgUrl });
  await admin.connect();
  const name = `aftercare_bench_ev_${Date.now().toString(36)}`;
  await admin.query(`create database ${name}`);
  const u = new URL(pgUrl);
  u.pathname = `/${name}`;
  try {
    results.push(await run('postgres', u.toString()));
  } finally {
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}
console.log(`\n${events} events, ${wave} at a time, Node ${process.version}, ${os.cpus().length} cores\n`);
console.log(
  '| database | events/s | CPU µs/event | baseline: one-row UPDATE transactions/s | CPU µs | ratio |',
);
console.log('|---|---:|---:|---:|---:|---:|');
for (const r of results)
  console.log(
    `| ${r.kind} | ${r.recorded.perSecond.toFixed(0)} | ${r.recorded.cpu.toFixed(0)} | ${r.bare.perSecond.toFixed(0)} | ${r.bare.cpu.toFixed(0)} | ${(r.recorded.perSecond / r.bare.perSecond).toFixed(2)}× |`,
  );
