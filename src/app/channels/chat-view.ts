import type { ChatMessagesTable, ChatSessionsTable } from '../../db/schema';
import type { ChatAuthor, ChatStatus } from '../../domain/channels';
import type { Actor } from '../app-deps';
import { rowScope } from '../identity/row-scope';

export interface ChatSessionView {
  id: string;
  number: string;
  customerId: string;
  customerName?: string;
  status: ChatStatus;
  startedAt: string;
  /** First human reply; its time on the service-hours clock in seconds. */
  firstReplyAt: string | null;
  firstReplySeconds: number | null;
  firstBotReplyAt: string | null;
  humanRequested: boolean;
  resolvedByBot: boolean;
  agentName: string | null;
  closedAt: string | null;
  closedBy: string | null;
  serviceRequestId: string | null;
  messageCount: number;
  lastMessageAt: string;
  /** The latest message, shortened (lists only). */
  preview?: string;
}

export interface ChatMessageView {
  id: string;
  sessionId: string;
  seq: number;
  author: ChatAuthor;
  authorName: string;
  text: string;
  at: string;
}

export function chatSessionView(
  r: ChatSessionsTable,
  extra: { customerName?: string | null; preview?: string | null } = {},
): ChatSessionView {
  return {
    id: r.id,
    number: r.number,
    customerId: r.customer_id,
    ...(extra.customerName ? { customerName: extra.customerName } : {}),
    status: r.status as ChatStatus,
    startedAt: r.started_at,
    firstReplyAt: r.first_reply_at,
    firstReplySeconds: r.first_reply_ms === null ? null : Math.round(r.first_reply_ms / 1000),
    firstBotReplyAt: r.first_bot_reply_at,
    humanRequested: r.human_requested === 1,
    resolvedByBot: r.resolved_by_bot === 1,
    agentName: r.agent_name,
    closedAt: r.closed_at,
    closedBy: r.closed_by,
    serviceRequestId: r.service_request_id,
    messageCount: r.message_count,
    lastMessageAt: r.last_message_at,
    ...(typeof extra.preview === 'string'
      ? { preview: extra.preview.length > 80 ? `${extra.preview.slice(0, 80)}…` : extra.preview }
      : {}),
  };
}

export function chatMessageView(m: ChatMessagesTable): ChatMessageView {
  return {
    id: m.id,
    sessionId: m.session_id,
    seq: m.seq,
    author: m.author_kind as ChatAuthor,
    authorName: m.author_name,
    text: m.text,
    at: m.at,
  };
}

/**
 * Who the caller is in a chat: the customer of a customer user (own sessions only), or a service agent
 * (permission chat:agent, every session). Anyone else sees no session at all (404).
 */
export type ChatParty = { kind: 'customer'; customerId: string } | { kind: 'agent' } | { kind: 'none' };

export function chatParty(actor: Actor): ChatParty {
  const scope = rowScope(actor);
  if (scope.kind === 'customer') return { kind: 'customer', customerId: scope.customerId };
  if (actor.permissions.has('chat:agent')) return { kind: 'agent' };
  return { kind: 'none' };
}
