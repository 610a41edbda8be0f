import { PlusOutlined } from '@ant-design/icons';
import { Button, Card, Empty, Flex, Skeleton, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { StatusTag, TypeTag } from '../../features/requests/tags';
import type { ServiceRequest } from '../../features/requests/types';
import { ErrorAlert } from '../../shared/components';
import { formatDateTime } from '../../shared/format';
import { useCursorList } from '../../shared/use-cursor-list';

/** 我的服务: my requests, newest first (the server scopes the list to the logged-in customer). */
export default function MyRequestsPage() {
  const { t } = useTranslation();
  const list = useCursorList<ServiceRequest>(
    ['service-requests', 'mine'],
    '/api/v1/service-requests',
    {},
    20,
  );
  return (
    <div>
      <div className="page-toolbar">
        <Typography.Title level={4}>{t('portalRequests.list.title')}</Typography.Title>
        <Link to="/report">
          <Button type="primary" icon={<PlusOutlined />} data-testid="report-new">
            {t('portalRequests.report.title')}
          </Button>
        </Link>
      </div>
      <ErrorAlert error={list.error} />
      {list.isPending ? (
        <Skeleton active />
      ) : list.items.length === 0 ? (
        <Card>
          <Empty description={t('portalRequests.list.empty')} />
        </Card>
      ) : (
        <Flex vertical gap={12} data-testid="my-requests">
          {list.items.map((r) => (
            <Link key={r.id} to={`/requests/${r.id}`} data-testid="my-request">
              <Card hoverable size="small">
                <Flex justify="space-between" align="center" gap={8} wrap>
                  <Typography.Text strong data-testid="my-request-number">
                    {r.number}
                  </Typography.Text>
                  <Space size={0}>
                    <TypeTag type={r.type} />
                    <StatusTag status={r.status} />
                  </Space>
                </Flex>
                <Typography.Paragraph ellipsis={{ rows: 2 }} style={{ margin: '8px 0 4px' }}>
                  {r.description}
                </Typography.Paragraph>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t('requests.fields.receivedAt')} {formatDateTime(r.receivedAt)}
                </Typography.Text>
              </Card>
            </Link>
          ))}
        </Flex>
      )}
      {list.hasNextPage ? (
        <Button
          block
          style={{ marginTop: 16 }}
          loading={list.isFetchingNextPage}
          onClick={() => void list.fetchNextPage()}
        >
          {t('common.loadMore')}
        </Button>
      ) : null}
    </div>
  );
}
