// What an SSE stream sends: messages after the last one the client has, and session changes, driven by
// the chat bus and repaired by polling (a catch-up on every heartbeat, and every 2 s when notifications
// from other instances cannot arrive).
import type { AppDeps, Ctx } from '../app-deps';
import { chatBus } from './chat-bus';
import { type ChatMessageView, type ChatSessionView, chatSessionView } from './chat-view';
import { chatMessagesAfter, findChatSession } from './read-chats';

export type FeedItem =
  | { type: 'message'; message: ChatMessageView }
  | { type: 'session'; session: ChatSessionView }
  | { type: 'queue'; sessionId: string; status: string | null };

export interface ChatFeed {
  /** Look for changes now (heartbeats call this). */
  poll(): void;
  close(): void;
  /** Poll interval needed when the bus cannot deliver other instances' events, else null. */
  readonly fallbackPollMs: number | null;
}

const FALLBACK_POLL_MS = 2_000;

/**
 * The feed of one session for a caller who may see it (check with findChatSession first). Sends the
 * messages with seq > `after`, then every new message and each change of the session.
 */
export async function openSessionFeed(
  deps: AppDeps,
  ctx: Ctx,
  sessionId: string,
  after: number,
  send: (item: FeedItem) => void,
): Promise<ChatFeed> {
  let last = after;
  let lastState = '';
  let closed = false;
  let chain: Promise<void> = Promise.resolve();
  const catchUp = async () => {
    if (closed) return;
    const session = await findChatSession(deps, ctx, sessionId);
    const messages = await chatMessagesAfter(deps, sessionId, last);
    for (const m of messages) {
      if (closed) return;
      send({ type: 'message', message: m });
      last = m.seq;
    }
    const state = `${session.status}|${session.updated_at}|${session.agent_name ?? ''}`;
    if (state !== lastState && !closed) {
      lastState = state;
      send({ type: 'session', session: chatSessionView(session, { customerName: session.customer_name }) });
    }
  };
  const poll = () => {
    chain = chain.then(catchUp).catch(() => {});
  };
  const bus = chatBus(deps);
  const unsubscribe = await bus.subscribe((e) => {
    if (e.sessionId === sessionId) poll();
  });
  poll();
  await chain;
  return {
    poll,
    close() {
      closed = true;
      unsubscribe();
    },
    fallbackPollMs: bus.crossProcess ? null : FALLBACK_POLL_MS,
  };
}

/** The agents' queue feed: a nudge whenever any session starts or changes state. */
export async function openQueueFeed(deps: AppDeps, send: (item: FeedItem) => void): Promise<ChatFeed> {
  let closed = false;
  let lastSeen = '';
  const bus = chatBus(deps);
  const unsubscribe = await bus.subscribe((e) => {
    if (!closed && e.kind === 'session')
      send({ type: 'queue', sessionId: e.sessionId, status: e.status ?? null });
  });
  // Polling fallback: the newest change of any open session.
  const poll = () => {
    void deps.db
      .selectFrom('chat_sessions')
      .select(['id', 'status', 'updated_at'])
      .orderBy('updated_at', 'desc')
      .limit(1)
      .executeTakeFirst()
      .then((r) => {
        const key = r ? `${r.id}|${r.status}|${r.updated_at}` : '';
        if (lastSeen && key !== lastSeen && r && !closed)
          send({ type: 'queue', sessionId: r.id, status: r.status });
        lastSeen = key;
      })
      .catch(() => {});
  };
  poll();
  return {
    poll,
    close() {
      closed = true;
      unsubscribe();
    },
    fallbackPollMs: bus.crossProcess ? null : FALLBACK_POLL_MS,
  };
}
