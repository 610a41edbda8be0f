import { Card, Empty, Skeleton, Timeline, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../shared/api-client';
import { errorText } from '../../shared/components';
import { formatDateTime } from '../../shared/format';
import type { UnitHistoryItem } from '../../shared/types';

/** What happened to a unit (installation, service requests, repairs…), newest as the server orders it. */
export function UnitHistory({ unitId }: { unitId: string }) {
  const { t } = useTranslation();
  const history = useQuery({
    queryKey: ['unit', unitId, 'history'],
    queryFn: ({ signal }) =>
      api.get<{ items: UnitHistoryItem[] }>(`/api/v1/units/${encodeURIComponent(unitId)}/history`, undefined, signal),
  });
  return (
    <Card size="small" title={t('units.history')}>
      {history.isPending ? (
        <Skeleton active />
      ) : history.error ? (
        <Typography.Text type="secondary">{errorText(history.error, t)}</Typography.Text>
      ) : history.data.items.length === 0 ? (
        <Empty description={t('units.noHistory')} />
      ) : (
        <Timeline
          items={history.data.items.map((h, i) => ({
            key: `${h.at}-${i}`,
            children: (
              <div>
                <Typography.Text strong>{h.title}</Typography.Text>
                <div>
                  <Typography.Text type="secondary">
                    {formatDateTime(h.at)} · {t(`units.historyKinds.${h.kind}`, { defaultValue: h.kind })}
                    {h.ref ? ` · ${h.ref}` : ''}
                  </Typography.Text>
                </div>
              </div>
            ),
          }))}
        />
      )}
    </Card>
  );
}
