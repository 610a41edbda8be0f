import { z } from 'zod';
import { forUpdate } from '../../db/dialect-helpers';
import type { AgentSessionsTable } from '../../db/schema';
import { type AppDeps, type Ctx, inTransaction } from '../app-deps';
import { appendAudit } from '../audit/append-audit';
import { AppError } from '../shared/app-error';
import { newId } from '../shared/ids';
import { bi, parseOrThrow, zInstant } from '../shared/validate';

export const agentSessionInput = z
  .object({
    agent: z.string().trim().min(1).max(100),
    loginAt: zInstant,
    logoutAt: zInstant.optional(),
    queue: z.string().trim().min(1).max(100).optional(),
    /** The ACD's id of the session: a repeat is de-duplicated, and a later logout completes it. */
    externalId: z.string().trim().min(1).max(200).optional(),
  })
  .superRefine((v, ctx) => {
    if (v.logoutAt && Date.parse(v.logoutAt) < Date.parse(v.loginAt))
      ctx.addIssue({
        code: 'custom',
        path: ['logoutAt'],
        message: bi('签出时间早于签入时间', 'logoutAt is before loginAt'),
      });
  });

export interface AgentSessionView {
  id: string;
  source: string;
  externalId: string;
  agent: string;
  queue: string | null;
  loginAt: string;
  logoutAt: string | null;
}

const view = (r: AgentSessionsTable): AgentSessionView => ({
  id: r.id,
  source: r.source,
  externalId: r.external_id,
  agent: r.agent,
  queue: r.queue,
  loginAt: r.login_at,
  logoutAt: r.logout_at,
});

const FUTURE_TOLERANCE_MS = 5 * 60_000;

/**
 * POST /api/v1/calls/agent-sessions: an agent's login (and logout) at the ACD, for staffed hours
 * (Q-8.1-HOTLINE-HOURS). The same externalId again returns the stored session (201 → 200); if that one is
 * still open and a logout is given now, the logout completes it.
 */
export async function recordAgentSession(
  deps: AppDeps,
  ctx: Ctx,
  raw: unknown,
): Promise<{ created: boolean; session: AgentSessionView }> {
  const input = parseOrThrow(agentSessionInput, raw);
  const limit = ctx.now.getTime() + FUTURE_TOLERANCE_MS;
  for (const field of ['loginAt', 'logoutAt'] as const) {
    const v = input[field];
    if (v && Date.parse(v) > limit)
      throw AppError.validation([
        { path: field, message: { zh: '时间不能晚于当前时间', en: 'Must not be in the future' } },
      ]);
  }
  const loginAt = new Date(input.loginAt).toISOString();
  const logoutAt = input.logoutAt ? new Date(input.logoutAt).toISOString() : null;
  const externalId = input.externalId ?? `${input.agent}@${loginAt}`;
  return inTransaction(deps, async (tx) => {
    const existing = await forUpdate(
      tx.db
        .selectFrom('agent_sessions')
        .selectAll()
        .where('source', '=', 'api')
        .where('external_id', '=', externalId),
      tx.dialect,
    ).executeTakeFirst();
    const at = ctx.now.toISOString();
    if (existing) {
      if (existing.logout_at === null && logoutAt !== null) {
        if (logoutAt < existing.login_at)
          throw AppError.validation([
            { path: 'logoutAt', message: { zh: '签出时间早于签入时间', en: 'logoutAt is before loginAt' } },
          ]);
        await tx.db
          .updateTable('agent_sessions')
          .set({ logout_at: logoutAt, updated_at: at })
          .where('id', '=', existing.id)
          .execute();
        const after = { ...existing, logout_at: logoutAt, updated_at: at };
        await appendAudit(tx, ctx, {
          action: 'agent-session.logout',
          entity: 'agent-session',
          entityId: existing.id,
          before: view(existing),
          after: view(after),
        });
        return { created: false, session: view(after) };
      }
      return { created: false, session: view(existing) };
    }
    const row: AgentSessionsTable = {
      id: newId(),
      source: 'api',
      external_id: externalId,
      agent: input.agent,
      queue: input.queue ?? null,
      login_at: loginAt,
      logout_at: logoutAt,
      import_id: null,
      created_at: at,
      updated_at: at,
    };
    await tx.db.insertInto('agent_sessions').values(row).execute();
    await appendAudit(tx, ctx, {
      action: 'agent-session.create',
      entity: 'agent-session',
      entityId: row.id,
      after: view(row),
    });
    return { created: true, session: view(row) };
  });
}
