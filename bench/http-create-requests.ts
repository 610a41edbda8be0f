// Benchmark: creating service requests over HTTP (issue 3): req/s and p99 at 16 connections, on SQLite and
// PostgreSQL, beside a bare Fastify + better-sqlite3 insert measured in the same run.
//   npx tsx bench/http-create-requests.ts [--seconds 10] [--connections 16] [--pg postgres://…]
//     [--only sqlite] [--cpu-prof DIR]   (one server kind; V8 CPU profiles of the server processes into DIR)
//     [--driver wrk]   (load from wrk — `apt-get install wrk` — instead of autocannon: on two cores the load
//                       generator shares the CPU with the server, and autocannon, in JavaScript, takes more)
//   BENCH_DIR=/dev/shm puts the Aftercare server's data directory there (the disk-or-not comparison in RESULTS.md).
//   BENCH_NODE_FLAGS="--single-threaded-gc …" passes Node/V8 flags to the server processes (experiments).
// Each server runs in its own child process; autocannon (or wrk) drives it from this process.

import { execFileSync, spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';

const here = path.dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const arg = (name: string, def: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? (args[i + 1] ?? def) : def;
};

interface Target {
  url: string;
  path: string;
  headers: Record<string, string>;
  body: string;
}

async function serverMode(kind: string): Promise<void> {
  // A clean exit on SIGTERM, so that --cpu-prof writes its profile.
  process.once('SIGTERM', () => process.exit(0));
  if (kind === 'bare') {
    const { default: Fastify } = await import('fastify');
    const { default: SQLite } = await import('better-sqlite3');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-bare-'));
    const db = new SQLite(path.join(dir, 'bare.sqlite'));
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.exec(
      'create table requests (id text primary key, customer_id text, channel text, description text, received_at text)',
    );
    const insert = db.prepare('insert into requests values (?, ?, ?, ?, ?)');
    const app = Fastify();
    app.post('/requests', async (req, reply) => {
      const b = req.body as { customerId: string; channel: string; description: string };
      const id = crypto.randomUUID();
      insert.run(id, b.customerId, b.channel, b.description, new Date().toISOString());
      reply.status(201);
      return { id };
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const port = (app.server.address() as { port: number }).port;
    const target: Target = {
      url: `http://127.0.0.1:${port}`,
      path: '/requests',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ customerId: 'c1', channel: 'hotline', description: '冰箱不制冷' }),
    };
    process.stdout.write(`${JSON.stringify(target)}\n`);
    return;
  }
  const { BENCH_ADMIN_PASSWORD, startBenchServer } = await import('./start-bench-server');
  const dir = fs.mkdtempSync(path.join(process.env.BENCH_DIR ?? os.tmpdir(), 'bench-aftercare-'));
  const server = await startBenchServer(dir, kind === 'sqlite' ? undefined : kind);
  const call = async (p: string, body: unknown, token?: string) => {
    const res = await fetch(`${server.url}${p}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });
    return res.json() as Promise<Record<string, string>>;
  };
  const admin = (await call('/api/v1/auth/login', { username: 'admin', password: BENCH_ADMIN_PASSWORD }))
    .token;
  const customer = await call(
    '/api/v1/customers',
    { name: '压测客户', phone: `139${String(Date.now()).slice(-8)}` },
    admin,
  );
  const target: Target = {
    url: server.url,
    path: '/api/v1/service-requests',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` },
    body: JSON.stringify({
      customerId: customer.id,
      channel: 'hotline',
      type: 'repair',
      description: '冰箱不制冷，压缩机不启动',
    }),
  };
  process.stdout.write(`${JSON.stringify(target)}\n`);
  const eluStart = performance.eventLoopUtilization();
  const driver = server.database.sqliteDriver;
  if (driver) {
    // Group-commit figures of the whole run (warm-up included), for the results table.
    process.removeAllListeners('SIGTERM');
    process.once('SIGTERM', async () => {
      const { transactions, commits, largestBatch } = driver.stats;
      const elu = performance.eventLoopUtilization(eluStart);
      process.stderr.write(
        `  main event loop busy ${(elu.utilization * 100).toFixed(0)} % since the server was ready\n`,
      );
      const ckpt = await server.database.walCheckpointer?.stats();
      const thread = await server.deps.useCaseThread?.stats();
      if (thread)
        process.stderr.write(
          `  use-case thread: ${thread.runs} use cases, busy ${(thread.busy * 100).toFixed(0)} % since it started; ${thread.transactions} transactions in ${thread.commits} commits (${(thread.transactions / Math.max(thread.commits, 1)).toFixed(1)} per commit, largest ${thread.largestBatch})\n`,
        );
      if (ckpt)
        process.stderr.write(
          `  WAL checkpointer thread: ${ckpt.framesCopied} frames in ${ckpt.checkpoints} checkpoints (${ckpt.busy} busy)\n`,
        );
      process.stderr.write(
        `  SQLite: ${transactions} transactions in ${commits} commits (${(transactions / Math.max(commits, 1)).toFixed(1)} per commit, largest ${largestBatch})\n`,
      );
      process.exit(0);
    });
  }
}

/** CPU time (user + system, every thread) the process has used so far, in µs; Linux only, else NaN. */
function cpuMicros(pid: number | undefined): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime: fields 14 and 15 of stat(5), counted from the state field (3) here.
    const ticks = Number(fields[11]) + Number(fields[12]);
    return (ticks * 1e6) / 100; // USER_HZ is 100 on Linux
  } catch {
    return Number.NaN;
  }
}

function threadMicros(pid: number | undefined): Map<string, number> {
  const out = new Map<string, number>();
  for (const tid of fs.readdirSync(`/proc/${pid}/task`)) {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.set(`${tid} ${name}`, ((Number(f[11]) + Number(f[12])) * 1e6) / 100);
    } catch {}
  }
  return out;
}

function printThreads(a: Map<string, number>, b: Map<string, number>, requests: number) {
  for (const [k, v] of b) {
    const d = (v - (a.get(k) ?? 0)) / requests;
    if (d >= 1) process.stderr.write(`  thread ${k}: ${d.toFixed(0)} µs/request\n`);
  }
}

function startChild(kind: string): Promise<{ target: Target; stop: () => void; pid: number | undefined }> {
  const profileDir = arg('cpu-prof', '');
  const child = spawn(
    process.execPath,
    [
      ...(profileDir ? ['--cpu-prof', '--cpu-prof-dir', path.resolve(profileDir)] : []),
      ...(process.env.BENCH_NODE_FLAGS ? process.env.BENCH_NODE_FLAGS.split(' ') : []),
      '--import',
      'tsx',
      fileURLToPath(import.meta.url),
      '--server',
      kind,
    ],
    {
      cwd: path.resolve(here, '..'),
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  return new Promise((resolve, reject) => {
    let buf = '';
    child.stdout.on('data', (d: Buffer) => {
      buf += d.toString();
      const line = buf.split('\n')[0];
      if (buf.includes('\n'))
        resolve({ target: JSON.parse(line) as Target, stop: () => child.kill('SIGTERM'), pid: child.pid });
    });
    child.on('exit', (code) => reject(new Error(`server ${kind} exited ${code}`)));
  });
}

/** wrk (C, epoll): a load generator that leaves more of the two cores to the server than autocannon. */
function runWrk(target: Target, connections: number, seconds: number) {
  const script = path.join(os.tmpdir(), `bench-wrk-${process.pid}.lua`);
  fs.writeFileSync(
    script,
    `wrk.method = "POST"\nwrk.body = ${JSON.stringify(target.body)}\n` +
      Object.entries(target.headers)
        .map(([k, v]) => `wrk.headers[${JSON.stringify(k)}] = ${JSON.stringify(v)}\n`)
        .join(''),
  );
  const out = execFileSync(
    'wrk',
    ['-t1', `-c${connections}`, `-d${seconds}s`, '--latency', '-s', script, target.url + target.path],
    { encoding: 'utf8' },
  );
  const ms = (label: string) => {
    const m = out.match(new RegExp(`\\s${label}%\\s+([\\d.]+)(us|ms|s)`));
    if (!m) return Number.NaN;
    const v = Number(m[1]);
    return m[2] === 'us' ? v / 1000 : m[2] === 's' ? v * 1000 : v;
  };
  const rps = Number(out.match(/Requests\/sec:\s+([\d.]+)/)?.[1] ?? 0);
  const total = Number(out.match(/(\d+) requests in/)?.[1] ?? 0);
  const non2xx =
    Number(out.match(/Non-2xx or 3xx responses: (\d+)/)?.[1] ?? 0) +
    Number(
      out
        .match(/Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/)
        ?.slice(1)
        .reduce((a, b) => a + Number(b), 0) ?? 0,
    );
  return { rps, p50: ms('50'), p99: ms('99'), total, non2xx };
}

async function drive(name: string, kind: string, seconds: number, connections: number) {
  const { target, stop, pid } = await startChild(kind);
  try {
    if (arg('driver', 'autocannon') === 'wrk') {
      runWrk(target, connections, 2);
      const cpu0 = cpuMicros(pid);
      const t0 = threadMicros(pid);
      const r = runWrk(target, connections, seconds);
      if (args.includes('--threads')) printThreads(t0, threadMicros(pid), r.total);
      return { name, ...r, cpuPerRequest: (cpuMicros(pid) - cpu0) / r.total };
    }
    // Warm-up (JIT, caches), then the measured run.
    await autocannon({
      url: target.url + target.path,
      method: 'POST',
      headers: target.headers,
      body: target.body,
      connections,
      duration: 2,
    });
    const cpu0 = cpuMicros(pid);
    const r = await autocannon({
      url: target.url + target.path,
      method: 'POST',
      headers: target.headers,
      body: target.body,
      connections,
      duration: seconds,
    });
    const cpuPerRequest = (cpuMicros(pid) - cpu0) / r.requests.total;
    const non2xx = r.non2xx + r.errors + r.timeouts;
    return {
      name,
      rps: r.requests.average,
      p50: r.latency.p50,
      p99: r.latency.p99,
      total: r.requests.total,
      non2xx,
      cpuPerRequest,
    };
  } finally {
    stop();
  }
}

async function main() {
  if (args[0] === '--server') {
    await serverMode(args[1]);
    return;
  }
  const seconds = Number(arg('seconds', '10'));
  const connections = Number(arg('connections', '16'));
  const pg = arg('pg', process.env.AFTERCARE_BENCH_PG_URL ?? '');
  const only = arg('only', '');
  const runs: Awaited<ReturnType<typeof drive>>[] = [];
  if (!only || only === 'bare')
    runs.push(await drive('bare Fastify + better-sqlite3 insert (baseline)', 'bare', seconds, connections));
  if (!only || only === 'sqlite')
    runs.push(await drive('Aftercare POST /service-requests, SQLite', 'sqlite', seconds, connections));
  if (pg && (!only || only === 'pg')) {
    const u = new URL(pg);
    const name = `aftercare_bench_${Date.now().toString(36)}`;
    const { default: pgLib } = await import('pg');
    const admin = new pgLib.Client({ connectionString: pg });
    await admin.connect();
    await admin.query(`create database ${name}`);
    u.pathname = `/${name}`;
    try {
      runs.push(
        await drive('Aftercare POST /service-requests, PostgreSQL', u.toString(), seconds, connections),
      );
    } finally {
      await new Promise((r) => setTimeout(r, 500));
      await admin.query(`drop database if exists ${name} with (force)`);
      await admin.end();
    }
  }
  const base = runs[0].rps;
  console.log(
    `\n${connections} connections, ${seconds} s per run, load from ${arg('driver', 'autocannon')}, Node ${process.version}, ${os.cpus().length} cores\n`,
  );
  console.log('| run | req/s | p50 ms | p99 ms | non-2xx | vs baseline | server CPU µs/request |');
  console.log('|---|---:|---:|---:|---:|---:|---:|');
  for (const r of runs) {
    console.log(
      `| ${r.name} | ${Math.round(r.rps)} | ${r.p50} | ${r.p99} | ${r.non2xx} | ${(r.rps / base).toFixed(2)}× | ${Math.round(r.cpuPerRequest)} |`,
    );
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
