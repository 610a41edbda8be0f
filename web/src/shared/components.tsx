import { Alert, Button, Flex, Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, type ApiErrorDetail } from './api-client';
import type { WarrantyStatusName } from './types';

const WARRANTY_COLORS: Record<WarrantyStatusName, string> = {
  return: 'green',
  exchange: 'cyan',
  repair: 'blue',
  expired: 'red',
  unknown: 'default',
};

export function WarrantyTag({ status }: { status: WarrantyStatusName | null | undefined }) {
  const { t } = useTranslation();
  const s = status ?? 'unknown';
  return (
    <Tag color={WARRANTY_COLORS[s] ?? 'default'} data-testid="warranty-status">
      {t(`warranty.status.${s}`)}
    </Tag>
  );
}

export function YesNoTag({ value }: { value: boolean | null | undefined }) {
  const { t } = useTranslation();
  return value ? <Tag color="green">{t('common.yes')}</Tag> : <Tag>{t('common.no')}</Tag>;
}

export function LoadMoreFooter(props: {
  shown: number;
  total: number;
  hasMore: boolean;
  loading: boolean;
  onLoadMore: () => void;
}) {
  const { t } = useTranslation();
  return (
    <Flex justify="space-between" align="center" wrap gap={8} style={{ paddingTop: 12 }}>
      <Typography.Text type="secondary">
        {t('common.shownOfTotal', { shown: props.shown, total: props.total })}
      </Typography.Text>
      {props.hasMore ? (
        <Button onClick={props.onLoadMore} loading={props.loading} data-testid="load-more">
          {t('common.loadMore')}
        </Button>
      ) : null}
    </Flex>
  );
}

export function errorText(err: unknown, t: (k: string) => string): string {
  if (err instanceof ApiError) {
    if (err.isNetworkError) return t('errors.network');
    if (err.status === 403) return t('errors.forbidden');
    if (err.status === 404) return t('errors.notFound');
    return err.message || t('errors.generic');
  }
  return err instanceof Error ? err.message : t('errors.generic');
}

export function ErrorAlert({ error, details }: { error: unknown; details?: ApiErrorDetail[] }) {
  const { t } = useTranslation();
  if (!error) return null;
  const list = details ?? [];
  return (
    <Alert
      type="error"
      showIcon
      style={{ marginBottom: 16 }}
      message={errorText(error, t)}
      description={
        list.length > 0 ? (
          <ul style={{ margin: 0, paddingInlineStart: 18 }}>
            {list.map((d) => (
              <li key={`${d.path}:${d.message}`}>{d.path ? `${d.path}: ${d.message}` : d.message}</li>
            ))}
          </ul>
        ) : undefined
      }
    />
  );
}

export function JsonView({ value }: { value: unknown }) {
  if (value === undefined || value === null) return <Typography.Text type="secondary">—</Typography.Text>;
  return <pre className="json-view">{JSON.stringify(value, null, 2)}</pre>;
}

/** Page heading row: optional back link, a title that truncates instead of overflowing, extras on the right. */
export function PageHeading(props: {
  title: ReactNode;
  back?: ReactNode;
  tag?: ReactNode;
  extra?: ReactNode;
}) {
  return (
    <div className="page-toolbar">
      <div style={{ display: 'flex', alignItems: 'center', gap: 8, minWidth: 0, flex: '1 1 200px' }}>
        {props.back}
        <Typography.Title level={4} ellipsis style={{ margin: 0, minWidth: 0 }}>
          {props.title}
        </Typography.Title>
        {props.tag ? <span style={{ flex: 'none' }}>{props.tag}</span> : null}
      </div>
      {props.extra}
    </div>
  );
}
