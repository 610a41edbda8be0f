// Live chat (在线客服, 8.1, A-12) between a customer in the portal and an agent in the console: start,
// message, close and link. One transaction per change, audited; the chat bus fans the change out after
// commit. First-reply time = first human reply − the customer's first message on the service-hours clock.
import { z } from 'zod';
import { forUpdate } from '../../db/dialect-helpers';
import type { ChatMessagesTable, ChatSessionsTable } from '../../db/schema';
import { chatReplyMs, closingOutcome, isOpenChat } from '../../domain/channels';
import { type AppDeps, type Ctx, inTransaction, type TxDeps } from '../app-deps';
import { appendAudit } from '../audit/append-audit';
import { AppError } from '../shared/app-error';
import { newId } from '../shared/ids';
import { localDateIn } from '../shared/local-date';
import { nextSequence } from '../shared/sequences';
import { bi, parseOrThrow } from '../shared/validate';
import { loadCalendars } from '../sla/calendar-store';
import { loadChannelSettings } from './channel-settings';
import { chatBus } from './chat-bus';
import {
  type ChatMessageView,
  type ChatSessionView,
  chatMessageView,
  chatParty,
  chatSessionView,
} from './chat-view';

const zText = z
  .string()
  .trim()
  .min(1, { error: bi('消息不能为空', 'The message is empty') })
  .max(2000, { error: bi('消息最长 2000 个字', 'At most 2000 characters') });

export const startChatInput = z.object({ text: zText });

export const chatMessageInput = z.object({
  text: zText,
  /** Customer: asks for a human agent (a bot answer then no longer resolves the session, A-12). */
  requestHuman: z.boolean().optional(),
  /** Staff integrations: the message comes from the chatbot, not from a human (never stops the clock). */
  bot: z.boolean().optional(),
});

export const closeChatInput = z.object({
  /** Customer: the question was answered (with only bot replies this makes the session bot-resolved). */
  resolved: z.boolean().optional(),
});

export const linkChatInput = z.object({ serviceRequestId: z.string().trim().min(1).max(64) });

const CLOSED_TEXT = { zh: '会话已结束', en: 'The chat session has ended' };
const OPEN_EXISTS = { zh: '您已有进行中的会话', en: 'You already have an open chat session' };

async function lockSession(tx: TxDeps, ctx: Ctx, id: string): Promise<ChatSessionsTable> {
  const party = chatParty(ctx.actor);
  if (party.kind === 'none') throw AppError.notFound();
  let q = tx.db.selectFrom('chat_sessions').selectAll().where('id', '=', id);
  if (party.kind === 'customer') q = q.where('customer_id', '=', party.customerId);
  const row = await forUpdate(q, tx.dialect).executeTakeFirst();
  if (!row) throw AppError.notFound();
  return row;
}

async function displayName(tx: TxDeps, ctx: Ctx): Promise<string> {
  if (!ctx.actor.id) return ctx.actor.name;
  const u = await tx.db
    .selectFrom('users')
    .select('display_name')
    .where('id', '=', ctx.actor.id)
    .executeTakeFirst();
  return u?.display_name || ctx.actor.name;
}

async function insertMessage(
  tx: TxDeps,
  ctx: Ctx,
  session: ChatSessionsTable,
  author: ChatMessagesTable['author_kind'],
  authorName: string,
  text: string,
): Promise<ChatMessagesTable> {
  const m: ChatMessagesTable = {
    id: newId(),
    session_id: session.id,
    seq: session.message_count + 1,
    author_kind: author,
    author_id: ctx.actor.id,
    author_name: authorName,
    text,
    at: ctx.now.toISOString(),
  };
  await tx.db.insertInto('chat_messages').values(m).execute();
  return m;
}

export interface ChatSessionWithMessages {
  session: ChatSessionView;
  messages: ChatMessageView[];
}

/** POST /api/v1/chat/sessions: a customer opens a chat with its first message (the clock starts here). */
export async function startChat(deps: AppDeps, ctx: Ctx, raw: unknown): Promise<ChatSessionWithMessages> {
  const input = parseOrThrow(startChatInput, raw);
  const party = chatParty(ctx.actor);
  if (party.kind !== 'customer') throw AppError.forbidden();
  const result = await inTransaction(deps, async (tx) => {
    const customer = await tx.db
      .selectFrom('customers')
      .select(['id', 'name'])
      .where('id', '=', party.customerId)
      .executeTakeFirst();
    if (!customer) throw AppError.notFound();
    const open = await tx.db
      .selectFrom('chat_sessions')
      .select('id')
      .where('customer_id', '=', customer.id)
      .where('status', 'in', ['waiting', 'active'])
      .executeTakeFirst();
    if (open) throw new AppError('CONFLICT', OPEN_EXISTS, [{ path: 'sessionId', message: OPEN_EXISTS }]);
    const day = localDateIn(ctx.now, deps.zone).replace(/-/g, '');
    const seq = await nextSequence(tx, `chat:${day}`);
    const at = ctx.now.toISOString();
    const row: ChatSessionsTable = {
      id: newId(),
      number: `CH-${day}-${String(seq).padStart(4, '0')}`,
      customer_id: customer.id,
      status: 'waiting',
      started_at: at,
      first_reply_at: null,
      first_reply_ms: null,
      first_bot_reply_at: null,
      human_requested: 0,
      resolved_by_bot: 0,
      agent_id: null,
      agent_name: null,
      closed_at: null,
      closed_by: null,
      service_request_id: null,
      message_count: 0,
      last_message_at: at,
      created_at: at,
      updated_at: at,
    };
    await tx.db.insertInto('chat_sessions').values(row).execute();
    const m = await insertMessage(tx, ctx, row, 'customer', customer.name, input.text);
    row.message_count = 1;
    await tx.db.updateTable('chat_sessions').set({ message_count: 1 }).where('id', '=', row.id).execute();
    const session = chatSessionView(row);
    await appendAudit(tx, ctx, {
      action: 'chat.start',
      entity: 'chat-session',
      entityId: row.id,
      after: { ...session, firstMessageLength: input.text.length },
    });
    return { session, messages: [chatMessageView(m)] };
  });
  await chatBus(deps).publish({ sessionId: result.session.id, kind: 'session', status: 'waiting' });
  return result;
}

/**
 * POST /api/v1/chat/sessions/:id/messages. The first reply of a human agent makes the session active,
 * assigns the agent and records the first-reply time; bot messages never do.
 */
export async function postChatMessage(
  deps: AppDeps,
  ctx: Ctx,
  sessionId: string,
  raw: unknown,
): Promise<{ session: ChatSessionView; message: ChatMessageView }> {
  const input = parseOrThrow(chatMessageInput, raw);
  const party = chatParty(ctx.actor);
  if (party.kind === 'customer' && input.bot) throw AppError.forbidden();
  const [settings, calendars] = await Promise.all([loadChannelSettings(deps), loadCalendars(deps)]);
  const cal = calendars(settings.chat.calendar);
  const result = await inTransaction(deps, async (tx) => {
    const before = await lockSession(tx, ctx, sessionId);
    if (!isOpenChat(before.status))
      throw new AppError('CONFLICT', CLOSED_TEXT, [{ path: 'status', message: CLOSED_TEXT }]);
    const at = ctx.now.toISOString();
    const next: ChatSessionsTable = { ...before, updated_at: at, last_message_at: at };
    let author: ChatMessagesTable['author_kind'];
    let name: string;
    if (party.kind === 'customer') {
      author = 'customer';
      const c = await tx.db
        .selectFrom('customers')
        .select('name')
        .where('id', '=', before.customer_id)
        .executeTakeFirst();
      name = c?.name ?? ctx.actor.name;
      if (input.requestHuman) next.human_requested = 1;
    } else if (input.bot) {
      author = 'bot';
      name = 'bot';
      next.first_bot_reply_at ??= at;
    } else {
      author = 'agent';
      name = await displayName(tx, ctx);
      if (before.first_reply_at === null) {
        next.first_reply_at = at;
        next.first_reply_ms = chatReplyMs(cal, before.started_at, at);
        next.agent_id = ctx.actor.id;
        next.agent_name = name;
        next.status = 'active';
      }
    }
    const m = await insertMessage(tx, ctx, before, author, name, input.text);
    next.message_count = m.seq;
    const { id, ...changes } = next;
    await tx.db.updateTable('chat_sessions').set(changes).where('id', '=', id).execute();
    const firstReply = before.first_reply_at === null && next.first_reply_at !== null;
    await appendAudit(tx, ctx, {
      action: firstReply ? 'chat.first-reply' : 'chat.message',
      entity: 'chat-session',
      entityId: id,
      before: { status: before.status, messageCount: before.message_count },
      after: {
        status: next.status,
        seq: m.seq,
        author,
        length: input.text.length,
        ...(firstReply ? { firstReplyAt: next.first_reply_at, firstReplyMs: next.first_reply_ms } : {}),
        ...(input.requestHuman ? { humanRequested: true } : {}),
      },
    });
    return { session: chatSessionView(next), message: chatMessageView(m), statusChanged: firstReply };
  });
  const bus = chatBus(deps);
  await bus.publish({ sessionId, kind: 'message', seq: result.message.seq });
  if (result.statusChanged) await bus.publish({ sessionId, kind: 'session', status: result.session.status });
  return { session: result.session, message: result.message };
}

/** POST /api/v1/chat/sessions/:id/close: by the customer (abandoned, closed or bot-resolved) or by staff. */
export async function closeChat(
  deps: AppDeps,
  ctx: Ctx,
  sessionId: string,
  raw: unknown,
): Promise<ChatSessionView> {
  const input = parseOrThrow(closeChatInput, raw);
  const party = chatParty(ctx.actor);
  const view = await inTransaction(deps, async (tx) => {
    const before = await lockSession(tx, ctx, sessionId);
    if (!isOpenChat(before.status))
      throw new AppError('CONFLICT', CLOSED_TEXT, [{ path: 'status', message: CLOSED_TEXT }]);
    const by = party.kind === 'customer' ? 'customer' : 'agent';
    const outcome = closingOutcome({
      by,
      humanReplied: before.first_reply_at !== null,
      botReplied: before.first_bot_reply_at !== null,
      humanRequested: before.human_requested === 1,
      resolved: input.resolved ?? false,
    });
    const at = ctx.now.toISOString();
    const next: ChatSessionsTable = {
      ...before,
      status: outcome.status,
      resolved_by_bot: outcome.resolvedByBot ? 1 : 0,
      closed_at: at,
      closed_by: by,
      updated_at: at,
    };
    const { id, ...changes } = next;
    await tx.db.updateTable('chat_sessions').set(changes).where('id', '=', id).execute();
    const v = chatSessionView(next);
    await appendAudit(tx, ctx, {
      action: 'chat.close',
      entity: 'chat-session',
      entityId: id,
      before: { status: before.status },
      after: {
        status: v.status,
        closedBy: by,
        resolvedByBot: v.resolvedByBot,
        resolved: input.resolved ?? null,
      },
    });
    return v;
  });
  await chatBus(deps).publish({ sessionId, kind: 'session', status: view.status });
  return view;
}

/** POST /api/v1/chat/sessions/:id/link: the agent records the service request the chat led to (P-8.1). */
export async function linkChatToRequest(
  deps: AppDeps,
  ctx: Ctx,
  sessionId: string,
  raw: unknown,
): Promise<ChatSessionView> {
  const input = parseOrThrow(linkChatInput, raw);
  const view = await inTransaction(deps, async (tx) => {
    const before = await lockSession(tx, ctx, sessionId);
    const sr = await tx.db
      .selectFrom('service_requests')
      .select(['id', 'customer_id'])
      .where('id', '=', input.serviceRequestId)
      .executeTakeFirst();
    if (!sr || sr.customer_id !== before.customer_id)
      throw AppError.validation([
        {
          path: 'serviceRequestId',
          message: { zh: '该客户没有此服务请求', en: 'No such service request for this customer' },
        },
      ]);
    const next = { ...before, service_request_id: sr.id, updated_at: ctx.now.toISOString() };
    await tx.db
      .updateTable('chat_sessions')
      .set({ service_request_id: sr.id, updated_at: next.updated_at })
      .where('id', '=', before.id)
      .execute();
    await appendAudit(tx, ctx, {
      action: 'chat.link',
      entity: 'chat-session',
      entityId: before.id,
      before: { serviceRequestId: before.service_request_id },
      after: { serviceRequestId: sr.id },
    });
    return chatSessionView(next);
  });
  await chatBus(deps).publish({ sessionId, kind: 'session', status: view.status });
  return view;
}
