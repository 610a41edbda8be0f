import { ArrowLeftOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Card, Col, Descriptions, Flex, Grid, Result, Row, Skeleton, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { REQUEST_ROLES, REVEAL_ROLES } from '../../console/nav';
import { api } from '../../shared/api-client';
import { useAuth } from '../../shared/auth';
import { errorText, PageHeading, WarrantyTag } from '../../shared/components';
import { dash, formatDate, formatDateTime } from '../../shared/format';
import type { CustomerDetail, Unit } from '../../shared/types';
import { RevealableValue } from '../customers/RevealButton';
import { AttachmentThumbs } from './AttachmentThumbs';
import { useServiceRequest } from './api';
import { ClocksList } from './ClocksList';
import { RequestActions } from './RequestActions';
import { RequestTimeline } from './RequestTimeline';
import { ChannelText, StatusTag, TypeTag } from './tags';
import type { ServiceRequest } from './types';

function CustomerCard({ customerId }: { customerId: string }) {
  const { t } = useTranslation();
  const { hasRole } = useAuth();
  const q = useQuery({
    queryKey: ['customer', customerId],
    queryFn: ({ signal }) =>
      api.get<CustomerDetail>(`/api/v1/customers/${encodeURIComponent(customerId)}`, undefined, signal),
  });
  return (
    <Card size="small" title={t('requests.detail.customer')}>
      {q.isPending ? (
        <Skeleton active paragraph={{ rows: 2 }} />
      ) : q.error ? (
        <Typography.Text type="secondary">{errorText(q.error, t)}</Typography.Text>
      ) : (
        <Descriptions column={1} size="small" data-testid="request-customer">
          <Descriptions.Item label={t('customers.fields.name')}>
            <Space size={8} wrap>
              <Link to={`/customers/${q.data.id}`}>{q.data.name}</Link>
              <Tag>{q.data.number}</Tag>
            </Space>
          </Descriptions.Item>
          <Descriptions.Item label={t('customers.fields.phone')}>
            <RevealableValue
              customerId={q.data.id}
              field="phone"
              masked={q.data.phone}
              canReveal={hasRole(...REVEAL_ROLES)}
            />
          </Descriptions.Item>
          <Descriptions.Item label={t('customers.fields.address')}>
            <RevealableValue
              customerId={q.data.id}
              field="address"
              masked={q.data.address}
              canReveal={hasRole(...REVEAL_ROLES)}
            />
          </Descriptions.Item>
          <Descriptions.Item label={t('customers.fields.region')}>
            {dash([q.data.city, q.data.district].filter(Boolean).join(' '))}
          </Descriptions.Item>
        </Descriptions>
      )}
    </Card>
  );
}

function UnitCard({ unitId }: { unitId: string | null }) {
  const { t } = useTranslation();
  const q = useQuery({
    queryKey: ['unit', unitId],
    queryFn: ({ signal }) =>
      api.get<Unit>(`/api/v1/units/${encodeURIComponent(unitId ?? '')}`, undefined, signal),
    enabled: !!unitId,
  });
  return (
    <Card size="small" title={t('requests.detail.unit')}>
      {!unitId ? (
        <Typography.Text type="secondary">{t('requests.detail.noUnit')}</Typography.Text>
      ) : q.isPending ? (
        <Skeleton active paragraph={{ rows: 2 }} />
      ) : q.error ? (
        <Typography.Text type="secondary">{errorText(q.error, t)}</Typography.Text>
      ) : (
        <Descriptions column={1} size="small" data-testid="request-unit">
          <Descriptions.Item label={t('units.fields.serial')}>
            <Link to={`/units/${q.data.id}`}>{q.data.serial}</Link>
          </Descriptions.Item>
          <Descriptions.Item label={t('units.fields.model')}>
            {q.data.model.name} ({q.data.model.code})
          </Descriptions.Item>
          <Descriptions.Item label={t('units.fields.purchasedAt')}>
            {formatDate(q.data.purchasedAt)}
          </Descriptions.Item>
          <Descriptions.Item label={t('warranty.status.label')}>
            <WarrantyTag status={q.data.warranty?.status} />
          </Descriptions.Item>
        </Descriptions>
      )}
    </Card>
  );
}

function RequestInfo({ r }: { r: ServiceRequest }) {
  const { t } = useTranslation();
  return (
    <>
      <Descriptions column={{ xs: 1, sm: 2, md: 2, lg: 2, xl: 3, xxl: 3 }} size="small">
        <Descriptions.Item label={t('requests.fields.channel')}>
          <ChannelText channel={r.channel} />
        </Descriptions.Item>
        <Descriptions.Item label={t('requests.fields.receivedAt')}>
          {formatDateTime(r.receivedAt)}
        </Descriptions.Item>
        <Descriptions.Item label={t('requests.fields.type')}>
          <Space size={4} wrap>
            <TypeTag type={r.type} />
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t(`requests.typeSource.${r.typeSource}`, { defaultValue: r.typeSource })}
            </Typography.Text>
          </Space>
        </Descriptions.Item>
        {r.appointmentAt ? (
          <Descriptions.Item label={t('requests.fields.appointmentAt')}>
            {formatDateTime(r.appointmentAt)}
          </Descriptions.Item>
        ) : null}
        {r.resolvedAt ? (
          <Descriptions.Item label={t('requests.fields.resolvedAt')}>
            {formatDateTime(r.resolvedAt)}
            {r.firstContact ? (
              <Tag color="green" style={{ marginInlineStart: 8 }}>
                {t('requests.timeline.firstContact')}
              </Tag>
            ) : null}
          </Descriptions.Item>
        ) : null}
        {r.reopenCount > 0 ? (
          <Descriptions.Item label={t('requests.fields.reopenCount')}>{r.reopenCount}</Descriptions.Item>
        ) : null}
      </Descriptions>
      <div style={{ marginTop: 8 }}>
        <Typography.Text type="secondary">{t('requests.fields.description')}</Typography.Text>
      </div>
      <Typography.Paragraph
        style={{ margin: '4px 0 12px', whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}
        data-testid="request-description"
      >
        {r.description}
      </Typography.Paragraph>
      <AttachmentThumbs items={r.attachments} />
    </>
  );
}

/** One request: customer and product, the clocks, what to do next, and the timeline. */
export default function RequestDetailPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const { hasRole } = useAuth();
  const screens = Grid.useBreakpoint();
  const narrow = screens.lg === false || (screens.lg === undefined && window.innerWidth < 992);
  const q = useServiceRequest(id);
  if (q.isPending) return <Skeleton active />;
  if (q.error) {
    return (
      <Result
        status="warning"
        title={errorText(q.error, t)}
        extra={<Link to="/requests">{t('common.backToList')}</Link>}
      />
    );
  }
  const r = q.data;
  const handling = (
    <Card size="small" title={t('requests.detail.handling')}>
      <ClocksList sla={r.sla} />
      {hasRole(...REQUEST_ROLES) ? (
        <div style={{ marginTop: 16 }}>
          <RequestActions request={r} />
        </div>
      ) : null}
    </Card>
  );
  const request = (
    <Card size="small" title={t('requests.detail.request')}>
      <RequestInfo r={r} />
    </Card>
  );
  const timeline = (
    <Card size="small" title={t('requests.detail.timeline')}>
      <RequestTimeline requestId={r.id} staffView />
    </Card>
  );
  const customerAndUnit = (
    <Flex vertical gap={16}>
      <CustomerCard customerId={r.customerId} />
      <UnitCard unitId={r.unitId} />
    </Flex>
  );
  return (
    <div>
      <PageHeading
        back={
          <Link to="/requests" aria-label={t('common.backToList')}>
            <ArrowLeftOutlined />
          </Link>
        }
        title={<span data-testid="request-number">{r.number}</span>}
        tag={
          <Space size={0}>
            <TypeTag type={r.type} />
            <StatusTag status={r.status} paused={r.paused} />
          </Space>
        }
      />
      {/* Desktop: work on the left, who and what on the right. Phone: one column, customer before the log. */}
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={16}>
          <Flex vertical gap={16}>
            {handling}
            {request}
            {narrow ? customerAndUnit : null}
            {timeline}
          </Flex>
        </Col>
        {narrow ? null : (
          <Col xs={24} lg={8}>
            {customerAndUnit}
          </Col>
        )}
      </Row>
    </div>
  );
}
