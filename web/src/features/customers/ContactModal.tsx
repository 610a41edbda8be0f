import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Form, Input, Modal } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiErrorDetail } from '../../shared/api-client';
import { api } from '../../shared/api-client';
import { ErrorAlert } from '../../shared/components';
import { applyApiErrorToForm } from '../../shared/form-errors';

export function ContactModal({
  customerId,
  open,
  onClose,
}: {
  customerId: string;
  open: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ name: string; phone: string; relation?: string }>();
  const qc = useQueryClient();
  const [failure, setFailure] = useState<{ error: unknown; details: ApiErrorDetail[] } | null>(null);
  const save = useMutation({
    mutationFn: (body: { name: string; phone: string; relation?: string }) =>
      api.post(`/api/v1/customers/${customerId}/contacts`, body),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: ['customer', customerId] });
      form.resetFields();
      onClose();
    },
    onError: (err) => {
      const { unmatched } = applyApiErrorToForm(form, err, ['name', 'phone', 'relation']);
      setFailure({ error: err, details: unmatched });
    },
  });
  return (
    <Modal
      title={t('customers.contacts.new')}
      open={open}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={save.isPending}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      destroyOnHidden
    >
      {failure ? <ErrorAlert error={failure.error} details={failure.details} /> : null}
      <Form
        form={form}
        layout="vertical"
        onFinish={(v) => {
          setFailure(null);
          save.mutate({
            name: v.name.trim(),
            phone: v.phone.trim(),
            relation: v.relation?.trim() || undefined,
          });
        }}
      >
        <Form.Item
          name="name"
          label={t('customers.contacts.name')}
          rules={[{ required: true, message: t('validation.required') }]}
        >
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item
          name="phone"
          label={t('customers.contacts.phone')}
          rules={[{ required: true, message: t('validation.required') }]}
        >
          <Input inputMode="tel" maxLength={30} />
        </Form.Item>
        <Form.Item name="relation" label={t('customers.contacts.relation')}>
          <Input maxLength={50} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
