import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { RequestStatus, RequestType } from './types';

const STATUS_COLOR: Record<string, string> = {
  received: 'blue',
  'pending-dispatch': 'gold',
  dispatched: 'cyan',
  'in-progress': 'processing',
  'pending-acceptance': 'purple',
  completed: 'green',
  closed: 'default',
  cancelled: 'default',
};

const TYPE_COLOR: Record<string, string> = {
  emergency: 'red',
  repair: 'volcano',
  installation: 'geekblue',
  maintenance: 'cyan',
  consultation: 'blue',
  return: 'magenta',
};

export function StatusTag({ status, paused }: { status: RequestStatus | string; paused?: boolean }) {
  const { t } = useTranslation();
  return (
    <span style={{ whiteSpace: 'nowrap' }}>
      <Tag color={STATUS_COLOR[status] ?? 'default'} data-testid="request-status" data-status={status}>
        {t(`requests.status.${status}`, { defaultValue: status })}
      </Tag>
      {paused ? <Tag color="orange">{t('requests.pausedTag')}</Tag> : null}
    </span>
  );
}

export function TypeTag({ type }: { type: RequestType | string }) {
  const { t } = useTranslation();
  return (
    <Tag color={TYPE_COLOR[type] ?? 'default'} data-testid="request-type">
      {t(`requests.type.${type}`, { defaultValue: type })}
    </Tag>
  );
}

export function ChannelText({ channel }: { channel: string }) {
  const { t } = useTranslation();
  return <>{t(`requests.channel.${channel}`, { defaultValue: channel })}</>;
}
