import { sql } from 'kysely';
import { z } from 'zod';
import type { Role } from '../../domain/identity/roles';
import { type AppDeps, type Ctx, inTransaction } from '../app-deps';
import { appendAudit } from '../audit/append-audit';
import { dummyPasswordHash, randomToken, sha256, verifyPassword } from '../security/password-hasher';
import { AppError } from '../shared/app-error';
import { newId } from '../shared/ids';
import { MESSAGES } from '../shared/messages';
import { parseOrThrow } from '../shared/validate';
import { type UserView, userView } from './actor-from-user';

export const loginInput = z.object({
  username: z.string().trim().min(1).max(200),
  password: z.string().min(1).max(200),
});

export interface LoginPolicy {
  /** Failures per username inside the window before further attempts get 429. */
  maxFailuresPerUser: number;
  /** Failures per client address inside the window (guards against spraying many usernames). */
  maxFailuresPerIp: number;
  windowMs: number;
  sessionTtlMs: number;
}

export const DEFAULT_LOGIN_POLICY: LoginPolicy = {
  maxFailuresPerUser: 5,
  maxFailuresPerIp: 30,
  windowMs: 15 * 60_000,
  sessionTtlMs: 12 * 3600_000,
};

export interface LoginResult {
  token: string;
  csrfToken: string | null;
  expiresAt: string;
  user: UserView;
  /** CONTRACT's login body: {id, username, roles}. */
  contractUser: { id: string; username: string; roles: Role[] };
}

/**
 * Password login for bearer tokens (API) and cookie sessions (console, with a CSRF token). Unknown users
 * and wrong passwords take the same time and get the same 401; repeated failures are refused with 429
 * before the password is even checked, counted in the database so that every instance shares them.
 */
export async function login(
  deps: AppDeps,
  ctx: Ctx,
  raw: unknown,
  kind: 'bearer' | 'cookie',
  policy: LoginPolicy = DEFAULT_LOGIN_POLICY,
): Promise<LoginResult> {
  const input = parseOrThrow(loginInput, raw);
  const ip = ctx.ip ?? 'unknown';
  // The attempt is counted before the password is checked, atomically with the limit check: a burst of
  // parallel guesses cannot all slip under the limit while each one's hashing is still running. A
  // successful login clears the user's counted attempts (below).
  const attemptId = newId();
  await inTransaction(deps, async (tx) => {
    if (tx.dialect === 'postgres') {
      // Serialize checks of the same user and the same address (always in this order: no deadlock).
      await sql`select pg_advisory_xact_lock(hashtext(${`login-user:${input.username}`}))`.execute(tx.db);
      await sql`select pg_advisory_xact_lock(hashtext(${`login-ip:${ip}`}))`.execute(tx.db);
    }
    const since = new Date(ctx.now.getTime() - policy.windowMs).toISOString();
    const recent = (column: 'username' | 'ip', value: string) =>
      tx.db
        .selectFrom('login_failures')
        .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.min('at').as('oldest')])
        .where(column, '=', value)
        .where('at', '>', since)
        .executeTakeFirstOrThrow();
    const byUser = await recent('username', input.username);
    const byIp = await recent('ip', ip);
    const limited = [
      Number(byUser.n) >= policy.maxFailuresPerUser ? byUser.oldest : null,
      Number(byIp.n) >= policy.maxFailuresPerIp ? byIp.oldest : null,
    ].filter((x): x is string => typeof x === 'string');
    if (limited.length > 0) {
      // Retry when the oldest counted failure leaves the window.
      const freeAt = Math.max(...limited.map((t) => Date.parse(t) + policy.windowMs));
      throw new AppError('RATE_LIMITED', MESSAGES.RATE_LIMITED, [], {
        'retry-after': String(Math.max(1, Math.ceil((freeAt - ctx.now.getTime()) / 1000))),
      });
    }
    await tx.db
      .insertInto('login_failures')
      .values({ id: attemptId, username: input.username, ip, at: ctx.now.toISOString() })
      .execute();
  });

  const user = await deps.db
    .selectFrom('users')
    .selectAll()
    .where('username', '=', input.username)
    .executeTakeFirst();
  // An unknown user costs the same hashing time as a known one (no user enumeration by timing).
  const ok = await verifyPassword(input.password, user ? user.password_hash : await dummyPasswordHash());
  if (!user || !ok || user.disabled === 1) {
    await inTransaction(deps, async (tx) => {
      // The counted attempt stays as the failure.
      if (user)
        await tx.db
          .updateTable('users')
          .set((eb) => ({ failed_count: eb('failed_count', '+', 1) }))
          .where('id', '=', user.id)
          .execute();
      await appendAudit(tx, ctx, {
        action: 'auth.login-failed',
        entity: 'user',
        entityId: user?.id ?? null,
        after: { username: input.username },
      });
    });
    throw AppError.of('UNAUTHENTICATED', 'BAD_CREDENTIALS');
  }

  const token = `${kind === 'cookie' ? 'cs' : 'at'}_${randomToken()}`;
  const csrfToken = kind === 'cookie' ? randomToken(24) : null;
  const expiresAt = new Date(ctx.now.getTime() + policy.sessionTtlMs).toISOString();
  const userCtx: Ctx = { ...ctx, actor: { ...ctx.actor, id: user.id, name: user.username } };
  await inTransaction(deps, async (tx) => {
    const sessionId = newId();
    await tx.db
      .insertInto('sessions')
      .values({
        id: sessionId,
        token_hash: sha256(token),
        user_id: user.id,
        kind,
        csrf_token: csrfToken,
        created_at: ctx.now.toISOString(),
        expires_at: expiresAt,
        revoked_at: null,
        last_seen_at: ctx.now.toISOString(),
        ip: ctx.ip,
      })
      .execute();
    await tx.db.deleteFrom('login_failures').where('username', '=', input.username).execute();
    await tx.db.updateTable('users').set({ failed_count: 0 }).where('id', '=', user.id).execute();
    await appendAudit(tx, userCtx, {
      action: 'auth.login',
      entity: 'session',
      entityId: sessionId,
      after: { kind },
    });
  });
  const view = userView(user);
  return {
    token,
    csrfToken,
    expiresAt,
    user: view,
    contractUser: { id: view.id, username: view.username, roles: view.roles },
  };
}
