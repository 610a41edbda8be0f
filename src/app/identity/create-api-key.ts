import { z } from 'zod';
import { type AppDeps, type Ctx, inTransaction } from '../app-deps';
import { appendAudit } from '../audit/append-audit';
import { randomToken, sha256 } from '../security/password-hasher';
import { AppError } from '../shared/app-error';
import { newId } from '../shared/ids';
import { parseOrThrow } from '../shared/validate';

export const createApiKeyInput = z.object({
  name: z.string().trim().min(1).max(100),
  userId: z.string().min(1),
});

/** An API key for an integration, acting as the given (service) user; the secret is shown once. */
export async function createApiKey(
  deps: AppDeps,
  ctx: Ctx,
  raw: unknown,
): Promise<{ id: string; name: string; key: string; prefix: string }> {
  const input = parseOrThrow(createApiKeyInput, raw);
  return inTransaction(deps, async (tx) => {
    const user = await tx.db
      .selectFrom('users')
      .select('id')
      .where('id', '=', input.userId)
      .executeTakeFirst();
    if (!user)
      throw AppError.validation([{ path: 'userId', message: { zh: '用户不存在', en: 'Unknown user' } }]);
    const prefix = randomToken(6).replace(/[_-]/g, 'x');
    const key = `ak_${prefix}_${randomToken()}`;
    const id = newId();
    await tx.db
      .insertInto('api_keys')
      .values({
        id,
        name: input.name,
        prefix,
        key_hash: sha256(key),
        user_id: input.userId,
        created_at: ctx.now.toISOString(),
        revoked_at: null,
        last_used_at: null,
      })
      .execute();
    await appendAudit(tx, ctx, {
      action: 'api-key.create',
      entity: 'api-key',
      entityId: id,
      after: { name: input.name, prefix, userId: input.userId },
    });
    return { id, name: input.name, key, prefix };
  });
}

export interface ApiKeyView {
  id: string;
  name: string;
  prefix: string;
  userId: string;
  username: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

/** Every API key (never its secret), newest first, for the administrators who issue and revoke them. */
export async function listApiKeys(deps: AppDeps): Promise<{ items: ApiKeyView[]; total: number }> {
  const rows = await deps.db
    .selectFrom('api_keys')
    .innerJoin('users', 'users.id', 'api_keys.user_id')
    .select([
      'api_keys.id',
      'api_keys.name',
      'api_keys.prefix',
      'api_keys.user_id',
      'users.username',
      'api_keys.created_at',
      'api_keys.last_used_at',
      'api_keys.revoked_at',
    ])
    .orderBy('api_keys.id', 'desc')
    .execute();
  const items = rows.map((r) => ({
    id: r.id,
    name: r.name,
    prefix: r.prefix,
    userId: r.user_id,
    username: r.username,
    createdAt: r.created_at,
    lastUsedAt: r.last_used_at,
    revokedAt: r.revoked_at,
  }));
  return { items, total: items.length };
}

/** Revokes a key at once on every instance (a leaked integration secret); revoking twice changes nothing. */
export async function revokeApiKey(deps: AppDeps, ctx: Ctx, id: string): Promise<void> {
  await inTransaction(deps, async (tx) => {
    const key = await tx.db
      .selectFrom('api_keys')
      .select(['id', 'name', 'prefix', 'revoked_at'])
      .where('id', '=', id)
      .executeTakeFirst();
    if (!key) throw AppError.notFound();
    if (key.revoked_at) return;
    // Two revokes at once (PostgreSQL): only the one that changed the row is audited.
    const changed = await tx.db
      .updateTable('api_keys')
      .set({ revoked_at: ctx.now.toISOString() })
      .where('id', '=', id)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    if (Number(changed.numUpdatedRows) === 0) return;
    await appendAudit(tx, ctx, {
      action: 'api-key.revoke',
      entity: 'api-key',
      entityId: id,
      after: { name: key.name, prefix: key.prefix },
    });
  });
}
