import { ArrowLeftOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Card, Col, Descriptions, Result, Row, Skeleton } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { UnitHistory } from '../features/units/UnitHistory';
import { WarrantyCard } from '../features/units/WarrantyCard';
import { api } from '../shared/api-client';
import { errorText, PageHeading } from '../shared/components';
import { dash, formatDate } from '../shared/format';
import type { Unit } from '../shared/types';

export function ProductDetailPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const unit = useQuery({
    queryKey: ['unit', id],
    queryFn: ({ signal }) => api.get<Unit>(`/api/v1/units/${encodeURIComponent(id)}`, undefined, signal),
  });
  if (unit.isPending) return <Skeleton active />;
  if (unit.error) {
    return (
      <Result
        status="warning"
        title={errorText(unit.error, t)}
        extra={<Link to="/">{t('common.backToList')}</Link>}
      />
    );
  }
  const u = unit.data;
  return (
    <div>
      <PageHeading
        back={
          <Link to="/" aria-label={t('common.backToList')}>
            <ArrowLeftOutlined />
          </Link>
        }
        title={u.model.name}
      />
      <Row gutter={[16, 16]}>
        <Col xs={24} md={12}>
          <Card size="small" title={t('portal.products.detail')}>
            <Descriptions column={1} size="small">
              <Descriptions.Item label={t('units.fields.serial')}>{u.serial}</Descriptions.Item>
              <Descriptions.Item label={t('units.fields.model')}>{u.model.code}</Descriptions.Item>
              <Descriptions.Item label={t('units.fields.category')}>
                {dash(u.model.category)}
              </Descriptions.Item>
              <Descriptions.Item label={t('units.fields.purchasedAt')}>
                {formatDate(u.purchasedAt)}
              </Descriptions.Item>
              <Descriptions.Item label={t('units.fields.installedAt')}>
                {formatDate(u.installedAt)}
              </Descriptions.Item>
            </Descriptions>
          </Card>
        </Col>
        <Col xs={24} md={12}>
          <WarrantyCard warranty={u.warranty} />
        </Col>
        <Col xs={24}>
          <UnitHistory unitId={u.id} />
        </Col>
      </Row>
    </div>
  );
}
