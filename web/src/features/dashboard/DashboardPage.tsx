import { useQuery } from '@tanstack/react-query';
import { Alert, Card, Col, Flex, Row, Skeleton, Statistic, Typography } from 'antd';
import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../shared/api-client';
import { useAuth } from '../../shared/auth';
import { errorText, WarrantyTag } from '../../shared/components';
import type { StatsOverview } from '../../shared/types';

// ECharts is large: loaded only when the dashboard draws its chart.
const CategoryChart = lazy(() => import('./CategoryChart'));

export default function DashboardPage() {
  const { t } = useTranslation();
  const { user } = useAuth();
  const stats = useQuery({
    queryKey: ['stats', 'overview'],
    queryFn: ({ signal }) => api.get<StatsOverview>('/api/v1/stats/overview', undefined, signal),
  });

  return (
    <div>
      <div className="page-toolbar">
        <Typography.Title level={4}>{t('dashboard.title')}</Typography.Title>
        <Typography.Text type="secondary">
          {t('dashboard.welcome', { name: user?.displayName || user?.username })}
        </Typography.Text>
      </div>
      {stats.error ? (
        <Alert type="warning" showIcon message={errorText(stats.error, t)} style={{ marginBottom: 16 }} />
      ) : null}
      <Row gutter={[16, 16]}>
        <Col xs={12} md={6}>
          <Card size="small">
            <Statistic
              title={t('dashboard.customers')}
              value={stats.data?.customers ?? 0}
              loading={stats.isPending}
            />
          </Card>
        </Col>
        <Col xs={12} md={6}>
          <Card size="small">
            <Statistic
              title={t('dashboard.units')}
              value={stats.data?.units ?? 0}
              loading={stats.isPending}
            />
          </Card>
        </Col>
        <Col xs={24} md={12}>
          <Card size="small" title={t('dashboard.unitsByWarranty')} styles={{ body: { minHeight: 62 } }}>
            {stats.isPending ? (
              <Skeleton active paragraph={false} />
            ) : (
              <Flex wrap gap={12}>
                {(stats.data?.unitsByWarranty ?? []).map((w) => (
                  <span key={w.status}>
                    <WarrantyTag status={w.status} />
                    <Typography.Text strong>{w.count}</Typography.Text>
                  </span>
                ))}
                {(stats.data?.unitsByWarranty ?? []).length === 0 ? (
                  <Typography.Text type="secondary">{t('common.noData')}</Typography.Text>
                ) : null}
              </Flex>
            )}
          </Card>
        </Col>
        <Col xs={24}>
          <Card size="small" title={t('dashboard.unitsByCategory')}>
            {stats.isPending ? (
              <Skeleton active />
            ) : (
              <Suspense fallback={<Skeleton active />}>
                <CategoryChart data={stats.data?.unitsByCategory ?? []} />
              </Suspense>
            )}
          </Card>
        </Col>
      </Row>
    </div>
  );
}
