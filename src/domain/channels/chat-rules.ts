// Live chat (在线客服, A-12): session states, how a session ends, and Q-8.1-CHAT-RESPONSE.
// Pure: the service-hours calendar and `now` are arguments.
import type { Calendar } from '../calendar';
import type { Indicator } from '../kpis/sla-indicators';

export const CHAT_STATUSES = ['waiting', 'active', 'closed', 'abandoned'] as const;
export type ChatStatus = (typeof CHAT_STATUSES)[number];
export const CHAT_AUTHORS = ['customer', 'agent', 'bot'] as const;
export type ChatAuthor = (typeof CHAT_AUTHORS)[number];

/** The standard's 5 minutes. */
export const CHAT_REPLY_LIMIT_MS = 5 * 60_000;

export function isOpenChat(status: string): boolean {
  return status === 'waiting' || status === 'active';
}

/**
 * The state a session ends in. A customer who leaves before any human reply has abandoned it, unless the
 * bot answered and the customer ends it as resolved without having asked for a human: then the
 * bot resolved it. Staff closing a session always closes it.
 */
export function closingOutcome(s: {
  by: 'customer' | 'agent';
  humanReplied: boolean;
  botReplied: boolean;
  humanRequested: boolean;
  resolved: boolean;
}): { status: 'closed' | 'abandoned'; resolvedByBot: boolean } {
  if (s.humanReplied || s.by === 'agent') return { status: 'closed', resolvedByBot: false };
  if (s.resolved && s.botReplied && !s.humanRequested) return { status: 'closed', resolvedByBot: true };
  return { status: 'abandoned', resolvedByBot: false };
}

export interface ChatFact {
  id: string;
  status: ChatStatus;
  /** The customer's first message. */
  startedAt: string;
  /** First reply by a human agent. */
  firstReplyAt: string | null;
  firstBotReplyAt: string | null;
  resolvedByBot: boolean;
  closedAt: string | null;
}

/** The reply that stops the 5-minute clock: the first human reply, or the bot's first answer if the bot resolved the session. */
export function qualifyingReplyAt(f: ChatFact): string | null {
  if (f.firstReplyAt !== null) return f.firstReplyAt;
  return f.resolvedByBot ? f.firstBotReplyAt : null;
}

/** First-reply time on the service-hours clock: out-of-hours time does not count. */
export function chatReplyMs(cal: Calendar, startedAt: string, replyAt: string): number {
  return cal.workingTimeBetween(Date.parse(startedAt), Date.parse(replyAt));
}

export type ChatOutcome = 'ok' | 'breach' | 'pending' | 'excluded';

export function chatOutcome(
  f: ChatFact,
  cal: Calendar,
  nowMs: number,
  limitMs = CHAT_REPLY_LIMIT_MS,
): ChatOutcome {
  const start = Date.parse(f.startedAt);
  const reply = qualifyingReplyAt(f);
  if (reply !== null) return cal.workingTimeBetween(start, Date.parse(reply)) <= limitMs ? 'ok' : 'breach';
  if (f.status === 'abandoned') {
    // Left without a reply before the limit: excluded. Measured on the same clock as the limit.
    const end = f.closedAt === null ? nowMs : Date.parse(f.closedAt);
    return cal.workingTimeBetween(start, end) < limitMs ? 'excluded' : 'breach';
  }
  if (f.status === 'closed') return 'breach';
  return cal.workingTimeBetween(start, nowMs) > limitMs ? 'breach' : 'pending';
}

/**
 * Q-8.1-CHAT-RESPONSE for [fromIso, toIso): sessions whose first qualifying reply came within 5 min
 * (service-hours clock) / sessions started in the period, without those the customer abandoned before
 * 5 min without a reply. Sessions still waiting within the limit are pending.
 */
export function computeChatResponse(
  facts: readonly ChatFact[],
  cal: Calendar,
  fromIso: string,
  toIso: string,
  nowIso: string,
  limitMs = CHAT_REPLY_LIMIT_MS,
  target = 1,
): Indicator {
  const nowMs = Date.parse(nowIso);
  let ok = 0;
  let breach = 0;
  let pending = 0;
  let excluded = 0;
  let byBot = 0;
  const breaches: string[] = [];
  for (const f of facts) {
    if (f.startedAt < fromIso || f.startedAt >= toIso) continue;
    const o = chatOutcome(f, cal, nowMs, limitMs);
    if (o === 'ok') {
      ok++;
      if (f.firstReplyAt === null) byBot++;
    } else if (o === 'breach') {
      breach++;
      breaches.push(f.id);
    } else if (o === 'pending') pending++;
    else excluded++;
  }
  const denominator = ok + breach;
  const value = denominator === 0 ? null : ok / denominator;
  return {
    id: 'Q-8.1-CHAT-RESPONSE',
    value,
    numerator: ok,
    denominator,
    target,
    meets: value === null ? null : value >= target,
    pending,
    excluded,
    breaches,
    info: { limitMinutes: limitMs / 60_000, calendar: cal.id, resolvedByBot: byBot },
  };
}
