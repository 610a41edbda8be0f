import { ArrowLeftOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Card,
  Col,
  Descriptions,
  Flex,
  Input,
  Modal,
  Result,
  Row,
  Skeleton,
  Steps,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { AttachmentThumbs } from '../../features/requests/AttachmentThumbs';
import { usePostEvent, useServiceRequest } from '../../features/requests/api';
import { allowedEvents } from '../../features/requests/lifecycle';
import { RequestTimeline } from '../../features/requests/RequestTimeline';
import { ChannelText, StatusTag, TypeTag } from '../../features/requests/tags';
import type { ServiceRequest } from '../../features/requests/types';
import { ErrorAlert, errorText, PageHeading } from '../../shared/components';
import { formatDateTime } from '../../shared/format';

/** The progress steps 受理 → 待派工 → 已派工 → 处理中 → 待验收 → 已完成 → 已关闭, with when each was reached. */
const STEPS: { status: ServiceRequest['status']; at: (r: ServiceRequest) => string | null }[] = [
  { status: 'received', at: (r) => r.receivedAt },
  { status: 'pending-dispatch', at: (r) => r.respondedAt },
  { status: 'dispatched', at: (r) => r.arrangedAt },
  { status: 'in-progress', at: (r) => r.arrivedAt },
  { status: 'pending-acceptance', at: (r) => r.resolvedAt },
  { status: 'completed', at: (r) => r.completedAt },
  { status: 'closed', at: (r) => r.closedAt },
];

function Progress({ r }: { r: ServiceRequest }) {
  const { t } = useTranslation();
  const cancelled = r.status === 'cancelled';
  let current = STEPS.findIndex((s) => s.status === r.status);
  if (current < 0) {
    // Cancelled: the last step that was reached.
    current = 0;
    STEPS.forEach((s, i) => {
      if (s.at(r)) current = i;
    });
  }
  return (
    <Steps
      size="small"
      direction="vertical"
      current={current}
      status={cancelled ? 'error' : current === STEPS.length - 1 ? 'finish' : 'process'}
      data-testid="request-progress"
      items={STEPS.map((s, i) => {
        const at = i <= current ? s.at(r) : null;
        return {
          title:
            cancelled && i === current
              ? `${t(`requests.status.${s.status}`)} · ${t('requests.status.cancelled')}`
              : t(`requests.status.${s.status}`),
          description: at ? formatDateTime(at) : undefined,
        };
      })}
    />
  );
}

/** My request: where it stands, what happened, cancel while still possible, confirm when done. */
export default function MyRequestDetailPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const { message } = App.useApp();
  const q = useServiceRequest(id);
  const post = usePostEvent(id);
  const [cancelling, setCancelling] = useState(false);
  const [reason, setReason] = useState('');
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
  const allowed = allowedEvents(r);
  const done = (key: string) => () => void message.success(t(key));

  return (
    <div>
      <PageHeading
        back={
          <Link to="/requests" aria-label={t('common.backToList')}>
            <ArrowLeftOutlined />
          </Link>
        }
        title={<span data-testid="request-number">{r.number}</span>}
        tag={<StatusTag status={r.status} />}
      />
      {!cancelling ? <ErrorAlert error={post.error} details={[]} /> : null}
      <Row gutter={[16, 16]}>
        <Col xs={24} md={10}>
          <Card size="small" title={t('portalRequests.detail.progress')}>
            <Progress r={r} />
            <Flex gap={8} wrap>
              {allowed.has('accepted') ? (
                <Button
                  type="primary"
                  loading={post.isPending}
                  onClick={() =>
                    post.mutate({ type: 'accepted' }, { onSuccess: done('portalRequests.detail.accepted') })
                  }
                  data-testid="portal-accept"
                >
                  {t('portalRequests.detail.accept')}
                </Button>
              ) : null}
              {allowed.has('cancelled') ? (
                <Button danger onClick={() => setCancelling(true)} data-testid="portal-cancel">
                  {t('portalRequests.detail.cancel')}
                </Button>
              ) : null}
            </Flex>
          </Card>
        </Col>
        <Col xs={24} md={14}>
          <Flex vertical gap={16}>
            <Card size="small" title={t('portalRequests.detail.request')}>
              <Descriptions column={1} size="small">
                <Descriptions.Item label={t('requests.fields.type')}>
                  <TypeTag type={r.type} />
                </Descriptions.Item>
                <Descriptions.Item label={t('requests.fields.channel')}>
                  <ChannelText channel={r.channel} />
                </Descriptions.Item>
                <Descriptions.Item label={t('requests.fields.receivedAt')}>
                  {formatDateTime(r.receivedAt)}
                </Descriptions.Item>
                {r.appointmentAt ? (
                  <Descriptions.Item label={t('requests.fields.appointmentAt')}>
                    <Typography.Text strong>{formatDateTime(r.appointmentAt)}</Typography.Text>
                  </Descriptions.Item>
                ) : null}
                <Descriptions.Item label={t('requests.fields.description')}>
                  <span style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>{r.description}</span>
                </Descriptions.Item>
              </Descriptions>
              <AttachmentThumbs items={r.attachments} />
            </Card>
            <Card size="small" title={t('portalRequests.detail.timeline')}>
              <RequestTimeline requestId={r.id} />
            </Card>
          </Flex>
        </Col>
      </Row>
      <Modal
        open={cancelling}
        title={t('portalRequests.detail.cancelTitle')}
        onCancel={() => setCancelling(false)}
        okText={t('portalRequests.detail.cancel')}
        cancelText={t('portalRequests.detail.keep')}
        okButtonProps={{ danger: true, loading: post.isPending }}
        onOk={() =>
          post.mutate(
            { type: 'cancelled', ...(reason.trim() ? { reason: reason.trim() } : {}) },
            {
              onSuccess: () => {
                setCancelling(false);
                done('portalRequests.detail.cancelled')();
              },
            },
          )
        }
      >
        {cancelling ? <ErrorAlert error={post.error} details={[]} /> : null}
        <Typography.Paragraph>{t('portalRequests.detail.cancelConfirm')}</Typography.Paragraph>
        <Input.TextArea
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          maxLength={500}
          autoSize={{ minRows: 2, maxRows: 4 }}
          placeholder={t('portalRequests.detail.cancelReason')}
          data-testid="portal-cancel-reason"
        />
      </Modal>
    </div>
  );
}
