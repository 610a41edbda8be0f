// Intake channels (8.1): hotline call records and agent sessions from the PBX/ACD, channel settings, and
// live chat between the customer portal and the agent console, with Server-Sent Events streams.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AppDeps, Ctx } from '../../app/app-deps';
import { agentSessionInput, recordAgentSession } from '../../app/channels/agent-sessions';
import {
  channelSettingsInput,
  loadChannelSettings,
  updateChannelSettings,
} from '../../app/channels/channel-settings';
import { type ChatFeed, type FeedItem, openQueueFeed, openSessionFeed } from '../../app/channels/chat-feed';
import {
  chatMessageInput,
  closeChat,
  closeChatInput,
  linkChatInput,
  linkChatToRequest,
  postChatMessage,
  startChat,
  startChatInput,
} from '../../app/channels/chat-sessions';
import { CALL_IMPORT_FORMATS, importCallRecords } from '../../app/channels/import-calls';
import { listCalls, listCallsQuery } from '../../app/channels/list-calls';
import {
  chatMessagesQuery,
  findChatSession,
  getChatSession,
  listChatSessions,
  listChatsQuery,
} from '../../app/channels/read-chats';
import { AppError } from '../../app/shared/app-error';
import { parseOrThrow } from '../../app/shared/validate';
import { defineRoutes, needs } from '../route-def';

const idParams = z.object({ id: z.string() });

const callImportQuery = z.object({
  format: z.enum(CALL_IMPORT_FORMATS).default('generic'),
  dryRun: z.enum(['true', 'false', '1', '0']).optional(),
  /** Comma-separated Asterisk dcontexts that are agent queues (besides lastapp=Queue). */
  queueContext: z.string().max(500).optional(),
});

const streamQuery = z.object({ after: z.coerce.number().int().min(0).optional() });

const noFile = () =>
  AppError.validation([
    { path: 'file', message: { zh: '请上传文件（字段 file）', en: 'Upload a file in field "file"' } },
  ]);

async function uploadedFile(request: FastifyRequest): Promise<{ buffer: Buffer; filename: string }> {
  if (!request.isMultipart()) throw noFile();
  const part = await request.file().catch(() => undefined);
  if (!part) throw noFile();
  const buffer = await part.toBuffer().catch((err: { code?: string }) => {
    if (err.code === 'FST_REQ_FILE_TOO_LARGE') throw AppError.of('PAYLOAD_TOO_LARGE', 'PAYLOAD_TOO_LARGE');
    throw AppError.validation([
      { path: 'file', message: { zh: '上传不完整或格式错误', en: 'The upload is incomplete or malformed' } },
    ]);
  });
  return { buffer, filename: part.filename };
}

export const SSE_HEARTBEAT_MS = 15_000;

/** EventSource sends `Accept: text/event-stream`; anything else gets a 400 instead of an endless body. */
function requireEventStream(request: FastifyRequest): void {
  const accept = request.headers.accept;
  if (typeof accept !== 'string' || !accept.includes('text/event-stream'))
    throw AppError.validation([
      {
        path: 'accept',
        message: {
          zh: '此接口是事件流，请求头须包含 Accept: text/event-stream',
          en: 'This is an event stream: send Accept: text/event-stream',
        },
      },
    ]);
}

function lastEventId(request: FastifyRequest, after: number | undefined): number {
  const header = Number(request.headers['last-event-id']);
  return Math.max(Number.isInteger(header) && header >= 0 ? header : 0, after ?? 0);
}

function frame(item: FeedItem): string {
  switch (item.type) {
    case 'message':
      return `id: ${item.message.seq}\nevent: message\ndata: ${JSON.stringify(item.message)}\n\n`;
    case 'session':
      return `event: session\ndata: ${JSON.stringify(item.session)}\n\n`;
    default:
      return `event: queue\ndata: ${JSON.stringify({ sessionId: item.sessionId, status: item.status })}\n\n`;
  }
}

/**
 * Writes a Server-Sent Events response on the raw socket: a comment heartbeat every 15 s (which also
 * triggers a catch-up), cleanup when the client goes away, and an end when the server stops listening so
 * that a graceful shutdown does not wait for open streams (clients reconnect to another instance).
 */
async function serveEvents(
  request: FastifyRequest,
  reply: FastifyReply,
  open: (send: (item: FeedItem) => void) => Promise<ChatFeed>,
): Promise<void> {
  reply.hijack();
  const res = reply.raw;
  const socket = request.raw.socket;
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
    'x-request-id': request.id,
  });
  res.write('retry: 3000\n\n');
  let ended = false;
  let feed: ChatFeed | null = null;
  const timers: NodeJS.Timeout[] = [];
  const end = (opts: { closeConnection?: boolean } = {}) => {
    if (ended) return;
    ended = true;
    for (const t of timers) clearInterval(t);
    feed?.close();
    // On shutdown the keep-alive connection must go too, or the server would wait for it to idle out.
    if (!res.writableEnded) res.end(opts.closeConnection ? () => socket.destroy() : undefined);
    else if (opts.closeConnection) socket.destroy();
  };
  request.raw.on('close', () => end());
  res.on('close', () => end());
  res.on('error', () => end());
  const send = (item: FeedItem) => {
    if (!ended) res.write(frame(item));
  };
  try {
    feed = await open(send);
  } catch {
    end({ closeConnection: true });
    return;
  }
  if (ended) {
    feed.close();
    return;
  }
  const live = feed;
  timers.push(
    setInterval(() => {
      if (ended) return;
      res.write(': heartbeat\n\n');
      live.poll();
    }, SSE_HEARTBEAT_MS),
  );
  if (live.fallbackPollMs) timers.push(setInterval(() => live.poll(), live.fallbackPollMs));
  const server = request.server.server;
  if (server.listening)
    timers.push(setInterval(() => !server.listening && end({ closeConnection: true }), 1_000));
  for (const t of timers) t.unref();
}

async function sessionStream(
  deps: AppDeps,
  ctx: Ctx,
  id: string,
  request: FastifyRequest,
  reply: FastifyReply,
) {
  const q = parseOrThrow(streamQuery, request.query ?? {});
  await findChatSession(deps, ctx, id); // 404 for someone else's session, before anything is streamed
  requireEventStream(request);
  const after = lastEventId(request, q.after);
  await serveEvents(request, reply, (send) => openSessionFeed(deps, ctx, id, after, send));
}

export const channelsRoutes = defineRoutes([
  {
    method: 'POST',
    url: '/api/v1/calls/import',
    summary:
      'Import hotline call records (Asterisk Master.csv or generic CSV) or agent sessions; dry run, row-level errors, all-or-nothing, de-duplicated by the PBX id / 导入话单',
    tags: ['channels'],
    access: needs('calls:import'),
    multipart: true,
    query: callImportQuery,
    async handler({ deps, ctx, query, request }) {
      const q = parseOrThrow(callImportQuery, query);
      const file = await uploadedFile(request);
      const report = await importCallRecords(deps, ctx, file, {
        format: q.format,
        dryRun: q.dryRun === 'true' || q.dryRun === '1',
        queueContexts: q.queueContext
          ?.split(',')
          .map((s) => s.trim())
          .filter(Boolean),
      });
      return { body: report };
    },
  },
  {
    method: 'POST',
    url: '/api/v1/calls/agent-sessions',
    summary: 'Record an agent login/logout at the ACD (staffed hours, Q-8.1-HOTLINE-HOURS) / 坐席签入签出',
    tags: ['channels'],
    access: needs('calls:import'),
    body: agentSessionInput,
    response: { status: 201 },
    async handler({ deps, ctx, body }) {
      const r = await recordAgentSession(deps, ctx, body);
      return { status: r.created ? 201 : 200, body: r.session };
    },
  },
  {
    method: 'GET',
    url: '/api/v1/calls',
    summary: 'Hotline call records, callers masked / 热线话单',
    tags: ['channels'],
    access: needs('calls:read'),
    query: listCallsQuery,
    async handler({ deps, ctx, query }) {
      return { body: await listCalls(deps, ctx, query) };
    },
  },
  {
    method: 'GET',
    url: '/api/v1/channels/settings',
    summary: 'Settings of the 8.1 channel indicators (calendars, limits, short-abandon rule) / 渠道指标设置',
    tags: ['channels'],
    access: needs('kpis:read'),
    async handler({ deps }) {
      return { body: await loadChannelSettings(deps) };
    },
  },
  {
    method: 'PUT',
    url: '/api/v1/channels/settings',
    summary: 'Change the channel indicator settings (versioned, audited) / 修改渠道指标设置',
    tags: ['channels'],
    access: needs('sla:admin'),
    body: channelSettingsInput,
    async handler({ deps, ctx, body }) {
      return { body: await updateChannelSettings(deps, ctx, body) };
    },
  },
  {
    method: 'POST',
    url: '/api/v1/chat/sessions',
    summary:
      'A customer starts a live chat with its first message (the 5-minute clock starts) / 发起在线客服',
    tags: ['chat'],
    access: needs('chat:use'),
    body: startChatInput,
    response: { status: 201 },
    async handler({ deps, ctx, body }) {
      return { status: 201, body: await startChat(deps, ctx, body) };
    },
  },
  {
    method: 'GET',
    url: '/api/v1/chat/sessions',
    summary: 'Chat sessions: the queue and all sessions for agents, their own for customers / 在线客服会话',
    tags: ['chat'],
    access: needs('chat:use'),
    query: listChatsQuery,
    async handler({ deps, ctx, query }) {
      return { body: await listChatSessions(deps, ctx, query) };
    },
  },
  {
    method: 'GET',
    url: '/api/v1/chat/sessions/:id',
    summary: 'A chat session with its messages / 会话详情',
    tags: ['chat'],
    access: needs('chat:use'),
    params: idParams,
    query: chatMessagesQuery,
    async handler({ deps, ctx, params, query }) {
      return { body: await getChatSession(deps, ctx, params.id, query) };
    },
  },
  {
    method: 'POST',
    url: '/api/v1/chat/sessions/:id/messages',
    summary: "Send a message; an agent's first reply records the first-reply time / 发送消息",
    tags: ['chat'],
    access: needs('chat:use'),
    params: idParams,
    body: chatMessageInput,
    response: { status: 201 },
    async handler({ deps, ctx, params, body }) {
      return { status: 201, body: await postChatMessage(deps, ctx, params.id, body) };
    },
  },
  {
    method: 'POST',
    url: '/api/v1/chat/sessions/:id/close',
    summary: 'End a chat (customer: abandoned / resolved; agent: closed) / 结束会话',
    tags: ['chat'],
    access: needs('chat:use'),
    params: idParams,
    body: closeChatInput,
    async handler({ deps, ctx, params, body }) {
      return { body: await closeChat(deps, ctx, params.id, body) };
    },
  },
  {
    method: 'POST',
    url: '/api/v1/chat/sessions/:id/link',
    summary: 'Link a chat to the service request it led to / 关联服务请求',
    tags: ['chat'],
    access: needs('chat:agent'),
    params: idParams,
    body: linkChatInput,
    async handler({ deps, ctx, params, body }) {
      return { body: await linkChatToRequest(deps, ctx, params.id, body) };
    },
  },
  {
    method: 'GET',
    url: '/api/v1/chat/sessions/:id/stream',
    summary:
      'Live events of a chat session (Server-Sent Events: message, session; heartbeat every 15 s; Last-Event-ID resumes) / 会话实时事件流',
    tags: ['chat'],
    access: needs('chat:use'),
    params: idParams,
    query: streamQuery,
    async handler({ deps, ctx, params, request, reply }) {
      await sessionStream(deps, ctx, params.id, request, reply);
      return undefined;
    },
  },
  {
    method: 'GET',
    url: '/api/v1/chat/queue/stream',
    summary: 'Live queue events for agents (Server-Sent Events: queue) / 排队实时事件流',
    tags: ['chat'],
    access: needs('chat:agent'),
    async handler({ deps, request, reply }) {
      requireEventStream(request);
      await serveEvents(request, reply, (send) => openQueueFeed(deps, send));
      return undefined;
    },
  },
]);
