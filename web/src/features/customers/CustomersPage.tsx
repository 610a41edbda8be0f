import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Input, Table, type TableColumnsType, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ErrorAlert, LoadMoreFooter } from '../../shared/components';
import { dash, formatDateTime } from '../../shared/format';
import type { Customer } from '../../shared/types';
import { useCursorList } from '../../shared/use-cursor-list';
import { useIsMobile } from '../../shared/use-is-mobile';
import { CustomerFormDrawer } from './CustomerFormDrawer';

export default function CustomersPage() {
  const { t } = useTranslation();
  const isMobile = useIsMobile();
  const [q, setQ] = useState('');
  const [creating, setCreating] = useState(false);
  const { message } = App.useApp();
  const list = useCursorList<Customer>(['customers'], '/api/v1/customers', { q });

  const columns: TableColumnsType<Customer> = [
    { title: t('customers.fields.number'), dataIndex: 'number', width: 150 },
    {
      title: t('customers.fields.name'),
      dataIndex: 'name',
      render: (name: string, c) => <Link to={`/customers/${c.id}`}>{name}</Link>,
    },
    {
      title: t('customers.fields.phone'),
      dataIndex: 'phone',
      render: (p: string) => <span data-testid="customer-phone-cell">{p}</span>,
    },
    {
      title: t('customers.fields.region'),
      key: 'region',
      render: (_, c) => dash([c.city, c.district].filter(Boolean).join(' ')),
    },
    { title: t('customers.fields.address'), dataIndex: 'address', ellipsis: true, render: dash },
    { title: t('common.createdAt'), dataIndex: 'createdAt', render: formatDateTime, width: 160 },
  ];

  return (
    <div>
      <div className="page-toolbar">
        <Typography.Title level={4}>{t('customers.title')}</Typography.Title>
        <Button
          type="primary"
          icon={<PlusOutlined />}
          onClick={() => setCreating(true)}
          data-testid="customer-new"
        >
          {t('customers.new')}
        </Button>
      </div>
      <Card size="small">
        <Input.Search
          allowClear
          placeholder={t('customers.searchPlaceholder')}
          onSearch={(v) => setQ(v.trim())}
          style={{ maxWidth: isMobile ? '100%' : 360, marginBottom: 12 }}
          data-testid="customer-search"
        />
        <ErrorAlert error={list.error} />
        <Table<Customer>
          rowKey="id"
          size={isMobile ? 'small' : 'middle'}
          columns={columns}
          dataSource={list.items}
          loading={list.isPending}
          pagination={false}
          scroll={{ x: 'max-content' }}
          data-testid="customers-table"
        />
        <LoadMoreFooter
          shown={list.items.length}
          total={list.total}
          hasMore={!!list.hasNextPage}
          loading={list.isFetchingNextPage}
          onLoadMore={() => void list.fetchNextPage()}
        />
      </Card>
      <CustomerFormDrawer
        open={creating}
        onClose={() => setCreating(false)}
        onSaved={(c) => void message.success(t('customers.created', { number: c.number ?? c.name }))}
      />
    </div>
  );
}
