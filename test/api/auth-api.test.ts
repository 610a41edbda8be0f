import crypto from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemCtx } from '../../src/app/app-deps';
import { createCustomer } from '../../src/app/customers/create-customer';
import { DEFAULT_LOGIN_POLICY } from '../../src/app/identity/login';
import { type ApiHarness, apiHarness, countRows } from '../api-harness';
import { TestDatabases } from '../test-databases';

const databases = TestDatabases.create();

let ipCounter = 0;
/** A distinct client address per call, so that the per-address limit only bites where a test wants it. */
function freshIp(): string {
  ipCounter += 1;
  return `172.16.${Math.floor(ipCounter / 250)}.${(ipCounter % 250) + 1}`;
}

function sha256(text: string): string {
  return crypto.createHash('sha256').update(text).digest('hex');
}

describe.each(databases.eachSupportedId())('auth API on %s', (id) => {
  let h: ApiHarness;
  let admin: string;

  beforeAll(async () => {
    h = await apiHarness(databases, id);
    admin = await h.token('admin');
  });
  afterAll(() => h.close());

  function login(
    username: string,
    password: string,
    ip = freshIp(),
    headers: Record<string, string> = {},
  ): Promise<LightMyRequestResponse> {
    return h.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username, password },
      remoteAddress: ip,
      headers,
    });
  }

  async function createUserViaApi(payload: Record<string, unknown>): Promise<LightMyRequestResponse> {
    return h.call({ method: 'POST', url: '/api/v1/users', token: admin, payload });
  }

  async function newUser(username: string, password: string, roles: string[] = ['agent']): Promise<string> {
    const res = await createUserViaApi({ username, password, roles });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id;
  }

  function me(opts: { token?: string; cookie?: string }): Promise<LightMyRequestResponse> {
    return h.call({
      method: 'GET',
      url: '/api/v1/auth/me',
      token: opts.token,
      headers: opts.cookie ? { cookie: opts.cookie } : {},
    });
  }

  it('logs in per CONTRACT and keeps only a scrypt hash of the password and a hash of the token', async () => {
    const password = 'Secret#2026-alice';
    const res = await createUserViaApi({
      username: 'alice.wu',
      password,
      roles: ['agent', 'dispatcher'],
      displayName: '吴爱丽',
    });
    expect(res.statusCode).toBe(201);
    const created = res.json();
    expect(created).toMatchObject({
      username: 'alice.wu',
      displayName: '吴爱丽',
      roles: ['agent', 'dispatcher'],
      customerId: null,
      outletId: null,
    });
    expect(res.body).not.toContain(password);
    expect(res.body).not.toMatch(/password|scrypt/i);

    const ok = await login('alice.wu', password);
    expect(ok.statusCode).toBe(200);
    const body = ok.json();
    expect(typeof body.token).toBe('string');
    expect(body.token.length).toBeGreaterThan(30);
    expect(body.user).toEqual({ id: created.id, username: 'alice.wu', roles: ['agent', 'dispatcher'] });
    expect(body.expiresAt).toBe(new Date(h.now.value.getTime() + 12 * 3600_000).toISOString());

    const who = await me({ token: body.token });
    expect(who.statusCode).toBe(200);
    expect(who.json().user).toMatchObject({
      id: created.id,
      username: 'alice.wu',
      roles: ['agent', 'dispatcher'],
    });
    expect(who.json().user.permissions).toContain('pii:reveal');
    // The console counts report periods in the deployment's zone, not the browser's.
    expect(who.json().zone).toBe(h.deps.zone);
    expect(who.json().csrfToken).toBeNull();

    const row = await h.deps.db
      .selectFrom('users')
      .selectAll()
      .where('id', '=', created.id)
      .executeTakeFirstOrThrow();
    expect(row.password_hash).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    expect(row.password_hash).not.toContain(password);
    // Two users with the same password get different hashes (salted).
    await newUser('alice.twin', password);
    const twin = await h.deps.db
      .selectFrom('users')
      .select('password_hash')
      .where('username', '=', 'alice.twin')
      .executeTakeFirstOrThrow();
    expect(twin.password_hash).not.toBe(row.password_hash);

    const sessions = await h.deps.db
      .selectFrom('sessions')
      .selectAll()
      .where('user_id', '=', created.id)
      .execute();
    expect(sessions).toHaveLength(1);
    expect(sessions[0]).toMatchObject({
      kind: 'bearer',
      token_hash: sha256(body.token),
      revoked_at: null,
      csrf_token: null,
    });
    expect(JSON.stringify(sessions)).not.toContain(body.token);
  });

  it('answers an unknown user and a wrong password with byte-identical 401s, audited without the password', async () => {
    const userId = await newUser('bai.jing', 'Right#Password1');
    for (const headers of [{}, { 'accept-language': 'en-US' }, { 'accept-language': 'zh-CN' }] as Record<
      string,
      string
    >[]) {
      const wrong = await login('bai.jing', 'Wrong#Password1', freshIp(), headers);
      const unknown = await login('nobody.here', 'Wrong#Password1', freshIp(), headers);
      expect(wrong.statusCode).toBe(401);
      expect(unknown.statusCode).toBe(401);
      expect(wrong.body).toBe(unknown.body);
      expect(wrong.json().error).toMatchObject({ code: 'UNAUTHENTICATED', details: [] });
      expect(wrong.headers['content-type']).toBe(unknown.headers['content-type']);
    }
    // Empty or missing fields are a validation error, not a login attempt.
    const empty = await h.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'bai.jing' },
      remoteAddress: freshIp(),
    });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.details.map((d: { path: string }) => d.path)).toEqual(['password']);

    const failed = await h.deps.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'auth.login-failed')
      .execute();
    const forKnown = failed.filter((r) => r.entity_id === userId);
    expect(forKnown).toHaveLength(3);
    expect(JSON.parse(forKnown[0].after_json as string)).toEqual({ username: 'bai.jing' });
    const forUnknown = failed.filter((r) => r.after_json?.includes('nobody.here'));
    expect(forUnknown).toHaveLength(3);
    expect(forUnknown[0].entity_id).toBeNull();
    expect(forUnknown[0].ip).toMatch(/^172\.16\./);
    expect(
      await h.deps.db
        .selectFrom('login_failures')
        .selectAll()
        .where('username', 'in', ['bai.jing', 'nobody.here'])
        .execute(),
    ).toHaveLength(6);

    const good = await login('bai.jing', 'Right#Password1');
    expect(good.statusCode).toBe(200);
    const ok = await h.deps.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'auth.login')
      .where('actor_id', '=', userId)
      .execute();
    expect(ok).toHaveLength(1);
    expect(ok[0]).toMatchObject({ actor_name: 'bai.jing', entity: 'session' });
    // No audit record anywhere holds a password, a password hash or a token.
    const all = await h.deps.db.selectFrom('audit_log').selectAll().execute();
    const dump = JSON.stringify(all);
    for (const secret of ['Right#Password1', 'Wrong#Password1', 'Test@12345', 'scrypt$', good.json().token])
      expect(dump).not.toContain(secret);
    // A successful login clears the user's failures.
    expect(
      await h.deps.db.selectFrom('login_failures').selectAll().where('username', '=', 'bai.jing').execute(),
    ).toHaveLength(0);
  });

  it('counts a burst of parallel guesses before checking them: no more than 5 reach the password check', async () => {
    await newUser('burst.target', 'Burst#Password1');
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) => login('burst.target', `guess-${i}`)),
    );
    const codes = results.map((r) => r.statusCode).sort();
    expect(codes.filter((c) => c === 401)).toHaveLength(5);
    expect(codes.filter((c) => c === 429)).toHaveLength(7);
    expect(
      await h.deps.db
        .selectFrom('login_failures')
        .selectAll()
        .where('username', '=', 'burst.target')
        .execute(),
    ).toHaveLength(5);
  });

  it('refuses a username after 5 failures within 15 minutes with 429, then lets it in once the window has passed', async () => {
    expect(DEFAULT_LOGIN_POLICY).toMatchObject({ maxFailuresPerUser: 5, windowMs: 15 * 60_000 });
    await newUser('bob.limited', 'Bob#Password1');
    for (let i = 0; i < 5; i++) {
      const res = await login('bob.limited', `nope-${i}`);
      expect(res.statusCode, `attempt ${i + 1}`).toBe(401);
    }
    const startedAt = h.now.value.getTime();
    for (const pw of ['Bob#Password1', 'nope-again']) {
      const limited = await login('bob.limited', pw);
      expect(limited.statusCode).toBe(429);
      expect(limited.json().error.code).toBe('RATE_LIMITED');
      const retryAfter = Number(limited.headers['retry-after']);
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(15 * 60);
      expect(limited.body).not.toContain('token');
    }
    // Refused attempts are not counted again, and no session was created.
    expect(
      await h.deps.db
        .selectFrom('login_failures')
        .selectAll()
        .where('username', '=', 'bob.limited')
        .execute(),
    ).toHaveLength(5);
    const bob = await h.deps.db
      .selectFrom('users')
      .select('id')
      .where('username', '=', 'bob.limited')
      .executeTakeFirstOrThrow();
    expect(
      await h.deps.db.selectFrom('sessions').selectAll().where('user_id', '=', bob.id).execute(),
    ).toHaveLength(0);
    // Other usernames are not affected.
    await newUser('bob.neighbour', 'Bob#Password1');
    expect((await login('bob.neighbour', 'Bob#Password1')).statusCode).toBe(200);

    h.now.value = new Date(startedAt + 14 * 60_000);
    expect((await login('bob.limited', 'Bob#Password1')).statusCode).toBe(429);
    h.now.value = new Date(startedAt + 15 * 60_000 + 1000);
    const again = await login('bob.limited', 'Bob#Password1');
    expect(again.statusCode).toBe(200);
    expect(again.json().user.username).toBe('bob.limited');
    // The success cleared the failures: a new wrong password is an ordinary 401.
    expect((await login('bob.limited', 'nope-after')).statusCode).toBe(401);
  });

  it('refuses one address that tries many usernames', async () => {
    const ip = '198.51.100.7';
    await newUser('sprayed.victim', 'Victim#Password1');
    const limit = DEFAULT_LOGIN_POLICY.maxFailuresPerIp;
    expect(limit).toBeGreaterThan(DEFAULT_LOGIN_POLICY.maxFailuresPerUser);
    // In parallel batches (each failure costs a scrypt verification); none of them is over the limit yet.
    for (let i = 0; i < limit; i += 10) {
      const batch = await Promise.all(
        Array.from({ length: Math.min(10, limit - i) }, (_, j) => login(`spray-${i + j}`, 'guess#1', ip)),
      );
      for (const res of batch) expect(res.statusCode).toBe(401);
    }
    expect(
      await h.deps.db.selectFrom('login_failures').selectAll().where('ip', '=', ip).execute(),
    ).toHaveLength(limit);
    const next = await login('spray-new', 'guess#1', ip);
    expect(next.statusCode).toBe(429);
    expect(next.json().error.code).toBe('RATE_LIMITED');
    expect(next.headers['retry-after']).toMatch(/^\d+$/);
    // Even a correct password is refused from that address, but not from another one.
    expect((await login('sprayed.victim', 'Victim#Password1', ip)).statusCode).toBe(429);
    expect((await login('sprayed.victim', 'Victim#Password1', '198.51.100.8')).statusCode).toBe(200);
  });

  it('refuses a bearer token once its session is revoked by DELETE /api/v1/auth/session', async () => {
    const userId = await newUser('carl.logout', 'Carl#Password1');
    const first = (await login('carl.logout', 'Carl#Password1')).json().token as string;
    const second = (await login('carl.logout', 'Carl#Password1')).json().token as string;
    expect(first).not.toBe(second);
    expect((await me({ token: first })).statusCode).toBe(200);
    const out = await h.call({ method: 'DELETE', url: '/api/v1/auth/session', token: first });
    expect(out.statusCode).toBe(204);
    const after = await me({ token: first });
    expect(after.statusCode).toBe(401);
    expect(after.json().error.code).toBe('UNAUTHENTICATED');
    expect((await h.call({ method: 'DELETE', url: '/api/v1/auth/session', token: first })).statusCode).toBe(
      401,
    );
    // Only that session ends.
    expect((await me({ token: second })).statusCode).toBe(200);
    const rows = await h.deps.db
      .selectFrom('sessions')
      .selectAll()
      .where('user_id', '=', userId)
      .orderBy('created_at')
      .execute();
    expect(rows.filter((r) => r.revoked_at !== null).map((r) => r.token_hash)).toEqual([sha256(first)]);
    const revoked = await h.deps.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'auth.session-revoke')
      .where('actor_id', '=', userId)
      .execute();
    expect(revoked).toHaveLength(1);
    // Garbage tokens are refused the same way.
    expect((await me({ token: 'at_garbage' })).statusCode).toBe(401);
    expect((await me({ token: '' })).statusCode).toBe(401);
  });

  it('expires a session 12 hours after login', async () => {
    const t0 = new Date(h.now.value);
    try {
      await newUser('dora.expiry', 'Dora#Password1');
      const token = (await login('dora.expiry', 'Dora#Password1')).json().token as string;
      h.now.value = new Date(t0.getTime() + 11 * 3600_000 + 59 * 60_000);
      expect((await me({ token })).statusCode).toBe(200);
      h.now.value = new Date(t0.getTime() + 13 * 3600_000);
      const expired = await me({ token });
      expect(expired.statusCode).toBe(401);
      expect(expired.json().error.code).toBe('UNAUTHENTICATED');
      expect((await h.call({ method: 'GET', url: '/api/v1/customers', token })).statusCode).toBe(401);
    } finally {
      h.now.value = t0; // the harness' cached tokens stay valid for the other tests
    }
  });

  it('runs a console session on an HttpOnly SameSite cookie with a CSRF token on every write', async () => {
    await newUser('erin.console', 'Erin#Password1', ['agent']);
    const res = await h.app.inject({
      method: 'POST',
      url: '/api/v1/auth/session',
      payload: { username: 'erin.console', password: 'Erin#Password1' },
      remoteAddress: freshIp(),
    });
    expect(res.statusCode).toBe(200);
    const setCookie = String(res.headers['set-cookie']);
    const attrs = setCookie.split(';').map((s) => s.trim());
    expect(attrs[0]).toMatch(/^aftercare_session=.+/);
    expect(attrs).toContain('HttpOnly');
    expect(attrs).toContain('Path=/');
    expect(attrs.some((a) => /^SameSite=(Lax|Strict)$/i.test(a))).toBe(true);
    expect(attrs).toContain(`Max-Age=${12 * 3600}`);
    const cookie = attrs[0];
    const sessionToken = decodeURIComponent(cookie.slice('aftercare_session='.length));
    const body = res.json();
    expect(body.user).toMatchObject({ username: 'erin.console', roles: ['agent'] });
    expect(typeof body.csrfToken).toBe('string');
    expect(body.csrfToken.length).toBeGreaterThanOrEqual(24);
    expect(res.body).not.toContain(sessionToken); // the session token lives only in the cookie
    const row = await h.deps.db
      .selectFrom('sessions')
      .selectAll()
      .where('token_hash', '=', sha256(sessionToken))
      .executeTakeFirstOrThrow();
    expect(row.kind).toBe('cookie');

    const who = await me({ cookie });
    expect(who.statusCode).toBe(200);
    expect(who.json().user.username).toBe('erin.console');
    expect(who.json().csrfToken).toBe(body.csrfToken);

    const customers = await countRows(h.deps, 'customers');
    const audit = await countRows(h.deps, 'audit_log');
    const payload = { name: '控制台客户', phone: '13766667777' };
    for (const headers of [
      { cookie },
      { cookie, 'x-csrf-token': 'wrong-token' },
      { cookie, 'x-csrf-token': `${body.csrfToken}x` },
      { cookie, 'x-csrf-token': '' },
    ]) {
      const denied = await h.call({ method: 'POST', url: '/api/v1/customers', headers, payload });
      expect(denied.statusCode).toBe(403);
      expect(denied.json().error.code).toBe('FORBIDDEN');
    }
    expect(await countRows(h.deps, 'customers')).toBe(customers);
    expect(await countRows(h.deps, 'audit_log')).toBe(audit);

    const created = await h.call({
      method: 'POST',
      url: '/api/v1/customers',
      headers: { cookie, 'x-csrf-token': body.csrfToken },
      payload,
    });
    expect(created.statusCode).toBe(201);
    expect(await countRows(h.deps, 'customers')).toBe(customers + 1);
    const entry = await h.deps.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'customer.create')
      .where('entity_id', '=', created.json().id)
      .executeTakeFirstOrThrow();
    expect(entry.actor_name).toBe('erin.console');

    // A bearer token is not accepted as a session cookie (it has no CSRF token).
    const bearer = (await login('erin.console', 'Erin#Password1')).json().token as string;
    expect((await me({ cookie: `aftercare_session=${encodeURIComponent(bearer)}` })).statusCode).toBe(401);

    // Logging out needs the CSRF token too; then the cookie is cleared and refused.
    expect(
      (await h.call({ method: 'DELETE', url: '/api/v1/auth/session', headers: { cookie } })).statusCode,
    ).toBe(403);
    expect((await me({ cookie })).statusCode).toBe(200);
    const out = await h.call({
      method: 'DELETE',
      url: '/api/v1/auth/session',
      headers: { cookie, 'x-csrf-token': body.csrfToken },
    });
    expect(out.statusCode).toBe(204);
    expect(String(out.headers['set-cookie'])).toMatch(/^aftercare_session=;.*Max-Age=0/);
    expect((await me({ cookie })).statusCode).toBe(401);
  });

  it('lets only an admin create users, with field-level errors and nothing created on bad input', async () => {
    const users = await countRows(h.deps, 'users');
    const audit = await countRows(h.deps, 'audit_log');

    const dup = await createUserViaApi({
      username: 'alice.wu.dup',
      password: 'Dup#Password1',
      roles: ['agent'],
    });
    expect(dup.statusCode).toBe(201);
    const again = await createUserViaApi({
      username: 'alice.wu.dup',
      password: 'Other#Password1',
      roles: ['manager'],
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('CONFLICT');
    expect(again.json().error.details.map((d: { path: string }) => d.path)).toEqual(['username']);
    expect(await countRows(h.deps, 'users')).toBe(users + 1);
    const auditAfterDup = await countRows(h.deps, 'audit_log');
    expect(auditAfterDup).toBe(audit + 1);
    const createdAudit = await h.deps.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'user.create')
      .where('entity_id', '=', dup.json().id)
      .executeTakeFirstOrThrow();
    expect(createdAudit.actor_name).toBe('admin-u');
    expect(createdAudit.after_json).not.toContain('Dup#Password1');
    expect(createdAudit.after_json).not.toContain('scrypt');

    const cases: [Record<string, unknown>, string[]][] = [
      [{ username: 'eve.bad', password: 'short', roles: ['superuser'] }, ['password', 'roles.0']],
      [{ username: 'eve.bad', password: 'Long#Enough1', roles: [] }, ['roles']],
      [{ username: 'a b', password: 'Long#Enough1', roles: ['agent'] }, ['username']],
      [{ password: 'Long#Enough1', roles: 'admin' }, ['roles', 'username']],
      [{ username: 'eve.customer', password: 'Long#Enough1', roles: ['customer'] }, ['customerId']],
      [
        {
          username: 'eve.customer',
          password: 'Long#Enough1',
          roles: ['customer'],
          customerId: '01900000-0000-7000-8000-000000000000',
        },
        ['customerId'],
      ],
      [{ username: 'eve.partner', password: 'Long#Enough1', roles: ['partner'] }, ['outletId']],
    ];
    for (const [payload, paths] of cases) {
      const res = await createUserViaApi(payload);
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      const err = res.json().error;
      expect(err.code).toBe('VALIDATION_FAILED');
      expect(err.details.map((d: { path: string }) => d.path).sort(), JSON.stringify(payload)).toEqual(paths);
      for (const d of err.details) expect(d.message.length).toBeGreaterThan(0);
    }
    expect(await countRows(h.deps, 'users')).toBe(users + 1);
    expect(await countRows(h.deps, 'audit_log')).toBe(auditAfterDup);

    // A customer user with an existing customer is fine.
    const customer = await createCustomer(h.deps, systemCtx(h.now.value, 'test'), {
      name: '用户客户',
      phone: '13655556666',
    });
    const portal = await createUserViaApi({
      username: 'eve.customer',
      password: 'Long#Enough1',
      roles: ['customer'],
      customerId: customer.id,
    });
    expect(portal.statusCode).toBe(201);
    expect(portal.json()).toMatchObject({ roles: ['customer'], customerId: customer.id });
    expect((await login('eve.customer', 'Long#Enough1')).json().user.roles).toEqual(['customer']);

    // Non-admins are refused, and nothing is created.
    const tokens = {
      manager: await h.token('manager'),
      agent: await h.token('agent'),
      customer: await h.token('customer', { customerId: customer.id }),
    };
    const before = await countRows(h.deps, 'users');
    for (const [role, token] of Object.entries(tokens)) {
      const res = await h.call({
        method: 'POST',
        url: '/api/v1/users',
        token,
        payload: { username: `by-${role}`, password: 'Long#Enough1', roles: ['admin'] },
      });
      expect(res.statusCode).toBe(403);
      expect(res.json().error.code).toBe('FORBIDDEN');
    }
    expect(await countRows(h.deps, 'users')).toBe(before);
  });

  it('creates one user when the same username is submitted concurrently; the others get 409', async () => {
    // On PostgreSQL several of them pass the "is it taken?" check before the first commits; the unique
    // index must then surface as 409, not as a 500 (seen in about one round of five before the fix).
    for (let round = 0; round < 2; round++) {
      const before = await countRows(h.deps, 'users');
      const results = await Promise.all(
        Array.from({ length: 8 }, (_, i) =>
          createUserViaApi({
            username: `race.user${round}`,
            password: `Race#Password${i}`,
            roles: ['agent'],
          }),
        ),
      );
      const statuses = results.map((r) => r.statusCode).sort();
      expect(statuses, results.map((r) => r.body).join('\n')).toEqual([
        201, 409, 409, 409, 409, 409, 409, 409,
      ]);
      for (const r of results.filter((x) => x.statusCode === 409))
        expect(r.json().error.code).toBe('CONFLICT');
      expect(await countRows(h.deps, 'users')).toBe(before + 1);
    }
  });

  it('issues API keys that act as a service user, stores only their hash and refuses a tampered key', async () => {
    const serviceId = await newUser('erp-bridge', 'Service#Password1', ['agent']);
    const res = await h.call({
      method: 'POST',
      url: '/api/v1/api-keys',
      token: admin,
      payload: { name: 'ERP 同步', userId: serviceId },
    });
    expect(res.statusCode).toBe(201);
    const created = res.json();
    expect(created).toMatchObject({ name: 'ERP 同步' });
    expect(created.key.startsWith(`ak_${created.prefix}_`)).toBe(true);
    const key = created.key as string;

    const row = await h.deps.db
      .selectFrom('api_keys')
      .selectAll()
      .where('id', '=', created.id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      user_id: serviceId,
      prefix: created.prefix,
      revoked_at: null,
      key_hash: sha256(key),
    });
    expect(JSON.stringify(row)).not.toContain(key);
    const keyAudit = await h.deps.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'api-key.create')
      .where('entity_id', '=', created.id)
      .executeTakeFirstOrThrow();
    expect(keyAudit.after_json).not.toContain(key);

    const who = await me({ token: key });
    expect(who.statusCode).toBe(200);
    expect(who.json().user).toMatchObject({ id: serviceId, username: 'erp-bridge', roles: ['agent'] });
    expect((await h.call({ method: 'GET', url: '/api/v1/customers', token: key })).statusCode).toBe(200);
    const made = await h.call({
      method: 'POST',
      url: '/api/v1/customers',
      token: key,
      payload: { name: 'ERP 客户', phone: '13544443333' },
    });
    expect(made.statusCode).toBe(201);
    const entry = await h.deps.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'customer.create')
      .where('entity_id', '=', made.json().id)
      .executeTakeFirstOrThrow();
    expect(entry).toMatchObject({ actor_id: serviceId, actor_name: 'erp-bridge' });
    // The key has the service user's permissions, no more.
    expect((await h.call({ method: 'GET', url: '/api/v1/users', token: key })).statusCode).toBe(403);

    const last = key.at(-1) === 'A' ? 'B' : 'A';
    const tampered = [
      `${key.slice(0, -1)}${last}`,
      `${key}x`,
      key.replace(`ak_${created.prefix}_`, 'ak_zzzzzzzz_'),
      `ak_${created.prefix}_`,
      'ak_',
      'ak__',
    ];
    for (const t of tampered) {
      const r = await me({ token: t });
      expect(r.statusCode, t).toBe(401);
      expect(r.json().error.code).toBe('UNAUTHENTICATED');
    }
    // An API key is not a console cookie.
    expect((await me({ cookie: `aftercare_session=${encodeURIComponent(key)}` })).statusCode).toBe(401);

    const badUser = await h.call({
      method: 'POST',
      url: '/api/v1/api-keys',
      token: admin,
      payload: { name: 'x', userId: '01900000-0000-7000-8000-000000000000' },
    });
    expect(badUser.statusCode).toBe(400);
    expect(badUser.json().error.details.map((d: { path: string }) => d.path)).toEqual(['userId']);
    const noName = await h.call({
      method: 'POST',
      url: '/api/v1/api-keys',
      token: admin,
      payload: { userId: serviceId },
    });
    expect(noName.statusCode).toBe(400);
    expect(noName.json().error.details.map((d: { path: string }) => d.path)).toEqual(['name']);
    const byManager = await h.call({
      method: 'POST',
      url: '/api/v1/api-keys',
      token: await h.token('manager'),
      payload: { name: 'x', userId: serviceId },
    });
    expect(byManager.statusCode).toBe(403);
    expect(await h.deps.db.selectFrom('api_keys').selectAll().execute()).toHaveLength(1);
  });

  it('lists API keys without their secrets and revokes one at once; logging out with a key is refused', async () => {
    const serviceId = await newUser('mes-bridge', 'Service#Password1', ['agent']);
    const created = (
      await h.call({
        method: 'POST',
        url: '/api/v1/api-keys',
        token: admin,
        payload: { name: 'MES 对接', userId: serviceId },
      })
    ).json();
    const logout = await h.call({ method: 'DELETE', url: '/api/v1/auth/session', token: created.key });
    expect(logout.statusCode).toBe(409);
    expect((await me({ token: created.key })).statusCode).toBe(200);

    const list = await h.call({ method: 'GET', url: '/api/v1/api-keys', token: admin });
    expect(list.statusCode).toBe(200);
    const listed = list.json().items.find((k: { id: string }) => k.id === created.id);
    expect(listed).toMatchObject({ name: 'MES 对接', username: 'mes-bridge', revokedAt: null });
    expect(list.body).not.toContain(created.key);
    expect(list.body).not.toContain('key_hash');

    const byManager = await h.call({
      method: 'DELETE',
      url: `/api/v1/api-keys/${created.id}`,
      token: await h.token('manager'),
    });
    expect(byManager.statusCode).toBe(403);
    const revoked = await h.call({ method: 'DELETE', url: `/api/v1/api-keys/${created.id}`, token: admin });
    expect(revoked.statusCode).toBe(204);
    expect((await me({ token: created.key })).statusCode).toBe(401);
    expect(
      (await h.call({ method: 'DELETE', url: `/api/v1/api-keys/${created.id}`, token: admin })).statusCode,
    ).toBe(204);
    const audits = await h.deps.db
      .selectFrom('audit_log')
      .select('action')
      .where('entity_id', '=', created.id)
      .where('action', '=', 'api-key.revoke')
      .execute();
    expect(audits).toHaveLength(1);
    expect(
      (await h.call({ method: 'DELETE', url: `/api/v1/api-keys/${crypto.randomUUID()}`, token: admin }))
        .statusCode,
    ).toBe(404);
  });
});
