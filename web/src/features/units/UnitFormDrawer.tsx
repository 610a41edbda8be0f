import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, DatePicker, Drawer, Form, Input, Select, Space } from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type ApiErrorDetail, api } from '../../shared/api-client';
import { ErrorAlert } from '../../shared/components';
import { applyApiErrorToForm } from '../../shared/form-errors';
import type { Customer, Page, ProductModel, Unit } from '../../shared/types';
import { useIsMobile } from '../../shared/use-is-mobile';

interface Values {
  customerId: string;
  serial: string;
  model: string;
  purchasedAt?: Dayjs | null;
  installedAt?: Dayjs | null;
}

const FIELDS = ['customerId', 'serial', 'model', 'purchasedAt', 'installedAt'];

export function UnitFormDrawer(props: {
  open: boolean;
  onClose: () => void;
  /** Fixed customer (from the customer page); otherwise the form asks for one. */
  customer?: { id: string; name: string; number: string };
  onSaved?: (u: Unit) => void;
}) {
  const { t } = useTranslation();
  const isMobile = useIsMobile();
  const [form] = Form.useForm<Values>();
  const qc = useQueryClient();
  const [customerQ, setCustomerQ] = useState('');
  const [failure, setFailure] = useState<{ error: unknown; details: ApiErrorDetail[] } | null>(null);

  useEffect(() => {
    if (props.open) {
      setFailure(null);
      form.resetFields();
      if (props.customer) form.setFieldsValue({ customerId: props.customer.id });
    }
  }, [props.open, props.customer, form]);

  const customers = useQuery({
    queryKey: ['customers', 'picker', customerQ],
    queryFn: ({ signal }) =>
      api.get<Page<Customer>>('/api/v1/customers', { q: customerQ, limit: 20 }, signal),
    enabled: props.open && !props.customer,
  });
  const models = useQuery({
    queryKey: ['product-models', 'picker'],
    queryFn: ({ signal }) => api.get<Page<ProductModel>>('/api/v1/product-models', { limit: 200 }, signal),
    enabled: props.open,
  });

  const save = useMutation({
    mutationFn: (body: Record<string, unknown>) => api.post<Unit>('/api/v1/units', body),
    onSuccess: (u) => {
      void qc.invalidateQueries({ queryKey: ['units'] });
      props.onSaved?.(u);
      props.onClose();
    },
    onError: (err) => {
      const { unmatched } = applyApiErrorToForm(form, err, FIELDS);
      setFailure({ error: err, details: unmatched });
    },
  });

  const submit = (v: Values) => {
    setFailure(null);
    save.mutate({
      customerId: props.customer?.id ?? v.customerId,
      serial: v.serial.trim(),
      model: v.model,
      purchasedAt: v.purchasedAt ? v.purchasedAt.format('YYYY-MM-DD') : undefined,
      installedAt: v.installedAt ? v.installedAt.format('YYYY-MM-DD') : undefined,
    });
  };

  return (
    <Drawer
      title={t('units.new')}
      open={props.open}
      onClose={props.onClose}
      width={isMobile ? '100%' : 480}
      destroyOnHidden
      extra={
        <Space>
          <Button onClick={props.onClose}>{t('common.cancel')}</Button>
          <Button
            type="primary"
            loading={save.isPending}
            onClick={() => form.submit()}
            data-testid="unit-save"
          >
            {t('common.save')}
          </Button>
        </Space>
      }
    >
      {failure ? <ErrorAlert error={failure.error} details={failure.details} /> : null}
      <Form form={form} layout="vertical" onFinish={submit}>
        <Form.Item
          name="customerId"
          label={t('units.fields.customer')}
          rules={[{ required: true, message: t('validation.required') }]}
        >
          {props.customer ? (
            <Select
              disabled
              options={[
                { value: props.customer.id, label: `${props.customer.name} · ${props.customer.number}` },
              ]}
            />
          ) : (
            <Select
              showSearch
              filterOption={false}
              onSearch={setCustomerQ}
              loading={customers.isFetching}
              placeholder={t('units.pickCustomer')}
              options={(customers.data?.items ?? []).map((c) => ({
                value: c.id,
                label: `${c.name} · ${c.number} · ${c.phone}`,
              }))}
            />
          )}
        </Form.Item>
        <Form.Item
          name="serial"
          label={t('units.fields.serial')}
          rules={[{ required: true, message: t('validation.required') }]}
        >
          <Input maxLength={64} />
        </Form.Item>
        <Form.Item
          name="model"
          label={t('units.fields.model')}
          rules={[{ required: true, message: t('validation.required') }]}
        >
          <Select
            showSearch
            optionFilterProp="label"
            loading={models.isPending}
            placeholder={t('units.pickModel')}
            options={(models.data?.items ?? []).map((m) => ({
              value: m.code,
              label: `${m.code} · ${m.name}`,
            }))}
          />
        </Form.Item>
        <Space wrap size={12} style={{ width: '100%' }}>
          <Form.Item name="purchasedAt" label={t('units.fields.purchasedAt')}>
            <DatePicker />
          </Form.Item>
          <Form.Item name="installedAt" label={t('units.fields.installedAt')}>
            <DatePicker />
          </Form.Item>
        </Space>
      </Form>
    </Drawer>
  );
}
