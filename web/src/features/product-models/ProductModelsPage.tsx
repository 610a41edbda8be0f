import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { TableColumnsType } from 'antd';
import {
  App,
  Button,
  Card,
  Col,
  Divider,
  Drawer,
  Form,
  Input,
  InputNumber,
  Row,
  Space,
  Table,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { MASTER_DATA_ROLES } from '../../console/nav';
import { type ApiErrorDetail, api } from '../../shared/api-client';
import { useAuth } from '../../shared/auth';
import { ErrorAlert, LoadMoreFooter } from '../../shared/components';
import { applyApiErrorToForm } from '../../shared/form-errors';
import { dash } from '../../shared/format';
import type { ProductModel, WarrantyTerms } from '../../shared/types';
import { useCursorList } from '../../shared/use-cursor-list';
import { useIsMobile } from '../../shared/use-is-mobile';

const TERMS: (keyof WarrantyTerms)[] = [
  'returnDays',
  'exchangeDays',
  'repairDays',
  'partsMonths',
  'labourMonths',
];
const FIELDS = ['code', 'name', 'brand', 'category', 'warranty', ...TERMS.map((k) => `warranty.${k}`)];

function NewModelDrawer({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const isMobile = useIsMobile();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<Omit<ProductModel, 'id'>>();
  const [failure, setFailure] = useState<{ error: unknown; details: ApiErrorDetail[] } | null>(null);
  const save = useMutation({
    mutationFn: (body: Omit<ProductModel, 'id'>) => api.post<ProductModel>('/api/v1/product-models', body),
    onSuccess: (m) => {
      void qc.invalidateQueries({ queryKey: ['product-models'] });
      void message.success(t('productModels.created', { code: m.code }));
      form.resetFields();
      onClose();
    },
    onError: (err) => {
      const { unmatched } = applyApiErrorToForm(form, err, FIELDS);
      setFailure({ error: err, details: unmatched });
    },
  });
  const required = [{ required: true, message: t('validation.required') }];
  return (
    <Drawer
      title={t('productModels.new')}
      open={open}
      onClose={onClose}
      width={isMobile ? '100%' : 520}
      destroyOnHidden
      extra={
        <Space>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" loading={save.isPending} onClick={() => form.submit()}>
            {t('common.save')}
          </Button>
        </Space>
      }
    >
      {failure ? <ErrorAlert error={failure.error} details={failure.details} /> : null}
      <Form
        form={form}
        layout="vertical"
        onFinish={(v) => {
          setFailure(null);
          save.mutate({
            code: v.code.trim(),
            name: v.name.trim(),
            brand: v.brand?.trim() || undefined,
            category: v.category.trim(),
            warranty: v.warranty,
          });
        }}
      >
        <Row gutter={12}>
          <Col xs={24} sm={12}>
            <Form.Item name="code" label={t('productModels.fields.code')} rules={required}>
              <Input maxLength={64} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="name" label={t('productModels.fields.name')} rules={required}>
              <Input maxLength={100} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="brand" label={t('productModels.fields.brand')}>
              <Input maxLength={64} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="category" label={t('productModels.fields.category')} rules={required}>
              <Input maxLength={64} />
            </Form.Item>
          </Col>
        </Row>
        <Divider orientation="left" plain>
          {t('productModels.warrantyTerms')}
        </Divider>
        <Row gutter={12}>
          {TERMS.map((k) => (
            <Col xs={12} sm={8} key={k}>
              <Form.Item name={['warranty', k]} label={t(`productModels.terms.${k}`)} rules={required}>
                <InputNumber min={0} max={1200} precision={0} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
          ))}
        </Row>
      </Form>
    </Drawer>
  );
}

export default function ProductModelsPage() {
  const { t } = useTranslation();
  const { hasRole } = useAuth();
  const isMobile = useIsMobile();
  const [creating, setCreating] = useState(false);
  const list = useCursorList<ProductModel>(['product-models'], '/api/v1/product-models', {}, 50);
  const w = (m: ProductModel, k: keyof WarrantyTerms) => dash(m.warranty?.[k]);
  const columns: TableColumnsType<ProductModel> = [
    { title: t('productModels.fields.code'), dataIndex: 'code' },
    { title: t('productModels.fields.name'), dataIndex: 'name' },
    { title: t('productModels.fields.brand'), dataIndex: 'brand', render: dash },
    { title: t('productModels.fields.category'), dataIndex: 'category', render: dash },
    ...TERMS.map((k) => ({
      title: t(`productModels.termsShort.${k}`),
      key: k,
      align: 'right' as const,
      render: (_: unknown, m: ProductModel) => w(m, k),
    })),
  ];
  return (
    <div>
      <div className="page-toolbar">
        <Typography.Title level={4}>{t('productModels.title')}</Typography.Title>
        {hasRole(...MASTER_DATA_ROLES) ? (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
            {t('productModels.new')}
          </Button>
        ) : null}
      </div>
      <Card size="small">
        <ErrorAlert error={list.error} />
        <Table<ProductModel>
          rowKey="id"
          size={isMobile ? 'small' : 'middle'}
          columns={columns}
          dataSource={list.items}
          loading={list.isPending}
          pagination={false}
          scroll={{ x: 'max-content' }}
        />
        <LoadMoreFooter
          shown={list.items.length}
          total={list.total}
          hasMore={!!list.hasNextPage}
          loading={list.isFetchingNextPage}
          onLoadMore={() => void list.fetchNextPage()}
        />
      </Card>
      <NewModelDrawer open={creating} onClose={() => setCreating(false)} />
    </div>
  );
}
