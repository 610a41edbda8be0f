import { Card, Empty, Typography } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';

/** Today's jobs. Jobs arrive with the dispatch module; until then, an honest empty state. */
export function JobsPage() {
  const { t } = useTranslation();
  return (
    <div>
      <Typography.Title level={4} style={{ marginTop: 4 }}>
        {t('tech.jobs.title')}
      </Typography.Title>
      <Typography.Text type="secondary">{dayjs().format('LL dddd')}</Typography.Text>
      <Card style={{ marginTop: 12 }}>
        <Empty description={<span data-testid="jobs-empty">{t('tech.jobs.empty')}</span>} />
      </Card>
    </div>
  );
}
