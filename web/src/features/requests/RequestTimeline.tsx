import { Empty, Skeleton, Tag, Timeline, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../shared/components';
import { formatDateTime } from '../../shared/format';
import { useRequestEvents } from './api';
import type { RequestEvent } from './types';

const COLORS: Record<string, string> = {
  received: 'blue',
  responded: 'green',
  'appointment-agreed': 'green',
  paused: 'orange',
  resumed: 'blue',
  dispatched: 'cyan',
  arrived: 'cyan',
  resolved: 'green',
  accepted: 'green',
  closed: 'gray',
  reopened: 'red',
  cancelled: 'gray',
  reclassified: 'purple',
  note: 'gray',
};

function EventDetails({ e }: { e: RequestEvent }) {
  const { t } = useTranslation();
  const d = e.data ?? {};
  const parts: string[] = [];
  if (typeof d.arrivalAt === 'string')
    parts.push(t('requests.timeline.arrivalAt', { time: formatDateTime(d.arrivalAt) }));
  if (typeof d.firstContact === 'boolean')
    parts.push(d.firstContact ? t('requests.timeline.firstContact') : t('requests.timeline.notFirstContact'));
  if (typeof d.onTime === 'boolean')
    parts.push(
      d.onTime
        ? t('requests.timeline.onTime')
        : t('requests.timeline.late', { minutes: Number(d.deviationMinutes ?? 0) }),
    );
  if (typeof d.from === 'string' && typeof d.to === 'string')
    parts.push(
      `${t(`requests.type.${d.from}`, { defaultValue: d.from })} → ${t(`requests.type.${d.to}`, { defaultValue: d.to })}`,
    );
  if (e.type === 'received' && typeof d.channel === 'string')
    parts.push(t(`requests.channel.${d.channel}`, { defaultValue: d.channel }));
  if (typeof d.reason === 'string') parts.push(`${t('requests.timeline.reason')}: ${d.reason}`);
  if (typeof d.note === 'string') parts.push(d.note);
  if (parts.length === 0) return null;
  return (
    <div style={{ overflowWrap: 'anywhere' }}>
      {parts.map((p, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: a fixed list of parts of one event
        <div key={i}>
          <Typography.Text type="secondary">{p}</Typography.Text>
        </div>
      ))}
    </div>
  );
}

/** The request's event log, oldest first, as a timeline. `staffView` adds who recorded each event. */
export function RequestTimeline({
  requestId,
  staffView = false,
}: {
  requestId: string;
  staffView?: boolean;
}) {
  const { t } = useTranslation();
  const events = useRequestEvents(requestId);
  if (events.isPending) return <Skeleton active />;
  if (events.error) return <Typography.Text type="secondary">{errorText(events.error, t)}</Typography.Text>;
  if (events.data.items.length === 0) return <Empty description={t('common.noData')} />;
  return (
    <Timeline
      data-testid="request-timeline"
      items={events.data.items.map((e) => ({
        key: String(e.seq),
        color: COLORS[e.type] ?? 'blue',
        children: (
          <div data-testid="timeline-event" data-type={e.type}>
            <Typography.Text strong>
              {t(`requests.events.${e.type}`, { defaultValue: e.type })}
            </Typography.Text>
            <div>
              <Typography.Text type="secondary">{formatDateTime(e.at)}</Typography.Text>
              {staffView && e.actor ? <Tag style={{ marginInlineStart: 8 }}>{e.actor}</Tag> : null}
              {staffView && e.source && e.source !== 'user' ? (
                <Tag>{t(`requests.source.${e.source}`, { defaultValue: e.source })}</Tag>
              ) : null}
            </div>
            <EventDetails e={e} />
          </div>
        ),
      }))}
    />
  );
}
