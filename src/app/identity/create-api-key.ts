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
