import { SearchOutlined } from '@ant-design/icons';
import {
  Button,
  Card,
  Col,
  DatePicker,
  Form,
  Input,
  Row,
  Table,
  type TableColumnsType,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Query } from '../../shared/api-client';
import { ErrorAlert, JsonView, LoadMoreFooter } from '../../shared/components';
import { dash, formatDateTime } from '../../shared/format';
import type { AuditRecord } from '../../shared/types';
import { useCursorList } from '../../shared/use-cursor-list';
import { useIsMobile } from '../../shared/use-is-mobile';

interface Filters {
  entity?: string;
  action?: string;
  actor?: string;
  range?: [Dayjs | null, Dayjs | null] | null;
}

export default function AuditPage() {
  const { t } = useTranslation();
  const isMobile = useIsMobile();
  const [query, setQuery] = useState<Query>({});
  const list = useCursorList<AuditRecord>(['audit'], '/api/v1/audit', query, 50);

  const apply = (f: Filters) => {
    const [from, to] = f.range ?? [null, null];
    setQuery({
      entity: f.entity?.trim(),
      action: f.action?.trim(),
      actor: f.actor?.trim(),
      // DATE in the deployment's zone; `from` inclusive, `to` exclusive (the day after the picked end).
      from: from ? from.format('YYYY-MM-DD') : undefined,
      to: to ? to.add(1, 'day').format('YYYY-MM-DD') : undefined,
    });
  };

  const columns: TableColumnsType<AuditRecord> = [
    { title: '#', dataIndex: 'seq', width: 70 },
    { title: t('audit.fields.at'), dataIndex: 'at', render: formatDateTime },
    { title: t('audit.fields.actor'), dataIndex: 'actor', render: dash },
    { title: t('audit.fields.action'), dataIndex: 'action' },
    { title: t('audit.fields.entity'), dataIndex: 'entity' },
    { title: t('audit.fields.entityId'), dataIndex: 'entityId', render: dash },
    { title: t('audit.fields.ip'), dataIndex: 'ip', render: dash },
    { title: t('audit.fields.requestId'), dataIndex: 'requestId', render: dash },
  ];

  return (
    <div>
      <div className="page-toolbar">
        <Typography.Title level={4}>{t('audit.title')}</Typography.Title>
      </div>
      <Card size="small" style={{ marginBottom: 16 }}>
        <Form<Filters> layout="vertical" onFinish={apply}>
          <Row gutter={12}>
            <Col xs={24} sm={12} lg={4}>
              <Form.Item name="entity" label={t('audit.fields.entity')}>
                <Input allowClear placeholder="customer" />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12} lg={4}>
              <Form.Item name="action" label={t('audit.fields.action')}>
                <Input allowClear placeholder="create" />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12} lg={4}>
              <Form.Item name="actor" label={t('audit.fields.actor')}>
                <Input allowClear placeholder="admin" />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12} lg={8}>
              <Form.Item name="range" label={t('audit.dateRange')}>
                <DatePicker.RangePicker style={{ width: '100%' }} allowEmpty={[true, true]} />
              </Form.Item>
            </Col>
            <Col xs={24} lg={4}>
              <Form.Item label={isMobile ? undefined : ' '}>
                <Button type="primary" htmlType="submit" icon={<SearchOutlined />} block>
                  {t('common.search')}
                </Button>
              </Form.Item>
            </Col>
          </Row>
        </Form>
      </Card>
      <Card size="small">
        <ErrorAlert error={list.error} />
        <Table<AuditRecord>
          rowKey="seq"
          size={isMobile ? 'small' : 'middle'}
          columns={columns}
          dataSource={list.items}
          loading={list.isPending}
          pagination={false}
          scroll={{ x: 'max-content' }}
          expandable={{
            expandedRowRender: (r) => (
              <Row gutter={[12, 12]} style={{ maxWidth: isMobile ? 'calc(100vw - 64px)' : undefined }}>
                <Col xs={24} md={12}>
                  <Typography.Text type="secondary">{t('audit.before')}</Typography.Text>
                  <JsonView value={r.before} />
                </Col>
                <Col xs={24} md={12}>
                  <Typography.Text type="secondary">{t('audit.after')}</Typography.Text>
                  <JsonView value={r.after} />
                </Col>
              </Row>
            ),
            rowExpandable: (r) => r.before != null || r.after != null,
          }}
        />
        <LoadMoreFooter
          shown={list.items.length}
          total={list.total}
          hasMore={!!list.hasNextPage}
          loading={list.isFetchingNextPage}
          onLoadMore={() => void list.fetchNextPage()}
        />
      </Card>
    </div>
  );
}
