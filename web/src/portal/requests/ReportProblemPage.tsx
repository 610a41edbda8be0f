import { ArrowLeftOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Empty,
  Form,
  Input,
  Radio,
  Skeleton,
  Space,
  Typography,
  type UploadFile,
} from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import type { Attachment, CreatedServiceRequest } from '../../features/requests/types';
import { type ApiErrorDetail, api } from '../../shared/api-client';
import { useAuth } from '../../shared/auth';
import { ErrorAlert, errorText, PageHeading, WarrantyTag } from '../../shared/components';
import { applyApiErrorToForm } from '../../shared/form-errors';
import type { Page, Unit } from '../../shared/types';
import { PhotoUpload } from './PhotoUpload';

interface Values {
  unitId?: string;
  description: string;
}

function newKey(): string {
  return globalThis.crypto?.randomUUID?.() ?? `${Date.now()}-${Math.random().toString(36).slice(2)}`;
}

/** 报修: pick one of my products (or come from its QR code, `?serial=`), describe the problem, add photos. */
export default function ReportProblemPage() {
  const { t } = useTranslation();
  const { user } = useAuth();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const [params] = useSearchParams();
  const serial = params.get('serial')?.trim() ?? '';
  const [form] = Form.useForm<Values>();
  const [photos, setPhotos] = useState<UploadFile<Attachment>[]>([]);
  const [key] = useState(newKey);
  const [failure, setFailure] = useState<{ error: unknown; details: ApiErrorDetail[] } | null>(null);

  const units = useQuery({
    queryKey: ['units', 'mine', 'report'],
    queryFn: ({ signal }) => api.get<Page<Unit>>('/api/v1/units', { limit: 100 }, signal),
  });
  const scanned = useQuery({
    queryKey: ['unit', 'by-serial', serial],
    queryFn: ({ signal }) =>
      api.get<Unit>(`/api/v1/units/by-serial/${encodeURIComponent(serial)}`, undefined, signal),
    enabled: serial.length > 0,
    retry: false,
  });
  useEffect(() => {
    if (scanned.data) form.setFieldsValue({ unitId: scanned.data.id });
  }, [scanned.data, form]);
  useEffect(() => {
    const list = units.data?.items ?? [];
    if (!serial && list.length === 1 && !form.getFieldValue('unitId'))
      form.setFieldsValue({ unitId: list[0].id });
  }, [units.data, serial, form]);

  const save = useMutation({
    mutationFn: (body: Record<string, unknown>) =>
      api.post<CreatedServiceRequest>('/api/v1/service-requests', body, {
        headers: { 'Idempotency-Key': key },
      }),
    onSuccess: (r) => {
      void qc.invalidateQueries({ queryKey: ['service-requests'] });
      void message.success(t('portalRequests.report.submitted', { number: r.number }));
      navigate(`/requests/${r.id}`);
    },
    onError: (err) => {
      const { unmatched } = applyApiErrorToForm(form, err, ['unitId', 'description']);
      setFailure({ error: err, details: unmatched });
    },
  });

  const uploading = photos.some((p) => p.status === 'uploading');
  const submit = (v: Values) => {
    setFailure(null);
    const attachmentIds = photos
      .filter((p) => p.status === 'done' && p.response?.id)
      .map((p) => p.response!.id);
    save.mutate({
      customerId: user?.customerId,
      channel: 'app',
      description: v.description.trim(),
      ...(v.unitId ? { unitId: v.unitId } : {}),
      ...(attachmentIds.length ? { attachmentIds } : {}),
    });
  };

  // Units from the list plus the scanned one (in case it is not on the first page).
  const list = units.data?.items ?? [];
  const all = scanned.data && !list.some((u) => u.id === scanned.data.id) ? [scanned.data, ...list] : list;

  return (
    <div style={{ maxWidth: 720, margin: '0 auto' }}>
      <PageHeading
        back={
          <Link to="/requests" aria-label={t('common.backToList')}>
            <ArrowLeftOutlined />
          </Link>
        }
        title={t('portalRequests.report.title')}
      />
      <Card size="small">
        {serial && scanned.error ? (
          <Alert
            type="warning"
            showIcon
            style={{ marginBottom: 16 }}
            message={t('portalRequests.report.serialNotMine', { serial })}
            description={errorText(scanned.error, t)}
            data-testid="serial-not-found"
          />
        ) : null}
        {failure ? <ErrorAlert error={failure.error} details={failure.details} /> : null}
        <Form form={form} layout="vertical" onFinish={submit} data-testid="report-form">
          <Form.Item name="unitId" label={t('portalRequests.report.product')}>
            {units.isPending || (serial && scanned.isPending) ? (
              <Skeleton active paragraph={{ rows: 2 }} />
            ) : all.length === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('portal.products.empty')} />
            ) : (
              <Radio.Group style={{ width: '100%' }} data-testid="report-units">
                <Space direction="vertical" style={{ width: '100%' }}>
                  {all.map((u) => (
                    <Radio key={u.id} value={u.id} data-testid="report-unit" style={{ width: '100%' }}>
                      <Space size={4} wrap>
                        <Typography.Text strong>{u.model.name}</Typography.Text>
                        <Typography.Text type="secondary" data-testid="report-unit-serial">
                          {u.serial}
                        </Typography.Text>
                        <WarrantyTag status={u.warranty?.status} />
                      </Space>
                    </Radio>
                  ))}
                </Space>
              </Radio.Group>
            )}
          </Form.Item>
          <Form.Item
            name="description"
            label={t('portalRequests.report.description')}
            rules={[{ required: true, whitespace: true, message: t('validation.required') }]}
          >
            <Input.TextArea
              autoSize={{ minRows: 4, maxRows: 10 }}
              maxLength={4000}
              showCount
              placeholder={t('portalRequests.report.descriptionPlaceholder')}
              data-testid="report-description"
            />
          </Form.Item>
          <Form.Item label={t('portalRequests.report.photos')} extra={t('portalRequests.report.photosHint')}>
            <PhotoUpload value={photos} onChange={setPhotos} />
          </Form.Item>
          <Button
            type="primary"
            htmlType="submit"
            size="large"
            block
            loading={save.isPending}
            disabled={uploading}
            data-testid="report-submit"
          >
            {uploading ? t('portalRequests.report.uploading') : t('portalRequests.report.submit')}
          </Button>
        </Form>
      </Card>
    </div>
  );
}
