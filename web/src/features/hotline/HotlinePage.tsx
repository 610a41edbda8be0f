import { PhoneOutlined, PlusOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Button, Card, Col, Empty, Flex, Input, List, Row, Skeleton, Space, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { api } from '../../shared/api-client';
import { ErrorAlert, PageHeading, WarrantyTag } from '../../shared/components';
import { dash, formatDateTime } from '../../shared/format';
import { CustomerFormDrawer } from '../customers/CustomerFormDrawer';
import { IntakeForm } from '../requests/IntakeForm';
import { StatusTag, TypeTag } from '../requests/tags';
import type { CallerMatch } from '../requests/types';

function MatchCard(props: {
  match: CallerMatch;
  selected: boolean;
  selectedUnitId?: string;
  onPick: (unitId?: string) => void;
}) {
  const { t } = useTranslation();
  const { customer, units, openRequests } = props.match;
  return (
    <Card
      size="small"
      data-testid="caller-match"
      style={props.selected ? { borderColor: '#1677ff', boxShadow: '0 0 0 1px #1677ff' } : undefined}
      title={
        <Space size={4} wrap>
          <Link to={`/customers/${customer.id}`}>{customer.name}</Link>
          <Tag>{customer.number}</Tag>
        </Space>
      }
      extra={
        props.selected ? (
          <Tag color="blue">{t('hotline.selected')}</Tag>
        ) : (
          <Button size="small" type="link" onClick={() => props.onPick()} data-testid="caller-pick">
            {t('hotline.pick')}
          </Button>
        )
      }
    >
      <Typography.Paragraph type="secondary" style={{ marginBottom: 8, overflowWrap: 'anywhere' }}>
        {customer.phone} · {dash(customer.address)}
      </Typography.Paragraph>
      <Typography.Text strong>{t('hotline.units')}</Typography.Text>
      {units.length === 0 ? (
        <Typography.Paragraph type="secondary">{t('requests.intake.noUnits')}</Typography.Paragraph>
      ) : (
        <List
          size="small"
          dataSource={units}
          rowKey="id"
          renderItem={(u) => (
            <List.Item style={{ paddingInline: 0 }}>
              <Flex justify="space-between" align="center" gap={8} wrap style={{ width: '100%' }}>
                <Space size={4} wrap style={{ minWidth: 0 }}>
                  <span>{u.model.name}</span>
                  <Typography.Text type="secondary">{u.serial}</Typography.Text>
                  <WarrantyTag status={u.warranty?.status} />
                </Space>
                <Button
                  size="small"
                  type={props.selected && props.selectedUnitId === u.id ? 'primary' : 'default'}
                  onClick={() => props.onPick(u.id)}
                  data-testid="caller-pick-unit"
                >
                  {t('hotline.reportForUnit')}
                </Button>
              </Flex>
            </List.Item>
          )}
        />
      )}
      <div style={{ marginTop: 8 }}>
        <Typography.Text strong>{t('hotline.openRequests')}</Typography.Text>
        {openRequests.length === 0 ? (
          <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
            {t('hotline.noOpenRequests')}
          </Typography.Paragraph>
        ) : (
          <List
            size="small"
            dataSource={openRequests}
            rowKey="id"
            data-testid="caller-open-requests"
            renderItem={(r) => (
              <List.Item style={{ paddingInline: 0 }}>
                <Space size={4} wrap>
                  <Link to={`/requests/${r.id}`}>{r.number}</Link>
                  <TypeTag type={r.type} />
                  <StatusTag status={r.status} />
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {formatDateTime(r.receivedAt)}
                  </Typography.Text>
                </Space>
              </List.Item>
            )}
          />
        )}
      </div>
    </Card>
  );
}

/** 热线受理: a call comes in (typed number or a PBX screen-pop `?phone=`), the caller is identified, a request taken. */
export default function HotlinePage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const phone = (params.get('phone') ?? '').trim();
  const [input, setInput] = useState(phone);
  const [pick, setPick] = useState<{ customerId: string; unitId?: string } | null>(null);
  const [creating, setCreating] = useState(false);
  useEffect(() => setInput(phone), [phone]);

  const lookup = useQuery({
    queryKey: ['caller-lookup', phone],
    queryFn: ({ signal }) => api.get<{ matches: CallerMatch[] }>('/api/v1/caller-lookup', { phone }, signal),
    enabled: phone.length > 0,
  });
  const matches = lookup.data?.matches ?? [];

  // One caller: select them (and their only product) straight away.
  useEffect(() => {
    const found = lookup.data?.matches ?? [];
    if (found.length === 1) {
      const m = found[0];
      setPick((p) =>
        p && p.customerId === m.customer.id
          ? p
          : { customerId: m.customer.id, unitId: m.units.length === 1 ? m.units[0].id : undefined },
      );
    } else {
      setPick((p) => (p && found.some((m) => m.customer.id === p.customerId) ? p : null));
    }
  }, [lookup.data]);

  const selected = pick ? matches.find((m) => m.customer.id === pick.customerId) : undefined;

  return (
    <div>
      <PageHeading title={t('hotline.title')} />
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={10}>
          <Card size="small" style={{ marginBottom: 16 }}>
            <Input.Search
              size="large"
              inputMode="tel"
              allowClear
              prefix={<PhoneOutlined />}
              placeholder={t('hotline.phonePlaceholder')}
              enterButton={t('hotline.lookup')}
              value={input}
              onChange={(e) => setInput(e.target.value)}
              onSearch={(v) => {
                const p = v.replace(/[\s-]/g, '');
                setPick(null);
                setParams(p ? { phone: p } : {});
              }}
              data-testid="hotline-phone"
            />
          </Card>
          <ErrorAlert error={lookup.error} />
          {!phone ? (
            <Card size="small">
              <Empty description={t('hotline.enterPhone')} />
            </Card>
          ) : lookup.isPending ? (
            <Skeleton active />
          ) : matches.length === 0 ? (
            <Card size="small" data-testid="caller-unknown">
              <Empty description={t('hotline.unknownCaller', { phone })}>
                <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
                  {t('customers.new')}
                </Button>
              </Empty>
            </Card>
          ) : (
            <Flex vertical gap={12} data-testid="caller-matches">
              {matches.map((m) => (
                <MatchCard
                  key={m.customer.id}
                  match={m}
                  selected={pick?.customerId === m.customer.id}
                  selectedUnitId={pick?.unitId}
                  onPick={(unitId) => setPick({ customerId: m.customer.id, unitId })}
                />
              ))}
            </Flex>
          )}
        </Col>
        <Col xs={24} lg={14}>
          <Card size="small" title={t('hotline.intake')}>
            {selected ? (
              <IntakeForm
                // A new pick starts a new form.
                key={`${selected.customer.id}:${pick?.unitId ?? ''}`}
                customer={selected.customer}
                units={selected.units}
                defaultUnitId={pick?.unitId}
                channel="hotline"
              />
            ) : (
              <Empty description={t('hotline.pickCaller')} />
            )}
          </Card>
        </Col>
      </Row>
      <CustomerFormDrawer
        open={creating}
        onClose={() => setCreating(false)}
        onSaved={() => void lookup.refetch()}
      />
    </div>
  );
}
