// Where the time of one request create goes (issue 3), in process, without HTTP: the use case runs in
// waves of 16 concurrent creates (as 16 connections would), on SQLite with group commit; every SQLite
// statement is timed by its SQL text. Baseline in the same run: the bare transaction of one insert.
//   npx tsx bench/create-request-cost.ts [--creates 4000] [--waves 16] [--keep]
//     [--savepoints off] [--batch 8]   (the use-case thread's settings: the creates run on a connection of
//                                        their own, without a savepoint per transaction, 8 per COMMIT)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type SQLite from 'better-sqlite3';
import { SingleBar } from 'cli-progress';
import { systemCtx } from '../src/app/app-deps';
import { createCustomer } from '../src/app/customers/create-customer';
import { authenticate } from '../src/app/identity/authenticate';
import { login } from '../src/app/identity/login';
import { createServiceRequest } from '../src/app/requests/create-service-request';
import { connectDatabase } from '../src/db/connection';
import { BENCH_ADMIN_PASSWORD, startBenchServer } from './start-bench-server';

const args = process.argv.slice(2);
const arg = (name: string, def: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? (args[i + 1] ?? def) : def;
};
const creates = Number(arg('creates', '4000'));
const wave = Number(arg('waves', '16'));

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-create-cost-'));
const server = await startBenchServer(dir);
const threadLike = args.includes('--savepoints') || args.includes('--batch');
// The use-case thread's settings on a connection of the bench's own (the server's stay idle).
const own = threadLike
  ? connectDatabase({
      dataDir: dir,
      savepoints: arg('savepoints', 'on') !== 'off',
      maxBatchSize: Number(arg('batch', '8')),
    })
  : null;
const driver = own ? own.sqliteDriver : server.database.sqliteDriver;
if (!driver) throw new Error('SQLite only');
const deps = own ? { ...server.deps, db: own.db, useCaseThread: undefined } : server.deps;

// Time every statement by its SQL text.
const timings = new Map<string, { count: number; ns: bigint }>();
const prepare = driver.prepare.bind(driver);
const wrappers = new WeakMap<SQLite.Statement, SQLite.Statement>();
driver.prepare = (sqlText: string) => {
  const stmt = prepare(sqlText);
  const known = wrappers.get(stmt);
  if (known) return known;
  const timed =
    (fn: (...a: unknown[]) => unknown) =>
    (...a: unknown[]) => {
      const t0 = process.hrtime.bigint();
      try {
        return fn.apply(stmt, a);
      } finally {
        const e = timings.get(sqlText) ?? { count: 0, ns: 0n };
        e.count += 1;
        e.ns += process.hrtime.bigint() - t0;
        timings.set(sqlText, e);
      }
    };
  const wrapper = {
    run: timed(stmt.run),
    all: timed(stmt.all),
    get: timed(stmt.get),
    iterate: stmt.iterate.bind(stmt),
    reader: stmt.reader,
    readonly: stmt.readonly,
  } as unknown as SQLite.Statement;
  wrappers.set(stmt, wrapper);
  return wrapper;
};

const now = new Date();
const session = await login(
  deps,
  { ...systemCtx(now), ip: '127.0.0.1' },
  { username: 'admin', password: BENCH_ADMIN_PASSWORD },
  'bearer',
);
const auth = await authenticate(deps, session.token, now);
if (!auth) throw new Error('login failed');
const ctx = () => ({ actor: auth.actor, ip: '127.0.0.1', requestId: null, now: new Date() });
const customer = await createCustomer(deps, ctx(), { name: '压测客户', phone: '13912345678' });
const body = {
  customerId: customer.id,
  channel: 'hotline',
  type: 'repair',
  description: '冰箱不制冷，压缩机不启动',
};

// Warm-up, then the measured run.
for (let i = 0; i < 200; i += wave)
  await Promise.all(Array.from({ length: wave }, () => createServiceRequest(deps, ctx(), body)));
timings.clear();
// Start from an empty WAL and keep every frame in it, to count the pages each COMMIT writes.
prepare('pragma wal_checkpoint(TRUNCATE)').all();
prepare('pragma wal_autocheckpoint = 0').all();
const commitsBefore = driver.stats.commits;
const bar = new SingleBar({ format: 'creates {bar} {value}/{total}', clearOnComplete: true });
bar.start(creates, 0);
const t0 = performance.now();
for (let i = 0; i < creates; i += wave) {
  await Promise.all(Array.from({ length: wave }, () => createServiceRequest(deps, ctx(), body)));
  bar.update(Math.min(i + wave, creates));
}
const elapsedMs = performance.now() - t0;
bar.stop();
const commits = driver.stats.commits - commitsBefore;
const walFrames = (prepare('pragma wal_checkpoint(PASSIVE)').all()[0] as { log: number }).log;
prepare('pragma wal_autocheckpoint = 1000').all();
const measured = new Map([...timings].map(([k, e]) => [k, { ...e }]));

// Baseline: one insert per transaction through the same driver (the bare cost of a committed write).
await deps.db.schema
  .createTable('bench_bare')
  .addColumn('id', 'text', (c) => c.primaryKey())
  .addColumn('v', 'text')
  .execute();
const b0 = performance.now();
for (let i = 0; i < creates; i += wave)
  await Promise.all(
    Array.from({ length: wave }, (_, k) =>
      deps.db.transaction().execute((tx) =>
        tx
          .insertInto('bench_bare' as never)
          .values({ id: `${i}-${k}`, v: 'x' } as never)
          .execute(),
      ),
    ),
  );
const bareMs = performance.now() - b0;

const perCreate = (ns: bigint) => Number(ns) / creates / 1000;
let sqlNs = 0n;
for (const e of measured.values()) sqlNs += e.ns;
const createUs = (elapsedMs * 1000) / creates;
console.log(`\n${creates} creates in waves of ${wave}, Node ${process.version}, ${os.cpus().length} cores\n`);
console.log('| measure | µs per create | share |');
console.log('|---|---:|---:|');
console.log(`| whole use case (wall) | ${createUs.toFixed(0)} | 100 % |`);
console.log(
  `| all SQLite statements | ${perCreate(sqlNs).toFixed(0)} | ${((perCreate(sqlNs) / createUs) * 100).toFixed(0)} % |`,
);
console.log(
  `| JavaScript (the rest) | ${(createUs - perCreate(sqlNs)).toFixed(0)} | ${(((createUs - perCreate(sqlNs)) / createUs) * 100).toFixed(0)} % |`,
);
console.log(`| baseline: one-insert transaction | ${((bareMs * 1000) / creates).toFixed(0)} | |`);
console.log(
  `\n${(creates / commits).toFixed(1)} creates per COMMIT on average; each COMMIT wrote ${(walFrames / commits).toFixed(0)} pages to the WAL (${((walFrames * 4096) / creates / 1024).toFixed(1)} KiB per create)\n`,
);
console.log('| statement | calls per create | µs per create |');
console.log('|---|---:|---:|');
for (const [sqlText, e] of [...measured].sort((a, b) => Number(b[1].ns - a[1].ns)).slice(0, 16)) {
  console.log(
    `| \`${sqlText.slice(0, 60).replace(/\|/g, '\\|')}${sqlText.length > 60 ? '…' : ''}\` | ${(e.count / creates).toFixed(2)} | ${perCreate(e.ns).toFixed(1)} |`,
  );
}
await own?.close();
await server.close();
if (args.includes('--keep')) console.log(`\ndatabase kept in ${dir}`);
else fs.rmSync(dir, { recursive: true, force: true });
