// The `aftercare` command. Where the process boundary matters (exit status of the real binary, stderr,
// a busy port) the CLI runs as a child process; everything else calls main(argv) in-process, which
// returns the same exit status the binary sets.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import SQLite from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildApp } from '../../src/api/build-app';
import type { AppDeps } from '../../src/app/app-deps';
import { main } from '../../src/cli/main';
import { loadCipher } from '../../src/config/runtime-config';
import { connectDatabase } from '../../src/db/connection';
import { TestDatabases } from '../test-databases';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const databases = TestDatabases.create();
const tmpDirs: string[] = [];
const PASSWORD = 'Cli@pass-2026';

function tmpDir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'aftercare-cli-'));
  tmpDirs.push(d);
  return d;
}

/** Environment without anything that would point the CLI at another database. */
function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = { ...process.env, ...extra };
  delete env.DATABASE_URL;
  delete env.AFTERCARE_DATA_DIR;
  delete env.AFTERCARE_DATA_KEYS;
  return env;
}

function runBinary(
  args: string[],
  env = cleanEnv(),
  timeoutMs = 60_000,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bin/aftercare.js', ...args], {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b) => (stdout += b));
    child.stderr.on('data', (b) => (stderr += b));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(
        new Error(`aftercare ${args.join(' ')} did not exit within ${timeoutMs} ms\n${stdout}\n${stderr}`),
      );
    }, timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** main(argv) in this process with stdout/stderr captured. */
async function run(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout += String(chunk);
    return true;
  });
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stderr += String(chunk);
    return true;
  });
  const saved = { ...process.env };
  for (const k of ['DATABASE_URL', 'AFTERCARE_DATA_DIR', 'AFTERCARE_DATA_KEYS', 'AFTERCARE_USER_PASSWORD'])
    delete process.env[k];
  Object.assign(process.env, env);
  try {
    const code = await main(['node', 'aftercare', ...args]);
    return { code, stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
    // Restore in place: process.env must stay Node's own object.
    for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
    Object.assign(process.env, saved);
  }
}

/** Use-case deps on a data directory the CLI wrote, with the key file the CLI created. */
function openDataDir(dir: string): AppDeps & { close(): Promise<void> } {
  const handle = connectDatabase({ dataDir: dir });
  return {
    db: handle.db,
    dialect: handle.dialect,
    cipher: loadCipher({}, dir),
    zone: 'Asia/Shanghai',
    close: () => handle.close(),
  };
}

async function loginStatus(
  deps: AppDeps,
  username: string,
  password: string,
): Promise<{ status: number; roles?: string[] }> {
  const app = await buildApp({ deps, webDir: null });
  try {
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username, password },
    });
    return { status: res.statusCode, roles: res.statusCode === 200 ? res.json().user.roles : undefined };
  } finally {
    await app.close();
  }
}

afterAll(() => {
  for (const d of tmpDirs) fs.rmSync(d, { recursive: true, force: true });
});

describe('aftercare binary (child process)', () => {
  let blocker: net.Server;
  let busyPort: number;
  beforeAll(async () => {
    blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    busyPort = (blocker.address() as net.AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => blocker.close(() => resolve())));

  it.concurrent('--help exits 0 and lists the commands', async () => {
    const r = await runBinary(['--help']);
    expect(r.code).toBe(0);
    for (const c of ['serve', 'worker', 'migrate', 'users', 'audit', 'demo', 'import'])
      expect(r.stdout).toMatch(new RegExp(`^\\s+${c}\\b`, 'm'));
    expect(r.stderr).toBe('');
  });

  it.concurrent('an unknown command exits 2 with the message on stderr', async () => {
    const r = await runBinary(['frobnicate']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("unknown command 'frobnicate'");
    expect(r.stdout).toBe('');
  });

  it.concurrent('serve on a busy port exits 1 with "port is already in use"', async () => {
    const r = await runBinary(
      ['serve', '--port', String(busyPort), '--data', tmpDir()],
      cleanEnv({ AFTERCARE_ADMIN_PASSWORD: PASSWORD, LOG_LEVEL: 'silent' }),
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('port is already in use');
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });
});

describe('aftercare commands (in-process main)', () => {
  afterEach(() => vi.restoreAllMocks());

  it('rejects bad flags and arguments with exit status 2', async () => {
    const badPort = await run(['serve', '--port', 'eighty']);
    expect(badPort.code).toBe(2);
    expect(badPort.stderr).toContain('port must be an integer');
    const unknownOption = await run(['migrate', '--frobnicate']);
    expect(unknownOption.code).toBe(2);
    expect(unknownOption.stderr).toContain("unknown option '--frobnicate'");
    const missing = await run(['users', 'create', '--roles', 'agent']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--username');
    const untouched = path.join(tmpDir(), 'untouched');
    for (const n of ['abc', '-5', '2.5']) {
      const customers = await run(['demo', '--customers', n, '--data', untouched]);
      expect(customers.code, n).toBe(2);
      expect(customers.stderr).toContain("option '--customers <n>' argument");
    }
    expect(fs.existsSync(untouched)).toBe(false);
    const kind = await run(['import', 'widgets', 'x.csv', '--data', tmpDir()]);
    expect(kind.code).toBe(2);
    expect(kind.stderr).toContain('kind must be');
    const noFile = await run(['import', 'customers', path.join(tmpDir(), 'nope.csv'), '--data', tmpDir()]);
    expect(noFile.code).toBe(2);
    expect(noFile.stderr).toContain('no such file');
  });

  it('exits 1 with "not writable" when --data cannot be created', async () => {
    const dir = tmpDir();
    const file = path.join(dir, 'a-regular-file');
    fs.writeFileSync(file, 'x');
    for (const cmd of [
      ['migrate'],
      ['serve', '--port', '0'],
      ['audit', 'verify'],
      ['users', 'create', '--username', 'nobody', '--roles', 'agent', '--password', PASSWORD],
    ]) {
      const r = await run([...cmd, '--data', path.join(file, 'data')]);
      expect(r.code, cmd.join(' ')).toBe(1);
      expect(r.stderr, cmd.join(' ')).toContain('not writable');
    }
    expect(fs.readFileSync(file, 'utf8')).toBe('x');
  });

  it('migrates, creates a user who can log in, and refuses a bad role without creating anything', async () => {
    const dir = tmpDir();
    const m = await run(['migrate', '--data', dir]);
    expect(m.code).toBe(0);
    expect(m.stdout).toContain('2026-11-29T0001-foundation');
    expect((await run(['migrate', '--data', dir])).stdout).toContain('up to date');

    const created = await run([
      'users',
      'create',
      '--username',
      'x-agent',
      '--roles',
      'agent,dispatcher',
      '--password',
      PASSWORD,
      '--data',
      dir,
    ]);
    expect(created.code).toBe(0);
    expect(created.stdout).toMatch(/Created user x-agent \(agent,dispatcher\) id=\S+/);
    expect(created.stdout).not.toContain(PASSWORD);

    const badRole = await run([
      'users',
      'create',
      '--username',
      'x-bad',
      '--roles',
      'agent,wizard',
      '--password',
      PASSWORD,
      '--data',
      dir,
    ]);
    expect(badRole.code).toBe(2);
    expect(badRole.stderr).toContain('roles');
    const taken = await run([
      'users',
      'create',
      '--username',
      'x-agent',
      '--roles',
      'agent',
      '--password',
      PASSWORD,
      '--data',
      dir,
    ]);
    expect(taken.code).toBe(1);

    const generated = await run([
      'users',
      'create',
      '--username',
      'x-random',
      '--roles',
      'quality',
      '--data',
      dir,
    ]);
    expect(generated.code).toBe(0);
    const randomPassword = /Password: (\S+)/.exec(generated.stdout)?.[1] as string;
    expect(randomPassword.length).toBeGreaterThanOrEqual(12);

    const deps = openDataDir(dir);
    try {
      const users = await deps.db.selectFrom('users').select('username').orderBy('username').execute();
      expect(users.map((u) => u.username)).toEqual(['x-agent', 'x-random']);
      expect(await loginStatus(deps, 'x-agent', PASSWORD)).toEqual({
        status: 200,
        roles: ['agent', 'dispatcher'],
      });
      expect((await loginStatus(deps, 'x-agent', 'wrong-password')).status).toBe(401);
      expect((await loginStatus(deps, 'x-random', randomPassword)).status).toBe(200);
    } finally {
      await deps.close();
    }
  });

  it('audit verify exits 0 on an intact chain and 1 after a record of the SQLite file was changed', async () => {
    const dir = tmpDir();
    const fresh = await run(['audit', 'verify', '--data', dir]);
    expect(fresh.code).toBe(0);
    expect(fresh.stdout).toContain('Audit chain intact: 0 records verified');
    for (const u of ['a-one', 'a-two'])
      expect(
        (
          await run([
            'users',
            'create',
            '--username',
            u,
            '--roles',
            'agent',
            '--password',
            PASSWORD,
            '--data',
            dir,
          ])
        ).code,
      ).toBe(0);
    const ok = await run(['audit', 'verify', '--data', dir, '--json']);
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ ok: true, checked: 2, headSeq: 2, problems: [] });

    const sqlite = new SQLite(path.join(dir, 'aftercare.sqlite'));
    const changed = sqlite
      .prepare(`update audit_log set after_json = replace(after_json, '"agent"', '"admin"') where seq = 1`)
      .run();
    sqlite.close();
    expect(changed.changes).toBe(1);
    const broken = await run(['audit', 'verify', '--data', dir]);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toContain('tampered at 1');
    expect(broken.stderr).toContain('audit chain broken');
  });

  it('import --dry-run reports without writing; a bad file exits 1 unless --skip-invalid', async () => {
    const dir = tmpDir();
    const good = path.join(dir, 'customers.csv');
    fs.writeFileSync(good, '姓名,手机,城市\n命令行甲,13500000001,南宁市\n命令行乙,13500000002,柳州市\n');
    const bad = path.resolve(ROOT, 'test/fixtures/customers-one-bad.csv');
    const data = path.join(dir, 'data');

    const dry = await run(['import', 'customers', good, '--dry-run', '--data', data]);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('Dry run: 2 rows, 2 valid, 0 rejected, 0 imported');
    const deps = openDataDir(data);
    try {
      const count = async () =>
        Number(
          (
            await deps.db
              .selectFrom('customers')
              .select((eb) => eb.fn.countAll<number>().as('n'))
              .executeTakeFirstOrThrow()
          ).n,
        );
      expect(await count()).toBe(0);

      const rejected = await run(['import', 'customers', bad, '--data', data]);
      expect(rejected.code).toBe(1);
      expect(rejected.stdout).toContain('row 3 phone:');
      expect(rejected.stderr).toContain('import rejected');
      expect(await count()).toBe(0);

      const skipped = await run(['import', 'customers', bad, '--skip-invalid', '--json', '--data', data]);
      expect(skipped.code).toBe(0);
      expect(JSON.parse(skipped.stdout)).toMatchObject({ total: 2, accepted: 1, rejected: 1, imported: 1 });
      expect(await count()).toBe(1);

      expect((await run(['import', 'customers', good, '--data', data])).code).toBe(0);
      expect(await count()).toBe(3);
    } finally {
      await deps.close();
    }
  });

  it('demo loads once, refuses a second load without --force (exit 1) and reloads with --force', async () => {
    const dir = tmpDir();
    const first = await run(['demo', '--customers', '200', '--data', dir]);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/Demo loaded in [\d.]+ s: 200 customers/);
    expect(first.stdout).toMatch(/^\s+customer\s+Demo@2026\s+\(customer\)$/m);
    expect(first.stderr).toContain('customers: 200/200');

    const refused = await run(['demo', '--data', dir]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('--force');

    const forced = await run(['demo', '--customers', '200', '--force', '--data', dir]);
    expect(forced.code).toBe(0);
    const deps = openDataDir(dir);
    try {
      const n = await deps.db
        .selectFrom('customers')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      expect(Number(n.n)).toBe(200);
      expect((await loginStatus(deps, 'manager', 'Demo@2026')).status).toBe(200);
    } finally {
      await deps.close();
    }
    expect((await run(['audit', 'verify', '--data', dir])).code).toBe(0);
  });
});

// The same commands against PostgreSQL through DATABASE_URL.
if (databases.eachSupportedId().includes('postgres')) {
  describe('aftercare commands on postgres (DATABASE_URL)', () => {
    afterEach(() => vi.restoreAllMocks());

    it('users create and audit verify work on PostgreSQL, and verify detects a changed record', async () => {
      const handle = await databases.init('postgres');
      const env = {
        DATABASE_URL: handle.databaseUrl as string,
        AFTERCARE_DATA_KEYS: `k1:${Buffer.alloc(32, 7).toString('base64')}`,
      };
      const unused = path.join(tmpDir(), 'unused');
      const created = await run(
        ['users', 'create', '--username', 'pg-agent', '--roles', 'agent', '--password', PASSWORD],
        env,
      );
      expect(created.code).toBe(0);
      const bad = await run(
        ['users', 'create', '--username', 'pg-bad', '--roles', 'root', '--password', PASSWORD],
        env,
      );
      expect(bad.code).toBe(2);
      const users = await handle.db.selectFrom('users').select(['username', 'roles']).execute();
      expect(users).toEqual([{ username: 'pg-agent', roles: '["agent"]' }]);
      const deps: AppDeps = {
        db: handle.db,
        dialect: 'postgres',
        cipher: loadCipher(env, unused),
        zone: 'Asia/Shanghai',
      };
      expect(await loginStatus(deps, 'pg-agent', PASSWORD)).toEqual({ status: 200, roles: ['agent'] });

      const ok = await run(['audit', 'verify', '--json'], env);
      expect(ok.code).toBe(0);
      expect(JSON.parse(ok.stdout)).toMatchObject({ ok: true, checked: 2 }); // user.create + auth.login
      await handle.db
        .updateTable('audit_log')
        .set({ actor_name: 'someone-else' })
        .where('seq', '=', 1)
        .execute();
      const broken = await run(['audit', 'verify'], env);
      expect(broken.code).toBe(1);
      expect(broken.stderr).toContain('tampered at 1');
    });
  });
}
