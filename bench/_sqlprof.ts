import fs from 'node:fs'; import os from 'node:os'; import path from 'node:path';
import { startServer } from '../src/api/server';
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sqlprof-'));
const server = await startServer({ dataDir: dir, port: 0, host: '127.0.0.1', adminPassword: 'Bench-Passw0rd!', logger: false, worker: false, webDir: null, env: { ...process.env, DATABASE_URL: '' } });
const driver = (server.deps.db as any).getExecutor().adapter ? null : null;
// Reach the driver through the dialect instance kept on Kysely props.
const anyDb = server.deps.db as any;
const drv = anyDb.props?.dialect?.driver ?? anyDb['#props'];
const d = (server.deps.db as any).getExecutor();
const times = new Map<string, { n: number; t: number }>();
const dialectDriver = (globalThis as any).__driver;
const origPrepare = dialectDriver.prepare.bind(dialectDriver);
if (process.env.WRAP) dialectDriver.prepare = (sql: string) => {
  const stmt = origPrepare(sql);
  return new Proxy(stmt, { get(target, prop) {
    const v = (target as any)[prop];
    if (prop === 'run' || prop === 'all' || prop === 'get') return (...a: unknown[]) => { const t0 = process.hrtime.bigint(); try { return v.apply(target, a); } finally { const e = times.get(sql) ?? { n: 0, t: 0 }; e.n++; e.t += Number(process.hrtime.bigint() - t0); times.set(sql, e); } };
    return typeof v === 'function' ? v.bind(target) : v;
  } });
};
const call = async (p: string, body: unknown, token?: string) => (await fetch(`${server.url}${p}`, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body) })).json() as any;
const admin = (await call('/api/v1/auth/login', { username: 'admin', password: 'Bench-Passw0rd!' })).token;
const customer = await call('/api/v1/customers', { name: '压测客户', phone: '13912345678' }, admin);
const body = { customerId: customer.id, channel: 'hotline', type: 'repair', description: '冰箱不制冷，压缩机不启动' };
const { createServiceRequest } = await import('../src/app/requests/create-service-request');
const { authenticate } = await import('../src/app/identity/authenticate');
const auth = (await authenticate(server.deps, admin, new Date()))!;
const N = Number(process.argv[2] ?? 4000);
times.clear();
const t0 = performance.now();
for (let i = 0; i < N; i += 16) {
  await Promise.all(Array.from({ length: 16 }, () => createServiceRequest(server.deps, { actor: auth.actor, ip: null, requestId: null, now: new Date() }, body)));
}
const el = performance.now() - t0;
console.log(`${N} creates in ${el.toFixed(0)} ms = ${(el / N * 1000).toFixed(0)} µs each`, (globalThis as any).__driver.stats);
let tot = 0;
for (const [sql, e] of [...times].sort((a, b) => b[1].t - a[1].t).slice(0, 25)) { tot += e.t; console.log((e.t / N / 1000).toFixed(1).padStart(7), 'µs/create', String(e.n).padStart(6), sql.slice(0, 110)); }
console.log('sql total µs/create', ([...times.values()].reduce((s, e) => s + e.t, 0) / N / 1000).toFixed(1));
await server.close();
