import { PlusOutlined } from '@ant-design/icons';
import { Button, Card, Input, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert, LoadMoreFooter } from '../../shared/components';
import type { Unit } from '../../shared/types';
import { useCursorList } from '../../shared/use-cursor-list';
import { useIsMobile } from '../../shared/use-is-mobile';
import { UnitFormDrawer } from './UnitFormDrawer';
import { UnitsTable } from './UnitsTable';

export default function UnitsPage() {
  const { t } = useTranslation();
  const isMobile = useIsMobile();
  const [q, setQ] = useState('');
  const [creating, setCreating] = useState(false);
  const list = useCursorList<Unit>(['units'], '/api/v1/units', { q });
  return (
    <div>
      <div className="page-toolbar">
        <Typography.Title level={4}>{t('units.title')}</Typography.Title>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
          {t('units.new')}
        </Button>
      </div>
      <Card size="small">
        <Input.Search
          allowClear
          placeholder={t('units.searchPlaceholder')}
          onSearch={(v) => setQ(v.trim())}
          style={{ maxWidth: isMobile ? '100%' : 360, marginBottom: 12 }}
        />
        <ErrorAlert error={list.error} />
        <UnitsTable units={list.items} loading={list.isPending} />
        <LoadMoreFooter
          shown={list.items.length}
          total={list.total}
          hasMore={!!list.hasNextPage}
          loading={list.isFetchingNextPage}
          onLoadMore={() => void list.fetchNextPage()}
        />
      </Card>
      <UnitFormDrawer open={creating} onClose={() => setCreating(false)} />
    </div>
  );
}
