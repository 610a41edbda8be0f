import { type AppDeps, type Ctx, inTransaction } from '../app-deps';
import { appendAudit } from '../audit/append-audit';
import { AppError } from '../shared/app-error';

/** Logout, or an admin revoking someone's session; a revoked token is refused on every instance at once. */
export async function revokeSession(deps: AppDeps, ctx: Ctx, sessionId: string): Promise<void> {
  await inTransaction(deps, async (tx) => {
    const s = await tx.db
      .selectFrom('sessions')
      .select(['id', 'user_id', 'revoked_at'])
      .where('id', '=', sessionId)
      .executeTakeFirst();
    if (!s) throw AppError.notFound();
    const isAdmin = ctx.actor.permissions.has('users:manage');
    if (s.user_id !== ctx.actor.id && !isAdmin) throw AppError.notFound();
    if (s.revoked_at) return;
    await tx.db
      .updateTable('sessions')
      .set({ revoked_at: ctx.now.toISOString() })
      .where('id', '=', sessionId)
      .execute();
    await appendAudit(tx, ctx, { action: 'auth.session-revoke', entity: 'session', entityId: sessionId });
  });
}
