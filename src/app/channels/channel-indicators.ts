import type { Calendar } from '../../domain/calendar';
import {
  type CallDirection,
  type CallDisposition,
  type ChatStatus,
  computeChatResponse,
  computeHotline15s,
  computeHotlineHours,
  staffedTimeByDay,
} from '../../domain/channels';
import type { Indicator } from '../../domain/kpis/sla-indicators';
import type { AppDeps } from '../app-deps';
import { loadChannelSettings } from './channel-settings';

/**
 * The three 8.1 indicators for local dates [from, to) = instants [fromIso, toIso), as seen at `nowIso`:
 * Q-8.1-HOTLINE-15S from call records, Q-8.1-HOTLINE-HOURS from agent sessions on the hotline calendar,
 * Q-8.1-CHAT-RESPONSE from chat sessions on the chat calendar.
 */
export async function computeChannelIndicators(
  deps: AppDeps,
  calendars: (id: string) => Calendar,
  period: { from: string; to: string; fromIso: string; toIso: string },
  nowIso: string,
): Promise<Indicator[]> {
  const settings = await loadChannelSettings(deps);
  const { fromIso, toIso } = period;
  const [calls, sessions, chats] = await Promise.all([
    deps.db
      .selectFrom('call_records')
      .select(['id', 'direction', 'queued_at', 'answered_at', 'ended_at', 'disposition', 'in_service_hours'])
      .where('queued_at', '>=', fromIso)
      .where('queued_at', '<', toIso)
      .execute(),
    deps.db
      .selectFrom('agent_sessions')
      .select(['agent', 'login_at', 'logout_at'])
      .where('login_at', '<', toIso)
      .where((eb) => eb.or([eb('logout_at', 'is', null), eb('logout_at', '>', fromIso)]))
      .execute(),
    deps.db
      .selectFrom('chat_sessions')
      .select([
        'id',
        'status',
        'started_at',
        'first_reply_at',
        'first_bot_reply_at',
        'resolved_by_bot',
        'closed_at',
      ])
      .where('started_at', '>=', fromIso)
      .where('started_at', '<', toIso)
      .execute(),
  ]);
  const hotline15s = computeHotline15s(
    calls.map((c) => ({
      id: c.id,
      direction: c.direction as CallDirection,
      queuedAt: c.queued_at,
      answeredAt: c.answered_at,
      endedAt: c.ended_at,
      disposition: c.disposition as CallDisposition,
      inServiceHours: c.in_service_hours === 1,
    })),
    fromIso,
    toIso,
    settings.hotline,
  );
  const hotlineHours = computeHotlineHours(
    staffedTimeByDay(
      sessions.map((s) => ({ agent: s.agent, loginAt: s.login_at, logoutAt: s.logout_at })),
      calendars(settings.hotline.calendar),
      period.from,
      period.to,
      Date.parse(nowIso),
    ),
    settings.hotline.minStaffedHours,
  );
  const chat = computeChatResponse(
    chats.map((c) => ({
      id: c.id,
      status: c.status as ChatStatus,
      startedAt: c.started_at,
      firstReplyAt: c.first_reply_at,
      firstBotReplyAt: c.first_bot_reply_at,
      resolvedByBot: c.resolved_by_bot === 1,
      closedAt: c.closed_at,
    })),
    calendars(settings.chat.calendar),
    fromIso,
    toIso,
    nowIso,
    settings.chat.replyMinutes * 60_000,
  );
  const version = { settingsVersion: settings.version };
  return [
    { ...hotline15s, info: { ...hotline15s.info, calendar: settings.hotline.calendar, ...version } },
    { ...hotlineHours, info: { ...hotlineHours.info, calendar: settings.hotline.calendar, ...version } },
    { ...chat, info: { ...chat.info, ...version } },
  ];
}
