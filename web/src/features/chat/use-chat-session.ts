import { useCallback, useEffect, useRef, useState } from 'react';
import { api } from '../../shared/api-client';
import type { ChatMessage, ChatSession, ChatSessionWithMessages } from './chat-types';

export type StreamState = 'connecting' | 'live' | 'reconnecting';

/** Write results carry no customer name; keep the one already shown. */
const keepName = (next: ChatSession) => (prev: ChatSession | null) => ({
  ...next,
  customerName: next.customerName ?? prev?.customerName,
});

function merge(list: ChatMessage[], more: ChatMessage[]): ChatMessage[] {
  const bySeq = new Map(list.map((m) => [m.seq, m]));
  for (const m of more) bySeq.set(m.seq, m);
  return [...bySeq.values()].sort((a, b) => a.seq - b.seq);
}

/**
 * One chat session, kept live: loads it, then follows its Server-Sent Events stream (EventSource sends the
 * session cookie and resumes with Last-Event-ID after a dropped connection).
 */
export function useChatSession(sessionId: string | null | undefined) {
  const [session, setSession] = useState<ChatSession | null>(null);
  const [messages, setMessages] = useState<ChatMessage[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [stream, setStream] = useState<StreamState>('connecting');
  const lastSeq = useRef(0);

  useEffect(() => {
    setSession(null);
    setMessages([]);
    setError(null);
    lastSeq.current = 0;
    if (!sessionId) return;
    let source: EventSource | null = null;
    let cancelled = false;
    setStream('connecting');
    api
      .get<ChatSessionWithMessages>(`/api/v1/chat/sessions/${sessionId}`)
      .then((data) => {
        if (cancelled) return;
        setSession(data.session);
        setMessages(data.messages);
        lastSeq.current = data.messages.at(-1)?.seq ?? 0;
        source = new EventSource(`/api/v1/chat/sessions/${sessionId}/stream?after=${lastSeq.current}`);
        source.onopen = () => setStream('live');
        source.onerror = () => setStream('reconnecting');
        source.addEventListener('message', (e) => {
          const m = JSON.parse((e as MessageEvent<string>).data) as ChatMessage;
          lastSeq.current = Math.max(lastSeq.current, m.seq);
          setMessages((list) => merge(list, [m]));
        });
        source.addEventListener('session', (e) => {
          setSession(keepName(JSON.parse((e as MessageEvent<string>).data) as ChatSession));
        });
      })
      .catch((err: unknown) => {
        if (!cancelled) setError(err);
      });
    return () => {
      cancelled = true;
      source?.close();
    };
  }, [sessionId]);

  const send = useCallback(
    async (text: string, opts: { requestHuman?: boolean } = {}) => {
      if (!sessionId) return;
      const r = await api.post<{ session: ChatSession; message: ChatMessage }>(
        `/api/v1/chat/sessions/${sessionId}/messages`,
        { text, ...(opts.requestHuman ? { requestHuman: true } : {}) },
      );
      setSession(keepName(r.session));
      setMessages((list) => merge(list, [r.message]));
    },
    [sessionId],
  );

  const close = useCallback(
    async (resolved?: boolean) => {
      if (!sessionId) return;
      const s = await api.post<ChatSession>(
        `/api/v1/chat/sessions/${sessionId}/close`,
        resolved === undefined ? {} : { resolved },
      );
      setSession(keepName(s));
    },
    [sessionId],
  );

  return { session, messages, error, stream, send, close };
}
