/** Live chat shapes of /api/v1/chat (the server decides everything; the UI only shows it). */
export type ChatStatus = 'waiting' | 'active' | 'closed' | 'abandoned';
export type ChatAuthor = 'customer' | 'agent' | 'bot';

export interface ChatSession {
  id: string;
  number: string;
  customerId: string;
  customerName?: string;
  status: ChatStatus;
  startedAt: string;
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
  preview?: string;
}

export interface ChatMessage {
  id: string;
  sessionId: string;
  seq: number;
  author: ChatAuthor;
  authorName: string;
  text: string;
  at: string;
}

export interface ChatSessionWithMessages {
  session: ChatSession;
  messages: ChatMessage[];
}

export const isOpenChat = (s: Pick<ChatSession, 'status'> | null | undefined): boolean =>
  s?.status === 'waiting' || s?.status === 'active';
