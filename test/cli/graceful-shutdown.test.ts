// Graceful shutdown: a request that is in flight when the server is told to stop still gets its answer,
// new connections are refused at once, and `aftercare serve` exits 0 after SIGTERM.
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { startServer } from '../../src/api/server';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const ADMIN_PASSWORD = 'Shutdown@2026';
const tmpDirs: string[] = [];
const children: ChildProcess[] = [];

function tmpDir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'aftercare-shutdown-'));
  tmpDirs.push(d);
  return d;
}

afterAll(() => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  for (const d of tmpDirs) fs.rmSync(d, { recursive: true, force: true });
});

/**
 * A login request whose body is only half sent: the server has accepted it and is waiting for the rest,
 * so it is in flight. `finish()` sends the rest and resolves with the response.
 */
function halfSentLogin(url: string): {
  finish(): Promise<{ status: number; body: string }>;
  started: Promise<void>;
} {
  const body = Buffer.from(JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }));
  const u = new URL(url);
  const req = http.request({
    host: u.hostname,
    port: u.port,
    method: 'POST',
    path: '/api/v1/auth/login',
    agent: false,
    headers: { 'content-type': 'application/json', 'content-length': body.length },
  });
  const response = new Promise<{ status: number; body: string }>((resolve, reject) => {
    req.on('response', (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      res.on('error', reject);
    });
    req.on('error', reject);
  });
  const started = new Promise<void>((resolve) => req.on('socket', (s) => s.once('connect', () => resolve())));
  req.write(body.subarray(0, 10));
  return {
    started,
    async finish() {
      req.end(body.subarray(10));
      return response;
    },
  };
}

/** Resolves 'refused' once a new TCP connection is refused, 'accepted' if it still connects. */
function tryConnect(url: string): Promise<'refused' | 'accepted'> {
  const u = new URL(url);
  return new Promise((resolve) => {
    const s = net.connect(Number(u.port), u.hostname);
    s.once('connect', () => {
      s.destroy();
      resolve('accepted');
    });
    s.once('error', () => resolve('refused'));
  });
}

async function waitUntil(
  what: string,
  check: () => boolean | Promise<boolean>,
  timeoutMs = 20_000,
): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('graceful shutdown', () => {
  it('aftercare serve: SIGTERM lets the in-flight request finish with 200, refuses new connections and exits 0', async () => {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      AFTERCARE_ADMIN_PASSWORD: ADMIN_PASSWORD,
      LOG_LEVEL: 'silent',
    };
    delete env.DATABASE_URL;
    const child = spawn(process.execPath, ['bin/aftercare.js', 'serve', '--port', '0', '--data', tmpDir()], {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (b) => (stdout += b));
    child.stderr?.on('data', (b) => (stderr += b));
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child.on('exit', (code, signal) => resolve({ code, signal })),
    );

    await waitUntil(
      'the serving line',
      () => /serving on (http:\/\/\S+)/.test(stdout) || child.exitCode !== null,
      60_000,
    );
    const url = /serving on (http:\/\/\S+)/.exec(stdout)?.[1] as string;
    expect(url, stderr).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(Number(new URL(url).port)).toBeGreaterThan(0);
    const health = await fetch(`${url}/api/health`);
    expect(await health.json()).toEqual({ status: 'ok' });

    const inflight = halfSentLogin(url);
    await inflight.started;
    await sleep(500); // the server has parsed the headers and waits for the body
    child.kill('SIGTERM');
    await waitUntil('the shutdown notice', () => stderr.includes('SIGTERM: finishing in-flight requests'));
    await waitUntil(
      'new connections to be refused',
      async () => (await tryConnect(url)) === 'refused',
      10_000,
    );
    expect(child.exitCode).toBeNull(); // still running: it waits for the request

    const res = await inflight.finish();
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toMatchObject({
      token: expect.any(String),
      user: { username: 'admin', roles: ['admin'] },
    });

    expect(await exited).toEqual({ code: 0, signal: null });
    expect(await tryConnect(url)).toBe('refused');
  });

  it('startServer().close() waits for the in-flight request and stops accepting connections first', async () => {
    const server = await startServer({
      port: 0,
      dataDir: tmpDir(),
      adminPassword: ADMIN_PASSWORD,
      logger: false,
      webDir: null,
      env: {},
    });
    const inflight = halfSentLogin(server.url);
    await inflight.started;
    await sleep(300);
    let closed = false;
    const closing = server.close().then(() => {
      closed = true;
    });
    await waitUntil(
      'new connections to be refused',
      async () => (await tryConnect(server.url)) === 'refused',
      10_000,
    );
    await sleep(100);
    expect(closed).toBe(false);
    const res = await inflight.finish();
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body).user.username).toBe('admin');
    await closing;
    expect(closed).toBe(true);
  });
});
