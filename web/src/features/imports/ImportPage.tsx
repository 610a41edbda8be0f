import { InboxOutlined, UploadOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  Button,
  Card,
  Checkbox,
  Col,
  Form,
  Input,
  Radio,
  Row,
  Statistic,
  Table,
  Tag,
  Typography,
  Upload,
  type UploadFile,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, request } from '../../shared/api-client';
import { useAuth } from '../../shared/auth';
import { ErrorAlert } from '../../shared/components';
import { dash } from '../../shared/format';
import type { ImportResult } from '../../shared/types';
import { useIsMobile } from '../../shared/use-is-mobile';

// Installed base (/imports/:kind) and, for users who may import them, hotline call records and agent
// sessions (/calls/import: the 15-second answer rate and staffed hours, A-11).
type Kind = 'customers' | 'units' | 'calls-asterisk' | 'calls-generic' | 'agent-sessions';
const CALL_FORMATS: Partial<Record<Kind, string>> = {
  'calls-asterisk': 'asterisk',
  'calls-generic': 'generic',
  'agent-sessions': 'agent-sessions',
};

/** What both import endpoints report; call imports add skipped and duplicate rows. */
type Report = ImportResult & { skipped?: number; duplicates?: number; imported?: number };

export default function ImportPage() {
  const { t } = useTranslation();
  const isMobile = useIsMobile();
  const qc = useQueryClient();
  const [kind, setKind] = useState<Kind>('customers');
  const [dryRun, setDryRun] = useState(true);
  const [files, setFiles] = useState<UploadFile[]>([]);
  const [queueContext, setQueueContext] = useState('');
  const { user } = useAuth();
  const mayImportCalls = !!user?.permissions?.includes('calls:import');
  const callFormat = CALL_FORMATS[kind];

  const run = useMutation({
    mutationFn: async () => {
      const file = files[0]?.originFileObj;
      if (!file) throw new Error(t('imports.noFile'));
      const body = new FormData();
      body.append('file', file, file.name);
      if (callFormat) {
        const query: Record<string, string | boolean> = { format: callFormat, dryRun };
        if (kind === 'calls-asterisk' && queueContext.trim()) query.queueContext = queueContext.trim();
        return request<Report>('POST', '/api/v1/calls/import', { query, body });
      }
      return request<Report>('POST', `/api/v1/imports/${kind}`, { query: { dryRun }, body });
    },
    onSuccess: (r) => {
      if (r.dryRun) return;
      // Call records feed the channel indicators of the SLA report.
      for (const key of callFormat ? ['reports'] : ['customers', 'units'])
        void qc.invalidateQueries({ queryKey: [key] });
    },
  });
  const result = run.data;

  return (
    <div>
      <div className="page-toolbar">
        <Typography.Title level={4}>{t('imports.title')}</Typography.Title>
      </div>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={10}>
          <Card size="small" title={t('imports.upload')}>
            <Form layout="vertical" onFinish={() => run.mutate()}>
              <Form.Item label={t('imports.kind')}>
                <Radio.Group
                  value={kind}
                  onChange={(e) => {
                    setKind(e.target.value);
                    run.reset();
                  }}
                  optionType="button"
                  data-testid="import-kind"
                  options={[
                    { value: 'customers', label: t('imports.kinds.customers') },
                    { value: 'units', label: t('imports.kinds.units') },
                    ...(mayImportCalls
                      ? [
                          { value: 'calls-asterisk', label: t('imports.kinds.callsAsterisk') },
                          { value: 'calls-generic', label: t('imports.kinds.callsGeneric') },
                          { value: 'agent-sessions', label: t('imports.kinds.agentSessions') },
                        ]
                      : []),
                  ]}
                />
              </Form.Item>
              {kind === 'calls-asterisk' && (
                <Form.Item label={t('imports.queueContext')} extra={t('imports.queueContextHint')}>
                  <Input
                    value={queueContext}
                    onChange={(e) => setQueueContext(e.target.value)}
                    placeholder="from-queue,support"
                    maxLength={500}
                  />
                </Form.Item>
              )}
              <Form.Item
                label={t('imports.file')}
                extra={callFormat ? t(`imports.fileHints.${kind}`) : t('imports.fileHint')}
              >
                <Upload.Dragger
                  accept={kind === 'calls-asterisk' ? '.csv' : '.csv,.xlsx'}
                  maxCount={1}
                  fileList={files}
                  beforeUpload={() => false}
                  onChange={({ fileList }) => setFiles(fileList.slice(-1))}
                >
                  <p className="ant-upload-drag-icon">
                    <InboxOutlined />
                  </p>
                  <p className="ant-upload-text">{t('imports.dropHere')}</p>
                </Upload.Dragger>
              </Form.Item>
              <Form.Item>
                <Checkbox
                  checked={dryRun}
                  onChange={(e) => setDryRun(e.target.checked)}
                  data-testid="import-dry-run"
                >
                  {t('imports.dryRun')}
                </Checkbox>
                <div>
                  <Typography.Text type="secondary">{t('imports.dryRunHint')}</Typography.Text>
                </div>
              </Form.Item>
              <Button
                type="primary"
                htmlType="submit"
                data-testid="import-submit"
                icon={<UploadOutlined />}
                loading={run.isPending}
                disabled={files.length === 0}
                block={isMobile}
              >
                {dryRun ? t('imports.check') : t('imports.run')}
              </Button>
            </Form>
          </Card>
        </Col>
        <Col xs={24} lg={14}>
          <Card size="small" title={t('imports.result')}>
            <ErrorAlert error={run.error} details={run.error instanceof ApiError ? run.error.details : []} />
            {result ? (
              <>
                <Alert
                  type={result.rejected > 0 ? 'warning' : 'success'}
                  showIcon
                  style={{ marginBottom: 12 }}
                  message={
                    result.dryRun
                      ? t('imports.dryRunDone', { accepted: result.accepted, total: result.total })
                      : t('imports.done', {
                          accepted: result.imported ?? result.accepted,
                          total: result.total,
                        })
                  }
                />
                <Row gutter={[12, 12]} style={{ marginBottom: 12 }} data-testid="import-figures">
                  <Col span={8}>
                    <Statistic title={t('imports.total')} value={result.total} />
                  </Col>
                  <Col span={8}>
                    <Statistic
                      title={t('imports.accepted')}
                      value={result.accepted}
                      valueStyle={{ color: '#389e0d' }}
                    />
                  </Col>
                  <Col span={8}>
                    <Statistic
                      title={t('imports.rejected')}
                      value={result.rejected}
                      valueStyle={{ color: result.rejected ? '#cf1322' : undefined }}
                    />
                  </Col>
                  {result.duplicates !== undefined && (
                    <Col span={8}>
                      <Statistic title={t('imports.duplicates')} value={result.duplicates} />
                    </Col>
                  )}
                  {result.skipped !== undefined && (
                    <Col span={8}>
                      <Statistic title={t('imports.skipped')} value={result.skipped} />
                    </Col>
                  )}
                  {result.imported !== undefined && !result.dryRun && (
                    <Col span={8}>
                      <Statistic title={t('imports.imported')} value={result.imported} />
                    </Col>
                  )}
                </Row>
                <Table
                  rowKey={(e) => `${e.row}:${e.field ?? ''}:${e.message}`}
                  size="small"
                  pagination={{ pageSize: 20, hideOnSinglePage: true, size: 'small' }}
                  scroll={{ x: 'max-content' }}
                  dataSource={result.errors}
                  locale={{ emptyText: t('imports.noErrors') }}
                  columns={[
                    { title: t('imports.row'), dataIndex: 'row', width: 70 },
                    {
                      title: t('imports.field'),
                      dataIndex: 'field',
                      render: (f: string | null) => (f ? <Tag>{f}</Tag> : dash(f)),
                    },
                    { title: t('imports.message'), dataIndex: 'message' },
                  ]}
                  data-testid="import-errors"
                />
              </>
            ) : (
              <Typography.Text type="secondary">{t('imports.noResult')}</Typography.Text>
            )}
          </Card>
        </Col>
      </Row>
    </div>
  );
}
