import { Empty, Flex, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../shared/format';
import { SlaCountdown, useClockName } from './SlaCountdown';
import type { SlaClock } from './types';

/** Every SLA clock of a record: name, live countdown, deadline and when it was met. */
export function ClocksList({ sla }: { sla: Record<string, SlaClock> }) {
  const { t } = useTranslation();
  const clockName = useClockName();
  const entries = Object.entries(sla ?? {});
  if (entries.length === 0)
    return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('requests.sla.none')} />;
  return (
    <Flex vertical gap={10} data-testid="request-clocks">
      {entries.map(([name, c]) => (
        <div key={name}>
          <Flex justify="space-between" align="center" wrap gap={4}>
            <Typography.Text strong>{clockName(name)}</Typography.Text>
            <SlaCountdown name={name} clock={c} showName={false} />
          </Flex>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {c.dueAt ? `${t('requests.sla.dueAt')} ${formatDateTime(c.dueAt)}` : null}
            {c.metAt ? ` · ${t('requests.sla.metAt')} ${formatDateTime(c.metAt)}` : null}
            {` · ${t(`requests.calendars.${c.calendar}`, { defaultValue: c.calendar })}`}
            {c.pausable ? '' : ` · ${t('requests.sla.notPausable')}`}
          </Typography.Text>
        </div>
      ))}
    </Flex>
  );
}
