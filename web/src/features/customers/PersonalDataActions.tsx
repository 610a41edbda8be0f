import { DownloadOutlined, UserDeleteOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Form, Input, Modal, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../shared/api-client';
import { errorText } from '../../shared/components';

/**
 * PIPL requests of a customer: a copy of the personal data (JSON download, audited) and anonymisation
 * (irreversible; the server refuses while work is open and checks the typed customer number).
 */
export function PersonalDataActions(props: {
  customerId: string;
  number: string;
  canExport: boolean;
  canErase: boolean;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [erasing, setErasing] = useState(false);
  const [form] = Form.useForm<{ confirmNumber: string; reason: string }>();
  const exportData = useMutation({
    mutationFn: () => api.get<unknown>(`/api/v1/customers/${props.customerId}/personal-data`),
    onSuccess: (data) => {
      const url = URL.createObjectURL(
        new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' }),
      );
      const a = document.createElement('a');
      a.href = url;
      a.download = `personal-data-${props.number}.json`;
      a.click();
      URL.revokeObjectURL(url);
    },
    onError: (err) => void message.error(errorText(err, t)),
  });
  const anonymise = useMutation({
    mutationFn: (body: { confirmNumber: string; reason: string }) =>
      api.post(`/api/v1/customers/${props.customerId}/anonymise`, body),
    onSuccess: () => {
      setErasing(false);
      void message.success(t('customers.pii.anonymised'));
      void queryClient.invalidateQueries({ queryKey: ['customer', props.customerId] });
    },
    onError: (err) => void message.error(errorText(err, t)),
  });
  if (!props.canExport && !props.canErase) return null;
  return (
    <Space wrap>
      {props.canExport ? (
        <Button
          icon={<DownloadOutlined />}
          loading={exportData.isPending}
          onClick={() => exportData.mutate()}
          data-testid="pii-export"
        >
          {t('customers.pii.export')}
        </Button>
      ) : null}
      {props.canErase ? (
        <Button
          danger
          icon={<UserDeleteOutlined />}
          onClick={() => setErasing(true)}
          data-testid="pii-anonymise"
        >
          {t('customers.pii.anonymise')}
        </Button>
      ) : null}
      <Modal
        open={erasing}
        title={t('customers.pii.anonymiseTitle')}
        okText={t('customers.pii.anonymise')}
        okButtonProps={{ danger: true, loading: anonymise.isPending }}
        onCancel={() => setErasing(false)}
        onOk={() => void form.validateFields().then((v) => anonymise.mutate(v))}
        destroyOnHidden
      >
        <Typography.Paragraph type="warning">{t('customers.pii.anonymiseHint')}</Typography.Paragraph>
        <Form form={form} layout="vertical">
          <Form.Item
            name="confirmNumber"
            label={t('customers.pii.confirmNumber', { number: props.number })}
            rules={[{ required: true }]}
          >
            <Input autoComplete="off" />
          </Form.Item>
          <Form.Item name="reason" label={t('customers.pii.reason')} rules={[{ required: true, min: 2 }]}>
            <Input.TextArea rows={2} maxLength={500} />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}
