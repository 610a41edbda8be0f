import { EyeOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { App, Button, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../../shared/api-client';
import { errorText } from '../../shared/components';

/** Shows the masked value; "reveal" asks the server for the full one (permission pii:reveal, audited). */
export function RevealableValue(props: {
  customerId: string;
  field: 'phone' | 'address';
  masked: string | null | undefined;
  canReveal: boolean;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const reveal = useMutation({
    mutationFn: () =>
      api.post<{ value: string }>(`/api/v1/customers/${props.customerId}/reveal`, { field: props.field }),
    onError: (err) => void message.error(errorText(err, t)),
  });
  if (!props.masked) return <>—</>;
  return (
    <Space size={4} wrap>
      <Typography.Text
        copyable={reveal.data ? { text: reveal.data.value } : false}
        data-testid={`reveal-value-${props.field}`}
      >
        {reveal.data?.value ?? props.masked}
      </Typography.Text>
      {props.canReveal && !reveal.data ? (
        <Button
          size="small"
          type="link"
          icon={<EyeOutlined />}
          loading={reveal.isPending}
          onClick={() => reveal.mutate()}
          data-testid={`reveal-${props.field}`}
        >
          {t('customers.reveal')}
        </Button>
      ) : null}
    </Space>
  );
}
