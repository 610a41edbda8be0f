import { ReloadOutlined } from '@ant-design/icons';
import { useInfiniteQuery } from '@tanstack/react-query';
import {
  Button,
  Card,
  Empty,
  Flex,
  List,
  Segmented,
  Select,
  Skeleton,
  Space,
  Table,
  type TableColumnsType,
  Typography,
} from 'antd';
import dayjs from 'dayjs';
import { type HTMLAttributes, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../shared/api-client';
import { ErrorAlert, LoadMoreFooter } from '../../shared/components';
import { formatDateTime } from '../../shared/format';
import type { Page } from '../../shared/types';
import { useIsMobile } from '../../shared/use-is-mobile';
import { REFRESH_MS } from './api';
import { OutletFilter, useEnumOptions } from './filters';
import { mostUrgentClock, SlaCountdown } from './SlaCountdown';
import { ChannelText, StatusTag, TypeTag } from './tags';
import type { ServiceRequest } from './types';

interface Filters {
  channel?: string;
  type?: string;
  status?: string;
  outletId?: string;
  sort: 'urgency' | 'newest';
}

function UrgentClock({ r }: { r: ServiceRequest }) {
  const c = mostUrgentClock(r);
  if (!c) return <Typography.Text type="secondary">—</Typography.Text>;
  return <SlaCountdown name={c[0]} clock={c[1]} />;
}

/** 服务请求 — the agents' queue: open requests by SLA deadline, live countdowns, refreshed every 15 s. */
export default function RequestQueuePage() {
  const { t } = useTranslation();
  const isMobile = useIsMobile();
  const opts = useEnumOptions();
  const [f, setF] = useState<Filters>({ sort: 'urgency' });
  const query = { channel: f.channel, type: f.type, status: f.status, outletId: f.outletId, sort: f.sort };
  const list = useInfiniteQuery({
    queryKey: ['service-requests', 'queue', query],
    queryFn: ({ pageParam, signal }) =>
      api.get<Page<ServiceRequest>>(
        '/api/v1/service-requests',
        { ...query, cursor: pageParam, limit: 30 },
        signal,
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    refetchInterval: REFRESH_MS,
    refetchIntervalInBackground: false,
  });
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  const total = list.data?.pages[0]?.total ?? 0;
  const set = (patch: Partial<Filters>) => setF((old) => ({ ...old, ...patch }));
  const w = isMobile ? 'calc(50% - 4px)' : 150;

  const columns: TableColumnsType<ServiceRequest> = [
    { title: t('requests.fields.deadline'), key: 'sla', width: 210, render: (_, r) => <UrgentClock r={r} /> },
    {
      title: t('requests.fields.number'),
      dataIndex: 'number',
      width: 170,
      render: (n: string, r) => (
        <Link to={`/requests/${r.id}`} data-testid="queue-request-link">
          {n}
        </Link>
      ),
    },
    {
      title: t('requests.fields.type'),
      dataIndex: 'type',
      width: 100,
      render: (v: string) => <TypeTag type={v} />,
    },
    {
      title: t('requests.fields.status'),
      dataIndex: 'status',
      width: 120,
      render: (v: string, r) => <StatusTag status={v} paused={r.paused} />,
    },
    {
      title: t('requests.fields.channel'),
      dataIndex: 'channel',
      width: 90,
      render: (v: string) => <ChannelText channel={v} />,
    },
    { title: t('requests.fields.description'), dataIndex: 'description', ellipsis: true },
    { title: t('requests.fields.receivedAt'), dataIndex: 'receivedAt', width: 150, render: formatDateTime },
  ];

  return (
    <div>
      <div className="page-toolbar">
        <Typography.Title level={4}>{t('requests.queue.title')}</Typography.Title>
        <Space size={8} wrap>
          <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="queue-updated">
            {list.dataUpdatedAt
              ? t('requests.queue.updated', { time: dayjs(list.dataUpdatedAt).format('HH:mm:ss') })
              : null}
          </Typography.Text>
          <Button
            icon={<ReloadOutlined />}
            onClick={() => void list.refetch()}
            loading={list.isFetching && !list.isFetchingNextPage}
            aria-label={t('requests.queue.refresh')}
          />
        </Space>
      </div>
      <Card size="small">
        <Flex wrap gap={8} style={{ marginBottom: 12 }}>
          <Segmented
            value={f.sort}
            onChange={(v) => set({ sort: v as Filters['sort'] })}
            options={[
              { value: 'urgency', label: t('requests.queue.byUrgency') },
              { value: 'newest', label: t('requests.queue.newest') },
            ]}
            style={isMobile ? { width: '100%' } : undefined}
            block={isMobile}
            data-testid="queue-sort"
          />
          <Select
            allowClear
            placeholder={t('requests.filters.channel')}
            options={opts.channels}
            value={f.channel}
            onChange={(v) => set({ channel: v })}
            style={{ width: w }}
            data-testid="filter-channel"
          />
          <Select
            allowClear
            placeholder={t('requests.filters.type')}
            options={opts.types}
            value={f.type}
            onChange={(v) => set({ type: v })}
            style={{ width: w }}
            data-testid="filter-type"
          />
          <Select
            allowClear
            placeholder={t('requests.filters.status')}
            options={opts.statuses}
            value={f.status}
            onChange={(v) => set({ status: v })}
            style={{ width: w }}
            data-testid="filter-status"
          />
          <OutletFilter value={f.outletId} onChange={(v) => set({ outletId: v })} width={w} />
        </Flex>
        {f.sort === 'urgency' ? (
          <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginBottom: 8 }}>
            {t('requests.queue.urgencyHint')}
          </Typography.Paragraph>
        ) : null}
        <ErrorAlert error={list.error} />
        {isMobile ? (
          list.isPending ? (
            <Skeleton active />
          ) : items.length === 0 ? (
            <Empty description={t('requests.queue.empty')} />
          ) : (
            <List
              dataSource={items}
              rowKey="id"
              data-testid="queue-list"
              renderItem={(r) => (
                <List.Item style={{ display: 'block', paddingInline: 0 }} data-testid="queue-row">
                  <Flex justify="space-between" align="center" gap={8} wrap>
                    <Link to={`/requests/${r.id}`} data-testid="queue-request-link">
                      <Typography.Text strong>{r.number}</Typography.Text>
                    </Link>
                    <UrgentClock r={r} />
                  </Flex>
                  <Space size={4} wrap style={{ margin: '6px 0' }}>
                    <TypeTag type={r.type} />
                    <StatusTag status={r.status} paused={r.paused} />
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      <ChannelText channel={r.channel} /> · {formatDateTime(r.receivedAt)}
                    </Typography.Text>
                  </Space>
                  <Typography.Paragraph ellipsis={{ rows: 2 }} style={{ marginBottom: 0 }}>
                    {r.description}
                  </Typography.Paragraph>
                </List.Item>
              )}
            />
          )
        ) : (
          <Table<ServiceRequest>
            rowKey="id"
            size="middle"
            columns={columns}
            dataSource={items}
            loading={list.isPending}
            pagination={false}
            scroll={{ x: 'max-content' }}
            locale={{ emptyText: <Empty description={t('requests.queue.empty')} /> }}
            onRow={() => ({ 'data-testid': 'queue-row' }) as HTMLAttributes<HTMLElement>}
            data-testid="queue-table"
          />
        )}
        <LoadMoreFooter
          shown={items.length}
          total={total}
          hasMore={!!list.hasNextPage}
          loading={list.isFetchingNextPage}
          onLoadMore={() => void list.fetchNextPage()}
        />
      </Card>
    </div>
  );
}
