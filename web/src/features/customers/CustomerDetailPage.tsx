import { ArrowLeftOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Button, Card, Col, Descriptions, Result, Row, Skeleton, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { CUSTOMER_ROLES, REVEAL_ROLES } from '../../console/nav';
import { api } from '../../shared/api-client';
import { useAuth } from '../../shared/auth';
import { errorText, LoadMoreFooter, PageHeading } from '../../shared/components';
import { dash, formatDateTime } from '../../shared/format';
import type { Contact, CustomerAddress, CustomerDetail, Unit } from '../../shared/types';
import { useCursorList } from '../../shared/use-cursor-list';
import { UnitFormDrawer } from '../units/UnitFormDrawer';
import { UnitsTable } from '../units/UnitsTable';
import { ContactModal } from './ContactModal';
import { CustomerFormDrawer } from './CustomerFormDrawer';
import { PersonalDataActions } from './PersonalDataActions';
import { RevealableValue } from './RevealButton';

export default function CustomerDetailPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const { hasRole } = useAuth();
  const [editing, setEditing] = useState(false);
  const [addingContact, setAddingContact] = useState(false);
  const [addingUnit, setAddingUnit] = useState(false);
  const customer = useQuery({
    queryKey: ['customer', id],
    queryFn: ({ signal }) =>
      api.get<CustomerDetail>(`/api/v1/customers/${encodeURIComponent(id)}`, undefined, signal),
  });
  const units = useCursorList<Unit>(['units'], '/api/v1/units', { customerId: id });
  const canReveal = hasRole(...REVEAL_ROLES);
  const canWrite = hasRole(...CUSTOMER_ROLES);

  if (customer.isPending) return <Skeleton active />;
  if (customer.error) {
    return (
      <Result
        status="warning"
        title={errorText(customer.error, t)}
        extra={<Link to="/customers">{t('common.backToList')}</Link>}
      />
    );
  }
  const c = customer.data;

  return (
    <div>
      <PageHeading
        back={
          <Link to="/customers" aria-label={t('common.backToList')}>
            <ArrowLeftOutlined />
          </Link>
        }
        title={c.name}
        tag={<Tag>{c.number}</Tag>}
        extra={
          <Space wrap>
            {canWrite ? (
              <Button icon={<EditOutlined />} onClick={() => setEditing(true)}>
                {t('common.edit')}
              </Button>
            ) : null}
            <PersonalDataActions
              customerId={c.id}
              number={c.number}
              canExport={hasRole('admin', 'manager')}
              canErase={hasRole('admin')}
            />
          </Space>
        }
      />
      <Row gutter={[16, 16]}>
        <Col xs={24}>
          <Card size="small" title={t('customers.profile')}>
            <Descriptions column={{ xs: 1, sm: 1, md: 2, lg: 3 }} size="small">
              <Descriptions.Item label={t('customers.fields.number')}>{c.number}</Descriptions.Item>
              <Descriptions.Item label={t('customers.fields.name')}>{c.name}</Descriptions.Item>
              <Descriptions.Item label={t('customers.fields.phone')}>
                <RevealableValue
                  key={c.phone}
                  customerId={c.id}
                  field="phone"
                  masked={c.phone}
                  canReveal={canReveal}
                />
              </Descriptions.Item>
              <Descriptions.Item label={t('customers.fields.region')}>
                {dash([c.city, c.district].filter(Boolean).join(' '))}
              </Descriptions.Item>
              <Descriptions.Item label={t('customers.fields.address')}>
                <RevealableValue
                  key={c.address ?? ''}
                  customerId={c.id}
                  field="address"
                  masked={c.address}
                  canReveal={canReveal}
                />
              </Descriptions.Item>
              <Descriptions.Item label={t('customers.fields.location')}>
                {c.location ? `${c.location.lat}, ${c.location.lng}` : '—'}
              </Descriptions.Item>
              <Descriptions.Item label={t('common.createdAt')}>
                {formatDateTime(c.createdAt)}
              </Descriptions.Item>
            </Descriptions>
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card
            size="small"
            title={t('customers.contacts.title')}
            extra={
              canWrite ? (
                <Button size="small" icon={<PlusOutlined />} onClick={() => setAddingContact(true)}>
                  {t('common.add')}
                </Button>
              ) : null
            }
          >
            <Table<Contact>
              rowKey="id"
              size="small"
              pagination={false}
              scroll={{ x: 'max-content' }}
              dataSource={c.contacts ?? []}
              columns={[
                { title: t('customers.contacts.name'), dataIndex: 'name' },
                { title: t('customers.contacts.phone'), dataIndex: 'phone' },
                { title: t('customers.contacts.relation'), dataIndex: 'relation', render: dash },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card size="small" title={t('customers.addresses.title')}>
            <Table<CustomerAddress>
              rowKey="id"
              size="small"
              pagination={false}
              scroll={{ x: 'max-content' }}
              dataSource={c.addresses ?? []}
              columns={[
                {
                  title: t('customers.addresses.label'),
                  dataIndex: 'label',
                  render: (l: string | null, a) => (
                    <Space size={4}>
                      {dash(l)}
                      {a.isDefault ? <Tag color="blue">{t('customers.addresses.default')}</Tag> : null}
                    </Space>
                  ),
                },
                { title: t('customers.fields.address'), dataIndex: 'address' },
                {
                  title: t('customers.fields.region'),
                  key: 'region',
                  render: (_, a) => dash([a.city, a.district].filter(Boolean).join(' ')),
                },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24}>
          <Card
            size="small"
            title={t('units.title')}
            extra={
              canWrite ? (
                <Button size="small" icon={<PlusOutlined />} onClick={() => setAddingUnit(true)}>
                  {t('units.new')}
                </Button>
              ) : null
            }
          >
            <UnitsTable units={units.items} loading={units.isPending} hideCustomer />
            <LoadMoreFooter
              shown={units.items.length}
              total={units.total}
              hasMore={!!units.hasNextPage}
              loading={units.isFetchingNextPage}
              onLoadMore={() => void units.fetchNextPage()}
            />
          </Card>
        </Col>
      </Row>
      <CustomerFormDrawer open={editing} onClose={() => setEditing(false)} customer={c} />
      <ContactModal customerId={c.id} open={addingContact} onClose={() => setAddingContact(false)} />
      <UnitFormDrawer
        open={addingUnit}
        onClose={() => setAddingUnit(false)}
        customer={{ id: c.id, name: c.name, number: c.number }}
      />
    </div>
  );
}
