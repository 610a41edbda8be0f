import { App, Button, Checkbox, DatePicker, Flex, Form, Input, Modal, Select } from 'antd';
import type { Dayjs } from 'dayjs';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../shared/components';
import { type EventBody, usePostEvent } from './api';
import { useEnumOptions } from './filters';
import { allowedEvents } from './lifecycle';
import type { ServiceRequest } from './types';

/** Events recorded with one click. */
const DIRECT = new Set(['responded', 'resumed', 'dispatched', 'arrived', 'accepted', 'closed']);
/** Order of the buttons: the usual next step first. */
const ORDER = [
  'responded',
  'appointment-agreed',
  'dispatched',
  'arrived',
  'resolved',
  'accepted',
  'closed',
  'reopened',
  'paused',
  'resumed',
  'reclassified',
  'note',
  'cancelled',
] as const;
const PRIMARY = new Set(['responded', 'appointment-agreed', 'dispatched', 'arrived', 'resolved']);

interface FormValues {
  arrivalAt?: Dayjs;
  firstContact?: boolean;
  newType?: string;
  reason?: string;
  note?: string;
}

/** Buttons for the events the server accepts next; a 409 from the server is shown as it says it. */
export function RequestActions({ request }: { request: ServiceRequest }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const post = usePostEvent(request.id);
  const [modal, setModal] = useState<string | null>(null);
  const [form] = Form.useForm<FormValues>();
  const opts = useEnumOptions();
  const allowed = allowedEvents(request);
  const shown = ORDER.filter((e) => allowed.has(e));

  const send = (body: EventBody) =>
    post.mutate(body, {
      onSuccess: () => {
        setModal(null);
        void message.success(t('requests.actions.done', { event: t(`requests.events.${body.type}`) }));
      },
    });

  const open = (type: string) => {
    post.reset();
    if (DIRECT.has(type)) {
      send({ type });
      return;
    }
    form.resetFields();
    if (type === 'appointment-agreed')
      form.setFieldsValue({ arrivalAt: dayjs().add(1, 'day').hour(10).minute(0).second(0) });
    if (type === 'reclassified') form.setFieldsValue({ newType: undefined });
    setModal(type);
  };

  const submit = (v: FormValues) => {
    if (!modal) return;
    const body: EventBody = { type: modal };
    if (modal === 'appointment-agreed' && v.arrivalAt) body.arrivalAt = v.arrivalAt.toISOString();
    if (modal === 'resolved') body.firstContact = !!v.firstContact;
    if (modal === 'reclassified') body.newType = v.newType;
    if (v.reason?.trim()) body.reason = v.reason.trim();
    if (v.note?.trim()) body.note = v.note.trim();
    send(body);
  };

  return (
    <div data-testid="request-actions">
      {!modal ? <ErrorAlert error={post.error} details={[]} /> : null}
      {shown.length === 0 ? null : (
        <Flex wrap gap={8}>
          {shown.map((e) => (
            <Button
              key={e}
              // A repeated contact is allowed, but it is no longer the next step.
              type={PRIMARY.has(e) && !(e === 'responded' && request.respondedAt) ? 'primary' : 'default'}
              danger={e === 'cancelled'}
              loading={post.isPending && post.variables?.type === e}
              disabled={post.isPending}
              onClick={() => open(e)}
              data-testid={`action-${e}`}
            >
              {t(`requests.actions.${e}`)}
            </Button>
          ))}
        </Flex>
      )}
      <Modal
        open={!!modal}
        title={modal ? t(`requests.actions.${modal}`) : ''}
        onCancel={() => setModal(null)}
        onOk={() => form.submit()}
        okText={t('requests.actions.confirm')}
        cancelText={t('common.cancel')}
        okButtonProps={{
          loading: post.isPending,
          danger: modal === 'cancelled',
          ...{ 'data-testid': 'action-confirm' },
        }}
        destroyOnHidden
        width={480}
      >
        {modal ? <ErrorAlert error={post.error} details={[]} /> : null}
        <Form form={form} layout="vertical" onFinish={submit} preserve={false}>
          {modal === 'appointment-agreed' ? (
            <Form.Item
              name="arrivalAt"
              label={t('requests.actions.arrivalAt')}
              rules={[{ required: true, message: t('validation.required') }]}
            >
              <DatePicker
                showTime={{ format: 'HH:mm', minuteStep: 5 }}
                format="YYYY-MM-DD HH:mm"
                style={{ width: '100%' }}
                inputReadOnly
                data-testid="arrival-at"
              />
            </Form.Item>
          ) : null}
          {modal === 'resolved' ? (
            <Form.Item name="firstContact" valuePropName="checked">
              <Checkbox data-testid="first-contact">{t('requests.actions.firstContact')}</Checkbox>
            </Form.Item>
          ) : null}
          {modal === 'reclassified' ? (
            <Form.Item
              name="newType"
              label={t('requests.actions.newType')}
              rules={[{ required: true, message: t('validation.required') }]}
            >
              <Select options={opts.types.filter((o) => o.value !== request.type)} data-testid="new-type" />
            </Form.Item>
          ) : null}
          {modal && ['reclassified', 'paused', 'reopened', 'cancelled'].includes(modal) ? (
            <Form.Item
              name="reason"
              label={t('requests.actions.reason')}
              rules={
                modal === 'reclassified' || modal === 'cancelled'
                  ? [{ required: true, whitespace: true, message: t('validation.required') }]
                  : []
              }
            >
              <Input.TextArea
                autoSize={{ minRows: 2, maxRows: 4 }}
                maxLength={500}
                data-testid="action-reason"
              />
            </Form.Item>
          ) : null}
          {modal === 'note' || modal === 'resolved' ? (
            <Form.Item
              name="note"
              label={t('requests.actions.note')}
              rules={
                modal === 'note'
                  ? [{ required: true, whitespace: true, message: t('validation.required') }]
                  : []
              }
            >
              <Input.TextArea
                autoSize={{ minRows: 2, maxRows: 6 }}
                maxLength={4000}
                data-testid="action-note"
              />
            </Form.Item>
          ) : null}
        </Form>
      </Modal>
    </div>
  );
}
