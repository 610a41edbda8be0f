import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../../src/api/server';
import { testDataKeySpec } from '../test-databases';

// A SQLite server writes request creates in its use-case thread (bench/RESULTS.md, session 4): the HTTP
// surface must not change — validation errors, idempotent replays, reads of what was just created.
describe('request intake over HTTP through the use-case thread (SQLite server)', () => {
  let dir: string;
  let server: RunningServer;
  let token: string;
  const call = async (method: string, url: string, body?: unknown, headers: Record<string, string> = {}) => {
    const res = await fetch(`${server.url}${url}`, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return {
      status: res.status,
      body: JSON.parse(text) as Record<string, unknown>,
      text,
      contentType: res.headers.get('content-type'),
      requestId: res.headers.get('x-request-id'),
    };
  };

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aftercare-intake-thread-'));
    server = await startServer({
      dataDir: dir,
      port: 0,
      host: '127.0.0.1',
      adminPassword: 'Admin-Passw0rd!',
      logger: false,
      worker: false,
      webDir: null,
      env: { ...process.env, DATABASE_URL: '', AFTERCARE_DATA_KEYS: testDataKeySpec },
    });
    token = (await call('POST', '/api/v1/auth/login', { username: 'admin', password: 'Admin-Passw0rd!' }))
      .body.token as string;
  }, 60_000);

  afterAll(async () => {
    await server?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('creates through the thread: same answers, replays and errors as on the event loop', async () => {
    expect(server.deps.useCaseThread?.available()).toBe(true);
    const customer = await call('POST', '/api/v1/customers', { name: '线程客户', phone: '13800007777' });
    expect(customer.status).toBe(201);
    const body = { customerId: customer.body.id, channel: 'hotline', description: '燃气灶有煤气味' };
    const first = await call('POST', '/api/v1/service-requests', body, { 'idempotency-key': 'thread-1' });
    expect(first.status).toBe(201);
    // Triaged on the event loop: a safety hazard makes it an emergency.
    expect(first.body).toMatchObject({ type: 'emergency', status: 'received', customerId: customer.body.id });
    // The thread's answer (JSON text) goes out as a JSON body with the request id, like any other answer.
    expect(first.contentType).toBe('application/json; charset=utf-8');
    expect(first.requestId).toMatch(/^[0-9a-f-]{36}$/);
    const replay = await call('POST', '/api/v1/service-requests', body, { 'idempotency-key': 'thread-1' });
    expect(replay.status).toBe(first.status);
    expect(replay.text).toBe(first.text);
    expect(replay.contentType).toBe(first.contentType);
    const read = await call('GET', `/api/v1/service-requests/${first.body.id}`);
    expect(read.status).toBe(200);
    expect(read.body.number).toBe(first.body.number);
    const events = await call('GET', `/api/v1/service-requests/${first.body.id}/events`);
    expect(events.status).toBe(200);
    // Found inside the thread's transaction: a field-level 400, nothing written.
    const unknown = await call('POST', '/api/v1/service-requests', { ...body, customerId: 'nobody' });
    expect(unknown.status).toBe(400);
    expect(unknown.body).toMatchObject({
      error: { code: 'VALIDATION_FAILED', details: [{ path: 'customerId' }] },
    });
    const list = await call('GET', `/api/v1/service-requests?customerId=${customer.body.id}`);
    expect(list.body.total).toBe(1);
    expect((await server.deps.useCaseThread?.stats())?.runs).toBeGreaterThanOrEqual(1);
  });
});
