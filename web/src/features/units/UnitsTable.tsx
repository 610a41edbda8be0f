import { Table, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { WarrantyTag } from '../../shared/components';
import { dash, formatDate } from '../../shared/format';
import type { Unit } from '../../shared/types';
import { useIsMobile } from '../../shared/use-is-mobile';

export function UnitsTable({
  units,
  loading,
  hideCustomer,
}: {
  units: Unit[];
  loading: boolean;
  hideCustomer?: boolean;
}) {
  const { t } = useTranslation();
  const isMobile = useIsMobile();
  const columns: TableColumnsType<Unit> = [
    {
      title: t('units.fields.serial'),
      dataIndex: 'serial',
      render: (s: string, u) => <Link to={`/units/${u.id}`}>{s}</Link>,
    },
    { title: t('units.fields.model'), key: 'model', render: (_, u) => `${u.model.name} (${u.model.code})` },
    { title: t('units.fields.category'), key: 'category', render: (_, u) => dash(u.model.category) },
    ...(hideCustomer
      ? []
      : [
          {
            title: t('units.fields.customer'),
            key: 'customer',
            render: (_: unknown, u: Unit) => (
              <Link to={`/customers/${u.customerId}`}>{u.customerName ?? u.customerId}</Link>
            ),
          },
        ]),
    { title: t('units.fields.purchasedAt'), dataIndex: 'purchasedAt', render: formatDate },
    { title: t('units.fields.installedAt'), dataIndex: 'installedAt', render: formatDate },
    {
      title: t('warranty.status.label'),
      key: 'warranty',
      render: (_, u) => <WarrantyTag status={u.warranty?.status} />,
    },
    { title: t('warranty.until'), key: 'until', render: (_, u) => formatDate(u.warranty?.until) },
  ];
  return (
    <Table<Unit>
      rowKey="id"
      size={isMobile ? 'small' : 'middle'}
      columns={columns}
      dataSource={units}
      loading={loading}
      pagination={false}
      scroll={{ x: 'max-content' }}
      data-testid="units-table"
    />
  );
}
