import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Flex, Form, Input, List, Select, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { type ApiErrorDetail, api } from '../../shared/api-client';
import { ErrorAlert, WarrantyTag } from '../../shared/components';
import { applyApiErrorToForm } from '../../shared/form-errors';
import type { WarrantyStatusName } from '../../shared/types';
import { useEnumOptions } from './filters';
import { SlaCountdown } from './SlaCountdown';
import { StatusTag, TypeTag } from './tags';
import type { Channel, CreatedServiceRequest, Triage } from './types';

export interface IntakeUnit {
  id: string;
  serial: string;
  model: { code: string; name: string };
  warranty?: { status: WarrantyStatusName } | null;
}

interface Values {
  unitId?: string;
  type?: string;
  description: string;
}

const FIELDS = ['unitId', 'type', 'description', 'customerId', 'channel'];

function newKey(): string {
  return globalThis.crypto?.randomUUID?.() ?? `${Date.now()}-${Math.random().toString(36).slice(2)}`;
}

/** What triage suggested and why (server's classification). */
export function TriageNote({ triage }: { triage: Triage | null | undefined }) {
  const { t } = useTranslation();
  if (!triage) return null;
  const matched = triage.reasons
    .map((r) => (typeof r.matched === 'string' ? r.matched : null))
    .filter((m): m is string => !!m);
  return (
    <Space size={4} wrap data-testid="triage-suggestion">
      <Typography.Text type="secondary">{t('requests.triage.suggested')}</Typography.Text>
      <TypeTag type={triage.type} />
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t(`requests.triage.method.${triage.method}`, { defaultValue: triage.method })} ·{' '}
        {t('requests.triage.confidence', { value: Math.round(triage.confidence * 100) })}
      </Typography.Text>
      {matched.map((m) => (
        <Tag key={m} color="gold">
          {m}
        </Tag>
      ))}
    </Space>
  );
}

/** The result of a created request: number, triage suggestion, possible duplicates, clocks. */
export function IntakeResult({ created, onNew }: { created: CreatedServiceRequest; onNew: () => void }) {
  const { t } = useTranslation();
  const dups = created.possibleDuplicates ?? [];
  return (
    <Card size="small" data-testid="intake-result">
      <Alert
        type="success"
        showIcon
        message={
          <span>
            {t('requests.intake.created')}{' '}
            <Link to={`/requests/${created.id}`} data-testid="intake-created-link">
              {created.number}
            </Link>
          </span>
        }
        style={{ marginBottom: 12 }}
      />
      <Flex vertical gap={8}>
        <Space size={4} wrap>
          <Typography.Text type="secondary">{t('requests.fields.type')}</Typography.Text>
          <TypeTag type={created.type} />
          <StatusTag status={created.status} />
        </Space>
        <TriageNote triage={created.triage} />
        <Space size={4} wrap>
          {Object.entries(created.sla ?? {}).map(([name, c]) => (
            <SlaCountdown key={name} name={name} clock={c} />
          ))}
        </Space>
        {dups.length > 0 ? (
          <Alert
            type="warning"
            showIcon
            data-testid="possible-duplicates"
            message={t('requests.intake.duplicates', { count: dups.length })}
            description={
              <List
                size="small"
                dataSource={dups}
                renderItem={(d) => (
                  <List.Item style={{ paddingInline: 0 }}>
                    <Link to={`/requests/${d.id}`}>{d.number}</Link> <StatusTag status={d.status} />
                  </List.Item>
                )}
              />
            }
          />
        ) : null}
        <div>
          <Button onClick={onNew} data-testid="intake-new">
            {t('requests.intake.another')}
          </Button>
        </div>
      </Flex>
    </Card>
  );
}

/** Intake for a known customer (hotline, outlet desk): product, need, optional type (else triage). */
export function IntakeForm(props: {
  customer: { id: string; name: string; number?: string };
  units: IntakeUnit[];
  channel: Channel;
  defaultUnitId?: string;
  outletId?: string | null;
  onCreated?: (r: CreatedServiceRequest) => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const opts = useEnumOptions();
  const qc = useQueryClient();
  const [key, setKey] = useState(newKey);
  const [failure, setFailure] = useState<{ error: unknown; details: ApiErrorDetail[] } | null>(null);
  const [created, setCreated] = useState<CreatedServiceRequest | null>(null);

  const save = useMutation({
    mutationFn: (body: Record<string, unknown>) =>
      api.post<CreatedServiceRequest>('/api/v1/service-requests', body, {
        headers: { 'Idempotency-Key': key },
      }),
    onSuccess: (r) => {
      setCreated(r);
      void qc.invalidateQueries({ queryKey: ['service-requests'] });
      void qc.invalidateQueries({ queryKey: ['caller-lookup'] });
      props.onCreated?.(r);
    },
    onError: (err) => {
      const { unmatched } = applyApiErrorToForm(form, err, FIELDS);
      setFailure({ error: err, details: unmatched });
    },
  });

  const submit = (v: Values) => {
    setFailure(null);
    save.mutate({
      customerId: props.customer.id,
      channel: props.channel,
      description: v.description.trim(),
      ...(v.unitId ? { unitId: v.unitId } : {}),
      ...(v.type ? { type: v.type } : {}),
      ...(props.outletId ? { outletId: props.outletId } : {}),
    });
  };

  if (created) {
    return (
      <IntakeResult
        created={created}
        onNew={() => {
          setCreated(null);
          setKey(newKey());
          form.resetFields();
        }}
      />
    );
  }

  return (
    <Form
      form={form}
      layout="vertical"
      onFinish={submit}
      initialValues={{ unitId: props.defaultUnitId }}
      data-testid="intake-form"
    >
      {failure ? <ErrorAlert error={failure.error} details={failure.details} /> : null}
      <Form.Item label={t('requests.fields.customer')}>
        <Typography.Text strong>{props.customer.name}</Typography.Text>
        {props.customer.number ? <Tag style={{ marginInlineStart: 8 }}>{props.customer.number}</Tag> : null}
      </Form.Item>
      <Form.Item name="unitId" label={t('requests.fields.unit')}>
        <Select
          allowClear
          placeholder={t('requests.intake.pickUnit')}
          notFoundContent={t('requests.intake.noUnits')}
          data-testid="intake-unit"
          options={props.units.map((u) => ({
            value: u.id,
            label: (
              <Space size={4}>
                <span>
                  {u.model.name} · {u.serial}
                </span>
                {u.warranty ? <WarrantyTag status={u.warranty.status} /> : null}
              </Space>
            ),
          }))}
        />
      </Form.Item>
      <Form.Item name="type" label={t('requests.fields.type')} extra={t('requests.intake.typeHint')}>
        <Select
          allowClear
          placeholder={t('requests.intake.autoType')}
          options={opts.types}
          data-testid="intake-type"
        />
      </Form.Item>
      <Form.Item
        name="description"
        label={t('requests.fields.description')}
        rules={[{ required: true, whitespace: true, message: t('validation.required') }]}
      >
        <Input.TextArea
          autoSize={{ minRows: 3, maxRows: 8 }}
          maxLength={4000}
          showCount
          placeholder={t('requests.intake.descriptionPlaceholder')}
          data-testid="intake-description"
        />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={save.isPending} block data-testid="intake-submit">
        {t('requests.intake.submit')}
      </Button>
    </Form>
  );
}
