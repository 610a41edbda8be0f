import {
  CheckCircleOutlined,
  ClockCircleOutlined,
  ExclamationCircleOutlined,
  MinusCircleOutlined,
  PauseCircleOutlined,
} from '@ant-design/icons';
import { Tag, Tooltip } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../shared/format';
import { useNow } from './ticker';
import type { ServiceRequest, SlaClock } from './types';

export type ClockTone = 'ok' | 'warn' | 'breached' | 'paused' | 'met' | 'late' | 'excluded' | 'none';

/** The tone of a clock right now: green until warnAt, amber after, red once the deadline has passed. */
export function clockTone(c: SlaClock, now: number): ClockTone {
  if (c.excluded) return 'excluded';
  if (c.metAt) return c.status === 'breached' ? 'late' : 'met';
  if (c.status === 'paused' || c.dueAt === null) return 'paused';
  const due = Date.parse(c.dueAt);
  if (c.status === 'breached' || now > due) return 'breached';
  if (c.warnAt && now >= Date.parse(c.warnAt)) return 'warn';
  return 'ok';
}

/** 1天 02:03:04 / 02:03:04 / 03:04 */
export function formatDuration(ms: number, dayLabel: string): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const days = Math.floor(total / 86_400);
  const h = Math.floor((total % 86_400) / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const pad = (n: number) => String(n).padStart(2, '0');
  const hms = h > 0 || days > 0 ? `${pad(h)}:${pad(m)}:${pad(s)}` : `${pad(m)}:${pad(s)}`;
  return days > 0 ? `${days}${dayLabel} ${hms}` : hms;
}

const TAG_COLOR: Record<ClockTone, string> = {
  ok: 'success',
  warn: 'warning',
  breached: 'error',
  paused: 'processing',
  met: 'default',
  late: 'error',
  excluded: 'default',
  none: 'default',
};

const ICON: Record<ClockTone, ReactNode> = {
  ok: <ClockCircleOutlined />,
  warn: <ClockCircleOutlined />,
  breached: <ExclamationCircleOutlined />,
  paused: <PauseCircleOutlined />,
  met: <CheckCircleOutlined />,
  late: <ExclamationCircleOutlined />,
  excluded: <MinusCircleOutlined />,
  none: <MinusCircleOutlined />,
};

/** The clock's name as people say it (响应 / 预约 / 安排 …). */
export function useClockName() {
  const { t } = useTranslation();
  return (name: string) => t(`requests.clocks.${name}`, { defaultValue: name });
}

/** A live countdown to the clock's deadline (ticks every second). */
export function SlaCountdown({
  name,
  clock,
  showName = true,
}: {
  name: string;
  clock: SlaClock;
  showName?: boolean;
}) {
  const { t } = useTranslation();
  const now = useNow();
  const clockName = useClockName();
  const tone = clockTone(clock, now);
  const day = t('requests.sla.day');
  let text: string;
  switch (tone) {
    case 'ok':
    case 'warn':
      text = t('requests.sla.remaining', { time: formatDuration(Date.parse(clock.dueAt!) - now, day) });
      break;
    case 'breached':
      text = t('requests.sla.overdue', { time: formatDuration(now - Date.parse(clock.dueAt!), day) });
      break;
    case 'paused':
      text = t('requests.sla.pausedRemaining', { time: formatDuration(clock.remainingMs ?? 0, day) });
      break;
    case 'met':
      text = t('requests.sla.met');
      break;
    case 'late':
      text = t('requests.sla.metLate');
      break;
    default:
      text = t('requests.sla.excluded');
  }
  const tip = [
    clock.dueAt ? `${t('requests.sla.dueAt')}: ${formatDateTime(clock.dueAt)}` : null,
    clock.metAt ? `${t('requests.sla.metAt')}: ${formatDateTime(clock.metAt)}` : null,
    `${t('requests.sla.calendar')}: ${t(`requests.calendars.${clock.calendar}`, { defaultValue: clock.calendar })}`,
  ]
    .filter(Boolean)
    .join('\n');
  return (
    <Tooltip title={<span style={{ whiteSpace: 'pre-line' }}>{tip}</span>}>
      <Tag
        color={TAG_COLOR[tone]}
        icon={ICON[tone]}
        data-testid="sla-countdown"
        data-tone={tone}
        data-clock={name}
        style={{ fontVariantNumeric: 'tabular-nums', marginInlineEnd: 4, whiteSpace: 'nowrap' }}
      >
        {showName ? `${clockName(name)} ` : null}
        {text}
      </Tag>
    </Tooltip>
  );
}

/** The clock that matters most now: the earliest deadline still open, else a paused one. */
export function mostUrgentClock(r: Pick<ServiceRequest, 'sla'>): [string, SlaClock] | null {
  const entries = Object.entries(r.sla ?? {}).filter(([, c]) => !c.metAt && !c.excluded);
  const timed = entries
    .filter(([, c]) => c.dueAt)
    .sort((a, b) => Date.parse(a[1].dueAt!) - Date.parse(b[1].dueAt!));
  return timed[0] ?? entries[0] ?? null;
}
