import { Card, Descriptions } from 'antd';
import { useTranslation } from 'react-i18next';
import { WarrantyTag, YesNoTag } from '../../shared/components';
import { formatDate } from '../../shared/format';
import type { UnitWarranty } from '../../shared/types';

/** The warranty position as the server computed it (三包: return / exchange / repair). */
export function WarrantyCard({ warranty }: { warranty: UnitWarranty | undefined }) {
  const { t } = useTranslation();
  return (
    <Card size="small" title={t('warranty.title')}>
      <Descriptions column={1} size="small">
        <Descriptions.Item label={t('warranty.status.label')}>
          <WarrantyTag status={warranty?.status} />
        </Descriptions.Item>
        <Descriptions.Item label={t('warranty.partsCovered')}>
          <YesNoTag value={warranty?.partsCovered} />
        </Descriptions.Item>
        <Descriptions.Item label={t('warranty.labourCovered')}>
          <YesNoTag value={warranty?.labourCovered} />
        </Descriptions.Item>
        <Descriptions.Item label={t('warranty.until')}>{formatDate(warranty?.until)}</Descriptions.Item>
      </Descriptions>
    </Card>
  );
}
