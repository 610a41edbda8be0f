// The authorization matrix: every route the app registers under /api/ declares its access, and every
// route answers every role (and an anonymous or bogus caller) exactly as ROLE_PERMISSIONS says.
// A new route cannot skip the matrix: it is enumerated from what Fastify actually registered.
import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Access, RouteDef } from '../../src/api/route-def';
import { allRoutes } from '../../src/api/routes/all-routes';
import { systemCtx } from '../../src/app/app-deps';
import { createCustomer } from '../../src/app/customers/create-customer';
import { PERMISSIONS, ROLE_PERMISSIONS, ROLES, type Role } from '../../src/domain/identity/roles';
import { type ApiHarness, apiHarness } from '../api-harness';
import { TestDatabases } from '../test-databases';

const databases = TestDatabases.create();

type Caller = Role | 'anonymous' | 'bogus-token';
const CALLERS: Caller[] = [...ROLES, 'anonymous', 'bogus-token'];

// Docs UI (static files of @fastify/swagger-ui) and the OpenAPI document are public by design and are not
// part of the route table; /api/health is in the table and must be public.
const isDocsRoute = (url: string) =>
  url === '/api/docs' || url.startsWith('/api/docs/') || url === '/api/openapi.json';

function accessLabel(a: Access): string {
  return a.kind === 'permission' ? a.permission : a.kind;
}

function mayCall(role: Role, def: RouteDef): boolean {
  if (def.access.kind !== 'permission') return true;
  return ROLE_PERMISSIONS[role].includes(def.access.permission);
}

/**
 * Hand-written expectations for the routes that matter most. They duplicate ROLE_PERMISSIONS on purpose:
 * changing who may do these things must show up as a diff in this file.
 */
const PINNED: Record<string, readonly Role[]> = {
  'POST /api/v1/users': ['admin'],
  'GET /api/v1/users': ['admin'],
  'POST /api/v1/api-keys': ['admin'],
  'GET /api/v1/audit': ['admin'],
  'POST /api/v1/customers/:id/reveal': ['admin', 'manager', 'agent', 'dispatcher'],
  'POST /api/v1/customers': ['admin', 'manager', 'agent'],
  'PATCH /api/v1/customers/:id': ['admin', 'manager', 'agent'],
  'GET /api/v1/customers': [
    'admin',
    'manager',
    'agent',
    'dispatcher',
    'technician',
    'quality',
    'partner',
    'customer',
  ],
  'POST /api/v1/product-models': ['admin', 'manager'],
  'POST /api/v1/units': ['admin', 'manager', 'agent'],
  'GET /api/v1/units': [
    'admin',
    'manager',
    'agent',
    'dispatcher',
    'technician',
    'parts',
    'quality',
    'partner',
    'customer',
  ],
  'POST /api/v1/imports/:kind': ['admin', 'manager', 'agent'],
  'GET /api/v1/stats/overview': ['admin', 'manager', 'agent', 'dispatcher', 'quality'],
  'GET /api/v1/auth/me': [...ROLES],
  'DELETE /api/v1/auth/session': [...ROLES],
};
const PINNED_PUBLIC = ['GET /api/health', 'POST /api/v1/auth/login', 'POST /api/v1/auth/session'];

const keyOf = (d: { method: string; url: string }) => `${d.method} ${d.url}`;

function fillParams(url: string): string {
  return url.replace(/:[A-Za-z_]+/g, () => crypto.randomUUID());
}

describe('route table (static)', () => {
  it('pins who may call the key routes', () => {
    for (const [key, roles] of Object.entries(PINNED)) {
      const def = allRoutes.find((d) => keyOf(d) === key);
      expect(def, key).toBeDefined();
      const computed = ROLES.filter((r) => mayCall(r, def as RouteDef));
      expect([...computed].sort(), key).toEqual([...roles].sort());
    }
    for (const key of PINNED_PUBLIC) {
      expect(allRoutes.find((d) => keyOf(d) === key)?.access, key).toEqual({ kind: 'public' });
    }
    // Admin holds every permission; the other roles never hold users:manage or audit:read.
    expect([...ROLE_PERMISSIONS.admin].sort()).toEqual([...PERMISSIONS].sort());
    for (const r of ROLES.filter((x) => x !== 'admin')) {
      expect(ROLE_PERMISSIONS[r], r).not.toContain('users:manage');
      expect(ROLE_PERMISSIONS[r], r).not.toContain('audit:read');
    }
    // Only these routes are public.
    expect(
      allRoutes
        .filter((d) => d.access.kind === 'public')
        .map(keyOf)
        .sort(),
    ).toEqual([...PINNED_PUBLIC].sort());
  });

  it('has no duplicate method + url and declares an access on every route', () => {
    const keys = allRoutes.map(keyOf);
    expect(new Set(keys).size).toBe(keys.length);
    for (const d of allRoutes) {
      expect(['public', 'authenticated', 'permission'], keyOf(d)).toContain(d.access.kind);
      if (d.access.kind === 'permission') expect(PERMISSIONS, keyOf(d)).toContain(d.access.permission);
    }
  });
});

// Access is decided before any use case runs, but the allowed calls do reach the use cases (random ids,
// empty bodies), so the "never a 500" half of the matrix is worth running on each database (~6 s each).
describe.each(databases.eachSupportedId())('authorization matrix on %s', (id) => {
  let h: ApiHarness;
  const tokens = new Map<Caller, string | undefined>();

  /** A fresh bearer token for a role (for routes that consume the session, such as logout). */
  async function freshToken(role: Role): Promise<string> {
    const res = await h.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: `matrix-${role}`, password: 'Test@12345' },
      remoteAddress: '10.77.0.1',
    });
    expect(res.statusCode).toBe(200);
    return res.json().token;
  }

  beforeAll(async () => {
    h = await apiHarness(databases, id);
    const ctx = systemCtx(h.now.value, 'test');
    const customer = await createCustomer(h.deps, ctx, { name: '矩阵客户', phone: '13800001234' });
    const at = h.now.value.toISOString();
    const outletId = '01900000-0000-7000-8000-00000000a001';
    await h.deps.db
      .insertInto('outlets')
      .values({
        id: outletId,
        code: 'MATRIX-1',
        name: '矩阵网点',
        kind: 'authorised',
        city: '南宁市',
        district: null,
        address: null,
        lat: null,
        lng: null,
        active: 1,
        created_at: at,
        updated_at: at,
      })
      .execute();
    for (const role of ROLES) {
      tokens.set(
        role,
        await h.token(role, {
          username: `matrix-${role}`,
          customerId: role === 'customer' ? customer.id : undefined,
          outletId: role === 'partner' ? outletId : undefined,
        }),
      );
    }
    tokens.set('anonymous', undefined);
    tokens.set('bogus-token', `at_${crypto.randomBytes(32).toString('base64url')}`);
  });
  afterAll(() => h?.close());

  it('lists every /api/ route Fastify registered in the route table, with the declared access', () => {
    const defs = h.app.routeDefs;
    expect(defs.map(keyOf).sort()).toEqual(allRoutes.map(keyOf).sort());
    const registered = h.app.registeredRoutes;
    // Without a web build nothing is served outside /api/, so nothing can hide from this check.
    expect(registered.filter((r) => !r.url.startsWith('/api/'))).toEqual([]);
    const checked = new Set<string>();
    for (const r of registered) {
      if (isDocsRoute(r.url)) continue;
      const method = r.method === 'HEAD' ? 'GET' : r.method; // Fastify adds HEAD for every GET
      const def = defs.find((d) => d.method === method && d.url === r.url);
      expect(def, `${r.method} ${r.url} is registered but not in the route table`).toBeDefined();
      expect(r.access, `${r.method} ${r.url}`).toBe(accessLabel((def as RouteDef).access));
      checked.add(keyOf(def as RouteDef));
    }
    // And every route of the table was registered.
    expect([...checked].sort()).toEqual(defs.map(keyOf).sort());
    expect(defs.find((d) => keyOf(d) === 'GET /api/health')?.access).toEqual({ kind: 'public' });
    expect(registered.filter((r) => r.url === '/api/openapi.json').map((r) => r.access)).toEqual([
      'public',
      'public',
    ]);
  });

  it('serves /api/health and /api/openapi.json without authentication', async () => {
    const health = await h.call({ method: 'GET', url: '/api/health' });
    expect(health.statusCode).toBe(200);
    expect(health.json()).toEqual({ status: 'ok' });
    const doc = await h.call({ method: 'GET', url: '/api/openapi.json' });
    expect(doc.statusCode).toBe(200);
    expect(doc.json().openapi).toMatch(/^3\.1/);
    // Every route of the table is documented, with its path written in full.
    const paths = Object.keys(doc.json().paths);
    for (const d of allRoutes) expect(paths, d.url).toContain(d.url.replace(/:([A-Za-z_]+)/g, '{$1}'));
  });

  it.each(allRoutes.map((def) => ({ name: keyOf(def), def })))(
    '$name answers every role as its access says',
    async ({ def }) => {
      const seen: string[] = [];
      for (const caller of CALLERS) {
        let token = tokens.get(caller);
        if (
          def.method === 'DELETE' &&
          def.url === '/api/v1/auth/session' &&
          caller !== 'anonymous' &&
          caller !== 'bogus-token'
        ) {
          token = await freshToken(caller as Role);
        }
        const res = await h.call({
          method: def.method,
          url: fillParams(def.url),
          token,
          ...(def.method === 'GET' || def.method === 'DELETE' ? {} : { payload: {} }),
        });
        const label = `${caller} → ${keyOf(def)}: ${res.statusCode} ${res.body.slice(0, 200)}`;
        seen.push(`${caller}:${res.statusCode}`);
        expect(res.statusCode, label).not.toBe(500);
        const anonymousLike = caller === 'anonymous' || caller === 'bogus-token';
        if (def.access.kind === 'public') {
          expect([401, 403], label).not.toContain(res.statusCode);
        } else if (anonymousLike) {
          expect(res.statusCode, label).toBe(401);
          expect(res.json().error.code, label).toBe('UNAUTHENTICATED');
        } else if (!mayCall(caller as Role, def)) {
          expect(res.statusCode, label).toBe(403);
          expect(res.json().error.code, label).toBe('FORBIDDEN');
        } else {
          expect([401, 403, 500], label).not.toContain(res.statusCode);
        }
        if (res.statusCode >= 400) {
          // CONTRACT's error shape on every failure.
          const err = res.json().error;
          expect(typeof err.code, label).toBe('string');
          expect(typeof err.message, label).toBe('string');
          expect(Array.isArray(err.details), label).toBe(true);
        }
      }
      expect(seen).toHaveLength(CALLERS.length);
    },
  );

  it('refuses a role without the permission before touching any data', async () => {
    // A forbidden write changes nothing, even with a valid body.
    const before = await h.deps.db
      .selectFrom('customers')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const res = await h.call({
      method: 'POST',
      url: '/api/v1/customers',
      token: tokens.get('technician'),
      payload: { name: '越权', phone: '13900009999' },
    });
    expect(res.statusCode).toBe(403);
    const after = await h.deps.db
      .selectFrom('customers')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
    // A malformed Authorization header is not anonymous access.
    const basic = await h.call({
      method: 'GET',
      url: '/api/v1/auth/me',
      headers: { authorization: 'Basic YWRtaW46YWRtaW4=' },
    });
    expect(basic.statusCode).toBe(401);
    expect(basic.json().error.code).toBe('UNAUTHENTICATED');
  });
});
