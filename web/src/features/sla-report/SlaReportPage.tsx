import { DownloadOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import {
  Button,
  Card,
  Col,
  DatePicker,
  Drawer,
  Flex,
  Row,
  Select,
  Skeleton,
  Table,
  type TableColumnsType,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { lazy, Suspense, useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, withQuery } from '../../shared/api-client';
import { businessToday } from '../../shared/business-date';
import { ErrorAlert, PageHeading } from '../../shared/components';
import { formatDateTime } from '../../shared/format';
import { useIsMobile } from '../../shared/use-is-mobile';
import { useClockName } from '../requests/SlaCountdown';
import { ChannelText, TypeTag } from '../requests/tags';

const ComplianceChart = lazy(() => import('./ComplianceChart'));

const GROUPS = ['agent', 'team', 'channel', 'type'] as const;
type GroupBy = (typeof GROUPS)[number];

interface ReportRow {
  key: string;
  label: string;
  total: number;
  met: number;
  breached: number;
  pending: number;
  excluded?: number;
  compliance: number | null;
}

interface Breach {
  subjectKind?: string;
  requestId: string;
  number: string;
  type: string;
  channel: string;
  clock: string;
  dueAt: string | null;
  metAt: string | null;
}

const pct = (v: number | null | undefined) =>
  v === null || v === undefined ? '—' : `${(v * 100).toFixed(1)}%`;

/** SLA report: compliance per agent / team / channel / type over a period, drill-down to the breaches. */
export default function SlaReportPage() {
  const { t } = useTranslation();
  const isMobile = useIsMobile();
  const clockName = useClockName();
  // Periods are business dates in the deployment's zone, not the browser's.
  const today = businessToday();
  const [range, setRange] = useState<[Dayjs, Dayjs]>(() => [today.startOf('month'), today]);
  const [groupBy, setGroupBy] = useState<GroupBy>('channel');
  const [drill, setDrill] = useState<ReportRow | null>(null);
  // The API's `to` is exclusive; the picker shows the last day included.
  const period = { from: range[0].format('YYYY-MM-DD'), to: range[1].add(1, 'day').format('YYYY-MM-DD') };

  const report = useQuery({
    queryKey: ['reports', 'sla', period, groupBy],
    queryFn: ({ signal }) =>
      api.get<{ rows: ReportRow[] }>('/api/v1/reports/sla', { ...period, groupBy }, signal),
  });
  const breaches = useQuery({
    queryKey: ['reports', 'sla', 'breaches', period, groupBy, drill?.key],
    queryFn: ({ signal }) =>
      api.get<{ items: Breach[] }>(
        '/api/v1/reports/sla/breaches',
        { ...period, groupBy, key: drill?.key },
        signal,
      ),
    enabled: !!drill,
  });
  /** The server's keys are codes (channel, type, "—"): show them in the UI language. */
  const labelOf = (key: string, label?: string): string => {
    if (key === 'complaint') return t('slaReport.complaint');
    if (key === '—') return t('slaReport.unassigned');
    if (groupBy === 'channel') return t(`requests.channel.${key}`, { defaultValue: label || key });
    if (groupBy === 'type') return t(`requests.type.${key}`, { defaultValue: label || key });
    return label || key;
  };
  const rows = (report.data?.rows ?? []).map((r) => ({ ...r, label: labelOf(r.key, r.label) }));
  const pick = useCallback(
    (key: string) => {
      const r = report.data?.rows.find((x) => x.key === key);
      if (r && r.breached > 0) setDrill(r);
    },
    [report.data],
  );

  const columns: TableColumnsType<ReportRow> = [
    {
      title: t(`slaReport.groupBy.${groupBy}`),
      dataIndex: 'label',
    },
    { title: t('slaReport.total'), dataIndex: 'total', align: 'right' },
    { title: t('slaReport.met'), dataIndex: 'met', align: 'right' },
    {
      title: t('slaReport.breached'),
      dataIndex: 'breached',
      align: 'right',
      render: (n: number, r) =>
        n > 0 ? (
          <Button
            type="link"
            size="small"
            danger
            onClick={() => setDrill(r)}
            data-testid="drill-breaches"
            style={{ padding: 0 }}
          >
            {n}
          </Button>
        ) : (
          n
        ),
    },
    { title: t('slaReport.pending'), dataIndex: 'pending', align: 'right' },
    { title: t('slaReport.excluded'), dataIndex: 'excluded', align: 'right', render: (n?: number) => n ?? 0 },
    {
      title: t('slaReport.compliance'),
      dataIndex: 'compliance',
      align: 'right',
      render: (v: number | null) => <Typography.Text strong>{pct(v)}</Typography.Text>,
    },
  ];

  const breachColumns: TableColumnsType<Breach> = [
    {
      title: t('requests.fields.number'),
      dataIndex: 'number',
      render: (n: string, b) =>
        !b.subjectKind || b.subjectKind === 'service-request' ? (
          <Link to={`/requests/${b.requestId}`}>{n}</Link>
        ) : (
          n
        ),
    },
    {
      title: t('requests.fields.type'),
      dataIndex: 'type',
      render: (v: string) => (v === 'complaint' ? t('slaReport.complaint') : <TypeTag type={v} />),
    },
    {
      title: t('requests.fields.channel'),
      dataIndex: 'channel',
      render: (v: string | null) => (v ? <ChannelText channel={v} /> : '—'),
    },
    { title: t('slaReport.clock'), dataIndex: 'clock', render: (v: string) => clockName(v) },
    { title: t('requests.sla.dueAt'), dataIndex: 'dueAt', render: formatDateTime },
    { title: t('requests.sla.metAt'), dataIndex: 'metAt', render: formatDateTime },
  ];

  const csv = withQuery('/api/v1/reports/sla', { ...period, groupBy, format: 'csv' });
  const breachCsv = withQuery('/api/v1/reports/sla/breaches', {
    ...period,
    groupBy,
    key: drill?.key,
    format: 'csv',
  });

  return (
    <div>
      <PageHeading
        title={t('slaReport.title')}
        extra={
          <Button icon={<DownloadOutlined />} href={csv} download data-testid="sla-csv">
            {t('slaReport.exportCsv')}
          </Button>
        }
      />
      <Card size="small" style={{ marginBottom: 16 }}>
        <Flex wrap gap={8} align="center">
          <DatePicker.RangePicker
            value={range}
            allowClear={false}
            inputReadOnly={isMobile}
            onChange={(v) => {
              if (v?.[0] && v[1]) setRange([v[0], v[1]]);
            }}
            presets={[
              { label: t('slaReport.thisMonth'), value: [today.startOf('month'), today] },
              {
                label: t('slaReport.lastMonth'),
                value: [
                  today.subtract(1, 'month').startOf('month'),
                  today.subtract(1, 'month').endOf('month'),
                ],
              },
              { label: t('slaReport.last30'), value: [today.subtract(29, 'day'), today] },
            ]}
            style={{ width: isMobile ? '100%' : 280 }}
            data-testid="sla-period"
          />
          <Select<GroupBy>
            value={groupBy}
            onChange={setGroupBy}
            options={GROUPS.map((g) => ({ value: g, label: t(`slaReport.groupBy.${g}`) }))}
            style={{ width: isMobile ? '100%' : 160 }}
            data-testid="sla-group-by"
          />
        </Flex>
      </Card>
      <ErrorAlert error={report.error} />
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={10}>
          <Card size="small" title={t('slaReport.chartTitle')}>
            {report.isPending ? (
              <Skeleton active />
            ) : (
              <Suspense fallback={<Skeleton active />}>
                <ComplianceChart rows={rows} onPick={pick} />
              </Suspense>
            )}
          </Card>
        </Col>
        <Col xs={24} xl={14}>
          <Card size="small" title={t('slaReport.tableTitle')}>
            <Table<ReportRow>
              rowKey="key"
              size="small"
              columns={columns}
              dataSource={rows}
              loading={report.isPending}
              pagination={false}
              scroll={{ x: 'max-content' }}
              data-testid="sla-table"
            />
          </Card>
        </Col>
      </Row>
      <Drawer
        open={!!drill}
        onClose={() => setDrill(null)}
        width={isMobile ? '100%' : 720}
        title={t('slaReport.breachesOf', { label: drill?.label || drill?.key || '' })}
        extra={
          <Button size="small" icon={<DownloadOutlined />} href={breachCsv} download>
            CSV
          </Button>
        }
      >
        <ErrorAlert error={breaches.error} />
        <Table<Breach>
          rowKey={(b) => `${b.requestId}:${b.clock}`}
          size="small"
          columns={breachColumns}
          dataSource={breaches.data?.items ?? []}
          loading={breaches.isPending && !!drill}
          pagination={{ pageSize: 50, hideOnSinglePage: true }}
          scroll={{ x: 'max-content' }}
          data-testid="sla-breaches"
        />
      </Drawer>
    </div>
  );
}
