import { useQuery } from '@tanstack/react-query';
import { Card, Empty, Skeleton, Timeline, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../../shared/api-client';
import { errorText } from '../../shared/components';
import { formatDate, formatDateTime } from '../../shared/format';
import type { UnitHistoryItem } from '../../shared/types';

const KIND_COLORS: Record<string, string> = {
  registered: 'gray',
  purchase: 'green',
  installed: 'green',
  complaint: 'red',
  iot: 'orange',
};

/** What happened to a unit (installation, service requests, repairs…), newest as the server orders it. */
export function UnitHistory({ unitId }: { unitId: string }) {
  const { t } = useTranslation();
  const history = useQuery({
    queryKey: ['unit', unitId, 'history'],
    queryFn: ({ signal }) =>
      api.get<{ items: UnitHistoryItem[] }>(
        `/api/v1/units/${encodeURIComponent(unitId)}/history`,
        undefined,
        signal,
      ),
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
            color: KIND_COLORS[h.kind] ?? 'blue',
            children: (
              <div>
                <Typography.Text strong>{h.title}</Typography.Text>
                <div>
                  <Typography.Text type="secondary">
                    {h.at.length === 10 ? formatDate(h.at) : formatDateTime(h.at)}
                    {h.ref && h.ref !== unitId ? ` · ${h.ref}` : ''}
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
