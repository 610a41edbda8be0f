import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Col, Drawer, Form, Input, InputNumber, Row, Space } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type ApiErrorDetail, api } from '../../shared/api-client';
import { ErrorAlert } from '../../shared/components';
import { applyApiErrorToForm } from '../../shared/form-errors';
import type { Customer } from '../../shared/types';
import { useIsMobile } from '../../shared/use-is-mobile';

interface Values {
  name?: string;
  phone?: string;
  address?: string;
  city?: string;
  district?: string;
  location?: { lat?: number | null; lng?: number | null };
}

const FIELDS = ['name', 'phone', 'address', 'city', 'district', 'location', 'location.lat', 'location.lng'];

/** New customer (POST) or edit (PATCH, only the fields that were filled in / changed). */
export function CustomerFormDrawer(props: {
  open: boolean;
  onClose: () => void;
  customer?: Customer;
  onSaved?: (c: Customer) => void;
}) {
  const { t } = useTranslation();
  const isMobile = useIsMobile();
  const [form] = Form.useForm<Values>();
  const qc = useQueryClient();
  const [failure, setFailure] = useState<{ error: unknown; details: ApiErrorDetail[] } | null>(null);
  const editing = !!props.customer;

  useEffect(() => {
    if (!props.open) return;
    setFailure(null);
    form.resetFields();
    if (props.customer) {
      const c = props.customer;
      form.setFieldsValue({
        name: c.name,
        city: c.city ?? undefined,
        district: c.district ?? undefined,
        location: c.location ?? undefined,
      });
    }
  }, [props.open, props.customer, form]);

  const save = useMutation({
    mutationFn: (body: Record<string, unknown>) =>
      editing
        ? api.patch<Customer>(`/api/v1/customers/${props.customer!.id}`, body)
        : api.post<Customer>('/api/v1/customers', body),
    onSuccess: (c) => {
      void qc.invalidateQueries({ queryKey: ['customers'] });
      void qc.invalidateQueries({ queryKey: ['customer'] });
      props.onSaved?.(c);
      props.onClose();
    },
    onError: (err) => {
      const { unmatched } = applyApiErrorToForm(form, err, FIELDS);
      setFailure({ error: err, details: unmatched });
    },
  });

  const submit = (v: Values) => {
    setFailure(null);
    const body: Record<string, unknown> = {};
    for (const k of ['name', 'phone', 'address', 'city', 'district'] as const) {
      const val = v[k]?.trim();
      if (val) body[k] = val;
    }
    const lat = v.location?.lat;
    const lng = v.location?.lng;
    if (typeof lat === 'number' && typeof lng === 'number') body.location = { lat, lng };
    else if (editing && lat == null && lng == null && props.customer?.location) body.location = null;
    save.mutate(body);
  };

  return (
    <Drawer
      title={editing ? t('customers.edit') : t('customers.new')}
      open={props.open}
      onClose={props.onClose}
      width={isMobile ? '100%' : 520}
      destroyOnHidden
      extra={
        <Space>
          <Button onClick={props.onClose}>{t('common.cancel')}</Button>
          <Button
            type="primary"
            loading={save.isPending}
            onClick={() => form.submit()}
            data-testid="customer-save"
          >
            {t('common.save')}
          </Button>
        </Space>
      }
    >
      {failure ? <ErrorAlert error={failure.error} details={failure.details} /> : null}
      {editing ? (
        <Alert type="info" showIcon message={t('customers.editHint')} style={{ marginBottom: 16 }} />
      ) : null}
      <Form form={form} layout="vertical" onFinish={submit} data-testid="customer-form">
        <Form.Item
          name="name"
          label={t('customers.fields.name')}
          rules={[{ required: !editing, message: t('validation.required') }]}
        >
          <Input maxLength={100} data-testid="customer-name" />
        </Form.Item>
        <Form.Item
          name="phone"
          label={t('customers.fields.phone')}
          rules={[{ required: !editing, message: t('validation.required') }]}
        >
          <Input
            inputMode="tel"
            maxLength={30}
            placeholder={editing ? t('customers.keepUnchanged') : '13812345678'}
            data-testid="customer-phone"
          />
        </Form.Item>
        <Row gutter={12}>
          <Col xs={24} sm={12}>
            <Form.Item name="city" label={t('customers.fields.city')}>
              <Input maxLength={50} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="district" label={t('customers.fields.district')}>
              <Input maxLength={50} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="address" label={t('customers.fields.address')}>
          <Input.TextArea
            autoSize={{ minRows: 2, maxRows: 4 }}
            maxLength={200}
            placeholder={editing ? t('customers.keepUnchanged') : undefined}
          />
        </Form.Item>
        <Row gutter={12}>
          <Col xs={12}>
            <Form.Item name={['location', 'lat']} label={t('customers.fields.lat')}>
              <InputNumber min={-90} max={90} step={0.000001} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={12}>
            <Form.Item name={['location', 'lng']} label={t('customers.fields.lng')}>
              <InputNumber min={-180} max={180} step={0.000001} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Drawer>
  );
}
