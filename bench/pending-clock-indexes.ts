// Benchmark: the SLA sweeper's scans and a month of KPI facts at a large history, with the clock indexes
// before migration 0009 (baseline, same data, same run) and after it.
//   npx tsx bench/pending-clock-indexes.ts [--requests 1000000] [--pg postgres://…]
// A history of `requests` repair requests, one every 30 s from 2025-11-01, each with a response and an
// arrangement clock met early (never warned: a service that keeps its promises), plus 200 clocks still
// pending and due. The sweep must find those 200 whichever way; the KPI query reads October 2026.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type Kysely, sql } from 'kysely';
import pg from 'pg';
import { clockFactsQuery } from '../src/app/reports/compute-kpis';
import { pendingClocksQuery } from '../src/app/sla/sweep-sla-clocks';
import { connectDatabase } from '../src/db/connection';
import { migrateTo } from '../src/db/migrate';
import type { Database } from '../src/db/schema';

const args = process.argv.slice(2);
const arg = (name: string, def: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? (args[i + 1] ?? def) : def;
};
const requests = Number(arg('requests', '1000000'));
const pgUrl = arg('pg', '');
const BEFORE = '2026-11-29T0008-audit-chains';
const AFTER = '2026-11-30T0009-pending-clock-indexes';
const NOW = '2026-11-30T00:00:00.000Z';

/** Fills sla_clocks inside the database (no round trip per row). */
async function fill(db: Kysely<Database>, dialect: 'sqlite' | 'postgres') {
  const t0 = Date.parse('2025-11-01T00:00:00Z');
  const clock = (name: string, requirement: string, targetMs: number) => {
    // Literals, not parameters: PostgreSQL would type a parameter next to `i` as integer.
    const [T0, target, warn, last] = [t0, targetMs, targetMs * 0.8, requests - 1].map((n) => sql.lit(n));
    return dialect === 'sqlite'
      ? sql`with recursive n(i) as (select 0 union all select i + 1 from n where i < ${last})
          insert into sla_clocks select 'service-request', 'r' || printf('%09d', i), ${name}, 'repair', 'hotline', null,
            strftime('%Y-%m-%dT%H:%M:%fZ', (${T0} + i * 30000) / 1000.0, 'unixepoch'),
            strftime('%Y-%m', (${T0} + i * 30000) / 1000.0, 'unixepoch'),
            strftime('%Y-%m-%dT%H:%M:%fZ', (${T0} + i * 30000 + ${target}) / 1000.0, 'unixepoch'),
            strftime('%Y-%m-%dT%H:%M:%fZ', (${T0} + i * 30000 + ${warn}) / 1000.0, 'unixepoch'),
            strftime('%Y-%m-%dT%H:%M:%fZ', (${T0} + i * 30000 + 600000) / 1000.0, 'unixepoch'),
            'met', ${target}, 600000, 'business', 1, null, ${requirement}, null, null from n`
      : sql`insert into sla_clocks select 'service-request', 'r' || lpad(i::text, 9, '0'), ${name}, 'repair', 'hotline', null,
            to_char(to_timestamp((${T0} + i * 30000) / 1000.0) at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
            to_char(to_timestamp((${T0} + i * 30000) / 1000.0) at time zone 'UTC', 'YYYY-MM'),
            to_char(to_timestamp((${T0} + i * 30000 + ${target}) / 1000.0) at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
            to_char(to_timestamp((${T0} + i * 30000 + ${warn}) / 1000.0) at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
            to_char(to_timestamp((${T0} + i * 30000 + 600000) / 1000.0) at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
            'met', ${target}, 600000, 'business', 1, null, ${requirement}, null, null
          from generate_series(0::bigint, ${last}) as i`;
  };
  await clock('response', 'Q-8.2-REPAIR-RESPONSE', 7_200_000).execute(db);
  await clock('arrange', 'Q-8.2-REPAIR-APPOINTMENT', 86_400_000).execute(db);
  // The open work: 200 clocks past their warning and deadline, never marked.
  await sql`update sla_clocks set met_at = null, status = 'breached' where name = 'response' and subject_id in
      (select subject_id from sla_clocks where name = 'response' order by subject_id desc limit 200)`.execute(
    db,
  );
  if (dialect === 'postgres') await sql`analyze sla_clocks`.execute(db);
}

/** Median wall time of `n` runs of `run` (after one warm-up), in ms, and the rows it returned. */
async function time(run: () => Promise<unknown[]>, n = 7) {
  let rows = (await run()).length;
  const ms: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    rows = (await run()).length;
    ms.push(performance.now() - t);
  }
  ms.sort((a, b) => a - b);
  return { ms: ms[n >> 1], rows };
}

async function measure(db: Kysely<Database>) {
  const warn = await time(() => pendingClocksQuery(db, 'warning', NOW, 200).execute());
  const due = await time(() => pendingClocksQuery(db, 'escalation', NOW, 200).execute());
  const kpi = await time(
    () => clockFactsQuery(db, '2026-09-30T16:00:00.000Z', '2026-10-31T16:00:00.000Z').execute(),
    5,
  );
  return { warn, due, kpi };
}

async function run(kind: 'sqlite' | 'postgres') {
  let dataDir: string | undefined;
  let databaseUrl: string | undefined;
  let dropDb: (() => Promise<void>) | undefined;
  if (kind === 'sqlite') dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-clock-idx-'));
  else {
    const name = `bench_clock_idx_${process.pid}`;
    const admin = new pg.Client({ connectionString: pgUrl });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    const u = new URL(pgUrl);
    u.pathname = `/${name}`;
    databaseUrl = u.toString();
    dropDb = async () => {
      const c = new pg.Client({ connectionString: pgUrl });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    };
  }
  const h = connectDatabase({ dataDir, databaseUrl });
  try {
    await migrateTo(h.db, BEFORE);
    const t = performance.now();
    await fill(h.db, h.dialect);
    process.stderr.write(
      `  ${kind}: ${2 * requests} clocks loaded in ${((performance.now() - t) / 1000).toFixed(1)} s\n`,
    );
    const before = await measure(h.db);
    const m = performance.now();
    await migrateTo(h.db, AFTER);
    if (h.dialect === 'postgres') await sql`analyze sla_clocks`.execute(h.db);
    const migration = performance.now() - m;
    const after = await measure(h.db);
    return { kind, before, after, migration };
  } finally {
    await h.close();
    await dropDb?.();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

const results = [await run('sqlite')];
if (pgUrl) results.push(await run('postgres'));
const f = (x: number) => (x < 1 ? x.toFixed(3) : x < 100 ? x.toFixed(1) : x.toFixed(0));
console.log(
  `\n${2 * requests} clocks (${requests} requests), median of 7 runs (KPI: 5), Node ${process.version}, ${os.cpus().length} cores\n`,
);
console.log('| database | query | rows | before 0009 ms | after 0009 ms | ratio |');
console.log('|---|---|---:|---:|---:|---:|');
for (const r of results) {
  for (const [label, key] of [
    ['sweep: warnings due', 'warn'],
    ['sweep: escalations due', 'due'],
    ['KPI facts of a month', 'kpi'],
  ] as const) {
    const b = r.before[key];
    const a = r.after[key];
    console.log(
      `| ${r.kind} | ${label} | ${a.rows} | ${f(b.ms)} | ${f(a.ms)} | ${(b.ms / a.ms).toFixed(0)}× |`,
    );
  }
  console.log(`| ${r.kind} | migration 0009 itself | | | ${f(r.migration)} | |`);
}
