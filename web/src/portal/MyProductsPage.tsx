import { Button, Card, Col, Empty, Row, Skeleton, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ErrorAlert, WarrantyTag } from '../shared/components';
import { formatDate } from '../shared/format';
import type { Unit } from '../shared/types';
import { useCursorList } from '../shared/use-cursor-list';

export function MyProductsPage() {
  const { t } = useTranslation();
  // The server scopes /units to the logged-in customer.
  const list = useCursorList<Unit>(['units', 'mine'], '/api/v1/units', {}, 50);
  return (
    <div>
      <div className="page-toolbar">
        <Typography.Title level={4}>{t('portal.products.title')}</Typography.Title>
      </div>
      <ErrorAlert error={list.error} />
      {list.isPending ? (
        <Skeleton active />
      ) : list.items.length === 0 ? (
        <Card>
          <Empty description={t('portal.products.empty')} />
        </Card>
      ) : (
        <Row gutter={[16, 16]} data-testid="my-products">
          {list.items.map((u) => (
            <Col xs={24} sm={12} lg={8} key={u.id}>
              <Link to={`/products/${u.id}`} data-testid="product-card">
                <Card
                  hoverable
                  size="small"
                  title={u.model.name}
                  extra={<WarrantyTag status={u.warranty?.status} />}
                >
                  <Typography.Paragraph style={{ marginBottom: 4 }}>
                    <Typography.Text type="secondary">{t('units.fields.serial')}: </Typography.Text>
                    <span data-testid="product-serial">{u.serial}</span>
                  </Typography.Paragraph>
                  <Typography.Paragraph style={{ marginBottom: 4 }}>
                    <Typography.Text type="secondary">{t('units.fields.model')}: </Typography.Text>
                    {u.model.code}
                  </Typography.Paragraph>
                  <Typography.Paragraph style={{ marginBottom: 0 }}>
                    <Typography.Text type="secondary">{t('warranty.until')}: </Typography.Text>
                    {formatDate(u.warranty?.until)}
                  </Typography.Paragraph>
                </Card>
              </Link>
            </Col>
          ))}
        </Row>
      )}
      {list.hasNextPage ? (
        <Button
          block
          style={{ marginTop: 16 }}
          loading={list.isFetchingNextPage}
          onClick={() => void list.fetchNextPage()}
        >
          {t('common.loadMore')}
        </Button>
      ) : null}
    </div>
  );
}
