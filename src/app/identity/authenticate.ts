import { runSql } from '../../db/run-sql';
import type { UsersTable } from '../../db/schema';
import type { Actor, AppDeps } from '../app-deps';
import { sha256 } from '../security/password-hasher';
import { actorFromUser } from './actor-from-user';

export interface Authenticated {
  actor: Actor;
  user: UsersTable;
  sessionId: string | null;
  kind: 'bearer' | 'cookie' | 'api-key';
  csrfToken: string | null;
}

// Every column of users by name, not "users".*, so that the per-request lookup can be a prepared statement on
// PostgreSQL (a `*` would change its result type when a column is added). The check below stops compiling
// when UsersTable gains a column that is not listed here.
const USER_COLUMNS = [
  'id',
  'username',
  'display_name',
  'password_hash',
  'roles',
  'customer_id',
  'outlet_id',
  'disabled',
  'failed_count',
  'locked_until',
  'team',
  'created_at',
  'updated_at',
] as const;
const everyUserColumn: [Exclude<keyof UsersTable, (typeof USER_COLUMNS)[number]>] extends [never]
  ? true
  : never = true;
void everyUserColumn;

const SESSION_LOOKUP =
  `select ${USER_COLUMNS.map((c) => `"users"."${c}"`).join(', ')}, "sessions"."id" as "session_id", ` +
  '"sessions"."kind" as "session_kind", "sessions"."expires_at", "sessions"."revoked_at", ' +
  '"sessions"."last_seen_at", "sessions"."csrf_token" ' +
  'from "sessions" inner join "users" on "users"."id" = "sessions"."user_id" where "sessions"."token_hash" = ?';

// last_seen_at is refreshed at most once a minute per session, so reads don't turn into writes.
const TOUCH_INTERVAL_MS = 60_000;

/** Resolves a bearer token, API key or console cookie to an actor; null when unknown, expired or revoked. */
export async function authenticate(
  deps: AppDeps,
  token: string,
  now: Date,
  expectKind?: 'cookie',
): Promise<Authenticated | null> {
  if (token.startsWith('ak_')) {
    if (expectKind) return null;
    const [, prefix] = token.split('_');
    if (!prefix) return null;
    const key = await deps.db
      .selectFrom('api_keys')
      .innerJoin('users', 'users.id', 'api_keys.user_id')
      .selectAll('users')
      .select([
        'api_keys.id as key_id',
        'api_keys.key_hash',
        'api_keys.revoked_at as key_revoked',
        'api_keys.last_used_at as key_last_used',
      ])
      .where('api_keys.prefix', '=', prefix)
      .executeTakeFirst();
    if (!key || key.key_revoked || key.disabled === 1 || key.key_hash !== sha256(token)) return null;
    const { key_id, key_hash, key_revoked, key_last_used, ...user } = key;
    if (!key_last_used || now.getTime() - Date.parse(key_last_used) > TOUCH_INTERVAL_MS) {
      await deps.db
        .updateTable('api_keys')
        .set({ last_used_at: now.toISOString() })
        .where('id', '=', key_id)
        .execute();
    }
    void key_hash;
    void key_revoked;
    return {
      actor: actorFromUser(user, 'api-key'),
      user,
      sessionId: key_id,
      kind: 'api-key',
      csrfToken: null,
    };
  }
  // Fixed SQL text: this runs on every request.
  const { rows } = await runSql<
    UsersTable & {
      session_id: string;
      session_kind: 'bearer' | 'cookie';
      expires_at: string;
      revoked_at: string | null;
      last_seen_at: string;
      csrf_token: string | null;
    }
  >(deps.db, deps.dialect, SESSION_LOOKUP, [sha256(token)]);
  const row = rows[0];
  if (!row || row.revoked_at || row.disabled === 1) return null;
  if (row.expires_at <= now.toISOString()) return null;
  if (expectKind && row.session_kind !== expectKind) return null;
  if (now.getTime() - Date.parse(row.last_seen_at) > TOUCH_INTERVAL_MS) {
    await deps.db
      .updateTable('sessions')
      .set({ last_seen_at: now.toISOString() })
      .where('id', '=', row.session_id)
      .execute();
  }
  const { session_id, session_kind, expires_at, revoked_at, last_seen_at, csrf_token, ...user } = row;
  void expires_at;
  void revoked_at;
  void last_seen_at;
  return {
    actor: actorFromUser(user),
    user,
    sessionId: session_id,
    kind: session_kind,
    csrfToken: csrf_token,
  };
}
