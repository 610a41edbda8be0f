// Builds the HTTP app on a fresh test database and offers logged-in callers for every role.
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../src/api/build-app';
import { type AppDeps, systemCtx } from '../src/app/app-deps';
import { createUser } from '../src/app/identity/create-user';
import { ROLES, type Role } from '../src/domain/identity/roles';
import type { TestDatabaseId, TestDatabases } from './test-databases';

export const TEST_PASSWORD = 'Test@12345';

export interface ApiHarness {
  app: FastifyInstance;
  deps: AppDeps;
  now: { value: Date };
  /** Bearer token of a user holding just this role (created on first use). */
  token(role: Role, opts?: { customerId?: string; outletId?: string; username?: string }): Promise<string>;
  call(opts: InjectOptions & { token?: string }): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

export async function apiHarness(databases: TestDatabases, id: TestDatabaseId): Promise<ApiHarness> {
  const deps = await databases.deps(id);
  const now = { value: new Date('2026-11-29T02:00:00.000Z') };
  const app = await buildApp({ deps, now: () => now.value, webDir: null });
  await app.ready();
  // Sessions last 12 h; tests that move the clock further log in again.
  const tokens = new Map<string, { token: string; at: number }>();
  const harness: ApiHarness = {
    app,
    deps,
    now,
    async token(role, opts = {}) {
      const username =
        opts.username ??
        `${role}-${opts.customerId ?? opts.outletId ?? 'u'}`.slice(0, 60).replace(/[^A-Za-z0-9_.@-]/g, '');
      const cached = tokens.get(username);
      if (cached && now.value.getTime() - cached.at < 11 * 3600_000 && now.value.getTime() >= cached.at)
        return cached.token;
      const exists = await deps.db
        .selectFrom('users')
        .select('id')
        .where('username', '=', username)
        .executeTakeFirst();
      if (!exists) {
        await createUser(deps, systemCtx(now.value, 'test'), {
          username,
          password: TEST_PASSWORD,
          roles: [role],
          customerId: opts.customerId,
          outletId: opts.outletId,
        });
      }
      const res = await app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { username, password: TEST_PASSWORD },
        remoteAddress: `10.9.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`,
      });
      if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.body}`);
      const token = res.json().token as string;
      tokens.set(username, { token, at: now.value.getTime() });
      return token;
    },
    call({ token, headers, ...opts }) {
      return app.inject({
        ...opts,
        headers: { ...(headers ?? {}), ...(token ? { authorization: `Bearer ${token}` } : {}) },
      });
    },
    async close() {
      await app.close();
    },
  };
  return harness;
}

export const ALL_ROLES: readonly Role[] = ROLES;

/** Rows in a table, to prove that a rejected input changed nothing. */
export async function countRows(
  deps: AppDeps,
  table: 'customers' | 'units' | 'users' | 'audit_log' | 'product_models' | 'customer_contacts' | 'outbox',
): Promise<number> {
  const r = await deps.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}
