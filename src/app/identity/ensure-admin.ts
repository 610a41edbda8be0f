import crypto from 'node:crypto';
import type { AppDeps } from '../app-deps';
import { systemCtx } from '../app-deps';
import { createUser } from './create-user';

/** First start: creates `admin` with the given password or a random one that is returned to print once. */
export async function ensureAdmin(
  deps: AppDeps,
  now: Date,
  password?: string,
): Promise<{ created: boolean; password?: string; generated: boolean }> {
  const any = await deps.db.selectFrom('users').select('id').limit(1).executeTakeFirst();
  if (any) return { created: false, generated: false };
  const generated = !password;
  const pw = password ?? crypto.randomBytes(12).toString('base64url');
  try {
    await createUser(deps, systemCtx(now, 'bootstrap'), {
      username: 'admin',
      password: pw,
      roles: ['admin'],
      displayName: '系统管理员',
    });
  } catch (err) {
    // Another instance created it at the same moment.
    const again = await deps.db
      .selectFrom('users')
      .select('id')
      .where('username', '=', 'admin')
      .executeTakeFirst();
    if (again) return { created: false, generated: false };
    throw err;
  }
  return { created: true, password: generated ? pw : undefined, generated };
}
