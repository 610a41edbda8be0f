import { z } from 'zod';
import { CHAT_STATUSES } from '../../domain/channels';
import type { AppDeps, Ctx } from '../app-deps';
import { AppError } from '../shared/app-error';
import { decodeCursor, type Page, pageQuery, toPage } from '../shared/pagination';
import { parseOrThrow } from '../shared/validate';
import type { ChatSessionWithMessages } from './chat-sessions';
import {
  type ChatMessageView,
  type ChatSessionView,
  chatMessageView,
  chatParty,
  chatSessionView,
} from './chat-view';

export const listChatsQuery = z.object({
  /** `open` = waiting or active. Agents: `waiting` is the queue, oldest first. */
  status: z.enum([...CHAT_STATUSES, 'open']).optional(),
  /** Agents: only the sessions they took. */
  mine: z.enum(['true', 'false', '1', '0']).optional(),
  ...pageQuery,
});

export const chatMessagesQuery = z.object({
  after: z.coerce.number().int().min(0).optional(),
});

/** The session as the caller may see it; 404 for someone else's session. */
export async function findChatSession(deps: AppDeps, ctx: Ctx, id: string) {
  const party = chatParty(ctx.actor);
  if (party.kind === 'none') throw AppError.notFound();
  let q = deps.db
    .selectFrom('chat_sessions')
    .innerJoin('customers', 'customers.id', 'chat_sessions.customer_id')
    .selectAll('chat_sessions')
    .select('customers.name as customer_name')
    .where('chat_sessions.id', '=', id);
  if (party.kind === 'customer') q = q.where('chat_sessions.customer_id', '=', party.customerId);
  const row = await q.executeTakeFirst();
  if (!row) throw AppError.notFound();
  return row;
}

export async function chatMessagesAfter(
  deps: AppDeps,
  sessionId: string,
  after: number,
  limit = 500,
): Promise<ChatMessageView[]> {
  const rows = await deps.db
    .selectFrom('chat_messages')
    .selectAll()
    .where('session_id', '=', sessionId)
    .where('seq', '>', after)
    .orderBy('seq')
    .limit(limit)
    .execute();
  return rows.map(chatMessageView);
}

/** GET /api/v1/chat/sessions/:id: the session and its messages (after `after`, default all). */
export async function getChatSession(
  deps: AppDeps,
  ctx: Ctx,
  id: string,
  raw: unknown = {},
): Promise<ChatSessionWithMessages> {
  const q = parseOrThrow(chatMessagesQuery, raw);
  const row = await findChatSession(deps, ctx, id);
  return {
    session: chatSessionView(row, { customerName: row.customer_name }),
    messages: await chatMessagesAfter(deps, id, q.after ?? 0),
  };
}

/**
 * GET /api/v1/chat/sessions: agents see the queue and every session (filter by status, `mine`); a
 * customer sees its own sessions. Waiting sessions come oldest first (queue order), the rest newest first.
 */
export async function listChatSessions(
  deps: AppDeps,
  ctx: Ctx,
  raw: unknown,
): Promise<Page<ChatSessionView>> {
  const q = parseOrThrow(listChatsQuery, raw);
  const cursor = decodeCursor(q.cursor);
  const party = chatParty(ctx.actor);
  if (party.kind === 'none') return { items: [], total: 0, nextCursor: null };
  let base = deps.db
    .selectFrom('chat_sessions')
    .innerJoin('customers', 'customers.id', 'chat_sessions.customer_id');
  if (party.kind === 'customer') base = base.where('chat_sessions.customer_id', '=', party.customerId);
  if (q.status === 'open') base = base.where('chat_sessions.status', 'in', ['waiting', 'active']);
  else if (q.status) base = base.where('chat_sessions.status', '=', q.status);
  if (party.kind === 'agent' && (q.mine === 'true' || q.mine === '1'))
    base = base.where('chat_sessions.agent_id', '=', ctx.actor.id ?? '');
  const oldestFirst = q.status === 'waiting';
  const page = cursor ? base.where('chat_sessions.id', oldestFirst ? '>' : '<', cursor) : base;
  const [rows, count] = await Promise.all([
    page
      .selectAll('chat_sessions')
      .select('customers.name as customer_name')
      .select((eb) =>
        eb
          .selectFrom('chat_messages')
          .select('chat_messages.text')
          .whereRef('chat_messages.session_id', '=', 'chat_sessions.id')
          .orderBy('chat_messages.seq', 'desc')
          .limit(1)
          .as('preview'),
      )
      .orderBy('chat_sessions.id', oldestFirst ? 'asc' : 'desc')
      .limit(q.limit + 1)
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return toPage(rows, q.limit, Number(count.n), (r) =>
    chatSessionView(r, { customerName: r.customer_name, preview: r.preview }),
  );
}
