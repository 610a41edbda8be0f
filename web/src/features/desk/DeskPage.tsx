import { PlusOutlined, SearchOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Button,
  Card,
  Col,
  Empty,
  Form,
  Input,
  List,
  Row,
  Skeleton,
  Space,
  Steps,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type ApiErrorDetail, api } from '../../shared/api-client';
import { useAuth } from '../../shared/auth';
import { ErrorAlert, PageHeading } from '../../shared/components';
import { applyApiErrorToForm } from '../../shared/form-errors';
import type { Customer, Page, Unit } from '../../shared/types';
import { IntakeForm } from '../requests/IntakeForm';
import { UnitFormDrawer } from '../units/UnitFormDrawer';

interface NewCustomer {
  name: string;
  phone: string;
  address?: string;
}

/** A new customer at the counter (name, phone, address). */
function NewCustomerForm({ phone, onCreated }: { phone: string; onCreated: (c: Customer) => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<NewCustomer>();
  const qc = useQueryClient();
  const [failure, setFailure] = useState<{ error: unknown; details: ApiErrorDetail[] } | null>(null);
  const save = useMutation({
    mutationFn: (body: NewCustomer) => api.post<Customer>('/api/v1/customers', body),
    onSuccess: (c) => {
      void qc.invalidateQueries({ queryKey: ['customers'] });
      onCreated(c);
    },
    onError: (err) => {
      const { unmatched } = applyApiErrorToForm(form, err, ['name', 'phone', 'address']);
      setFailure({ error: err, details: unmatched });
    },
  });
  return (
    <Form
      form={form}
      layout="vertical"
      initialValues={{ phone }}
      onFinish={(v) => {
        setFailure(null);
        save.mutate({
          name: v.name.trim(),
          phone: v.phone.trim(),
          ...(v.address?.trim() ? { address: v.address.trim() } : {}),
        });
      }}
      data-testid="desk-new-customer"
    >
      {failure ? <ErrorAlert error={failure.error} details={failure.details} /> : null}
      <Form.Item
        name="name"
        label={t('customers.fields.name')}
        rules={[{ required: true, whitespace: true, message: t('validation.required') }]}
      >
        <Input maxLength={100} data-testid="desk-customer-name" />
      </Form.Item>
      <Form.Item
        name="phone"
        label={t('customers.fields.phone')}
        rules={[{ required: true, whitespace: true, message: t('validation.required') }]}
      >
        <Input inputMode="tel" maxLength={30} />
      </Form.Item>
      <Form.Item name="address" label={t('customers.fields.address')}>
        <Input.TextArea autoSize={{ minRows: 2, maxRows: 4 }} maxLength={200} />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="desk-customer-save">
        {t('desk.createCustomer')}
      </Button>
    </Form>
  );
}

/** 网点受理: a walk-in customer at an outlet desk — find or create them by phone, pick the product, describe. */
export default function DeskPage() {
  const { t } = useTranslation();
  const { user } = useAuth();
  const [phone, setPhone] = useState('');
  const [customer, setCustomer] = useState<Customer | null>(null);
  const [addingUnit, setAddingUnit] = useState(false);
  const [newUnitId, setNewUnitId] = useState<string | undefined>();

  const found = useQuery({
    queryKey: ['customers', 'desk', phone],
    queryFn: ({ signal }) => api.get<Page<Customer>>('/api/v1/customers', { q: phone, limit: 10 }, signal),
    enabled: phone.length > 0,
  });
  const units = useQuery({
    queryKey: ['units', 'desk', customer?.id],
    queryFn: ({ signal }) =>
      api.get<Page<Unit>>('/api/v1/units', { customerId: customer?.id, limit: 100 }, signal),
    enabled: !!customer,
  });

  const step = customer ? 1 : 0;

  return (
    <div>
      <PageHeading title={t('desk.title')} />
      <Steps
        size="small"
        current={step}
        style={{ marginBottom: 16 }}
        responsive={false}
        items={[{ title: t('desk.stepCustomer') }, { title: t('desk.stepRequest') }]}
      />
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={10}>
          <Card size="small" title={t('desk.findCustomer')}>
            <Input.Search
              inputMode="tel"
              allowClear
              placeholder={t('desk.phonePlaceholder')}
              enterButton={<SearchOutlined />}
              onSearch={(v) => {
                setCustomer(null);
                setPhone(v.replace(/[\s-]/g, ''));
              }}
              data-testid="desk-phone"
            />
            <div style={{ marginTop: 12 }}>
              <ErrorAlert error={found.error} />
              {!phone ? null : found.isPending ? (
                <Skeleton active paragraph={{ rows: 2 }} />
              ) : (found.data?.items.length ?? 0) === 0 ? (
                <>
                  <Typography.Paragraph type="secondary">{t('desk.notFound')}</Typography.Paragraph>
                  <NewCustomerForm key={phone} phone={phone} onCreated={setCustomer} />
                </>
              ) : (
                <List
                  size="small"
                  dataSource={found.data?.items ?? []}
                  rowKey="id"
                  data-testid="desk-customers"
                  renderItem={(c) => (
                    <List.Item
                      style={{ paddingInline: 0 }}
                      actions={[
                        customer?.id === c.id ? (
                          <Tag key="sel" color="blue">
                            {t('hotline.selected')}
                          </Tag>
                        ) : (
                          <Button
                            key="pick"
                            size="small"
                            onClick={() => setCustomer(c)}
                            data-testid="desk-pick"
                          >
                            {t('hotline.pick')}
                          </Button>
                        ),
                      ]}
                    >
                      <List.Item.Meta
                        title={
                          <Space size={4} wrap>
                            {c.name}
                            <Tag>{c.number}</Tag>
                          </Space>
                        }
                        description={c.phone}
                      />
                    </List.Item>
                  )}
                />
              )}
            </div>
          </Card>
        </Col>
        <Col xs={24} lg={14}>
          <Card
            size="small"
            title={t('desk.request')}
            extra={
              customer ? (
                <Button size="small" icon={<PlusOutlined />} onClick={() => setAddingUnit(true)}>
                  {t('units.new')}
                </Button>
              ) : null
            }
          >
            {!customer ? (
              <Empty description={t('desk.pickCustomerFirst')} />
            ) : units.isPending ? (
              <Skeleton active />
            ) : (
              <IntakeForm
                key={`${customer.id}:${newUnitId ?? ''}:${units.data?.items.length ?? 0}`}
                customer={customer}
                units={units.data?.items ?? []}
                defaultUnitId={
                  newUnitId ?? (units.data?.items.length === 1 ? units.data.items[0].id : undefined)
                }
                channel="outlet"
                outletId={user?.outletId}
              />
            )}
          </Card>
        </Col>
      </Row>
      {customer ? (
        <UnitFormDrawer
          open={addingUnit}
          onClose={() => setAddingUnit(false)}
          customer={{ id: customer.id, name: customer.name, number: customer.number }}
          onSaved={(u) => setNewUnitId(u.id)}
        />
      ) : null}
    </div>
  );
}
