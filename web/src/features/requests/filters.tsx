import { useQuery } from '@tanstack/react-query';
import { Input, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../../shared/api-client';
import { CHANNELS, REQUEST_STATUSES, REQUEST_TYPES } from './types';

export function useEnumOptions() {
  const { t } = useTranslation();
  return {
    channels: CHANNELS.map((c) => ({ value: c, label: t(`requests.channel.${c}`) })),
    types: REQUEST_TYPES.map((c) => ({ value: c, label: t(`requests.type.${c}`) })),
    statuses: REQUEST_STATUSES.map((c) => ({ value: c, label: t(`requests.status.${c}`) })),
  };
}

interface Outlet {
  id: string;
  code?: string | null;
  name: string;
}

/** Outlet picker from /api/v1/outlets; a plain ID field while that list is not available. */
export function OutletFilter(props: {
  value?: string;
  onChange: (v: string | undefined) => void;
  width: number | string;
}) {
  const { t } = useTranslation();
  const outlets = useQuery({
    queryKey: ['outlets', 'picker'],
    queryFn: ({ signal }) => api.get<{ items: Outlet[] }>('/api/v1/outlets', { limit: 200 }, signal),
    retry: false,
    staleTime: 5 * 60_000,
  });
  if (outlets.data) {
    return (
      <Select
        allowClear
        showSearch
        optionFilterProp="label"
        placeholder={t('requests.filters.outlet')}
        style={{ width: props.width }}
        value={props.value}
        onChange={(v) => props.onChange(v ?? undefined)}
        options={outlets.data.items.map((o) => ({
          value: o.id,
          label: o.code ? `${o.code} ${o.name}` : o.name,
        }))}
        data-testid="filter-outlet"
      />
    );
  }
  return (
    <Input.Search
      allowClear
      placeholder={t('requests.filters.outletId')}
      style={{ width: props.width }}
      onSearch={(v) => props.onChange(v.trim() || undefined)}
      data-testid="filter-outlet"
    />
  );
}
