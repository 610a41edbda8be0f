import { ArrowLeftOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Badge, Button, Card, Col, Empty, Flex, Row, Tabs, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { api } from '../../shared/api-client';
import { ErrorAlert, PageHeading } from '../../shared/components';
import { formatDateTime } from '../../shared/format';
import type { Page } from '../../shared/types';
import { useIsMobile } from '../../shared/use-is-mobile';
import { ChatConversation, ChatStatusTag } from './ChatConversation';
import type { ChatSession } from './chat-types';
import { useChatSession } from './use-chat-session';

const QUEUE_KEY = ['chat', 'sessions'] as const;

/** Keeps the queue lists current: the agents' queue stream nudges a refetch on every session change. */
function useQueueStream() {
  const qc = useQueryClient();
  useEffect(() => {
    const source = new EventSource('/api/v1/chat/queue/stream');
    source.addEventListener('queue', () => void qc.invalidateQueries({ queryKey: QUEUE_KEY }));
    return () => source.close();
  }, [qc]);
}

function SessionList(props: {
  items: ChatSession[];
  selected?: string;
  onSelect: (id: string) => void;
  emptyText: string;
  testId: string;
}) {
  if (props.items.length === 0)
    return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={props.emptyText} />;
  return (
    <Flex vertical gap={4} data-testid={props.testId}>
      {props.items.map((s) => (
        <button
          type="button"
          key={s.id}
          className={`chat-list-item ${s.id === props.selected ? 'chat-list-item-selected' : ''}`}
          onClick={() => props.onSelect(s.id)}
          data-testid="chat-queue-item"
          data-session-id={s.id}
        >
          <Flex justify="space-between" gap={8} align="center">
            <Typography.Text strong ellipsis style={{ minWidth: 0 }}>
              {s.customerName ?? s.number}
            </Typography.Text>
            <ChatStatusTag status={s.status} />
          </Flex>
          <Typography.Text type="secondary" ellipsis style={{ display: 'block', fontSize: 12 }}>
            {s.preview ?? ''}
          </Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 11 }}>
            {s.number} · {formatDateTime(s.startedAt)}
          </Typography.Text>
        </button>
      ))}
    </Flex>
  );
}

/** 在线客服 (agent side): the queue of waiting sessions, my sessions, and the open conversation, live. */
export default function ChatConsolePage() {
  const { t } = useTranslation();
  const { id } = useParams();
  const navigate = useNavigate();
  const isMobile = useIsMobile();
  const qc = useQueryClient();
  const [tab, setTab] = useState('waiting');
  useQueueStream();
  const waiting = useQuery({
    queryKey: [...QUEUE_KEY, 'waiting'],
    queryFn: () => api.get<Page<ChatSession>>('/api/v1/chat/sessions', { status: 'waiting', limit: 100 }),
    refetchInterval: 30_000,
  });
  const mine = useQuery({
    queryKey: [...QUEUE_KEY, 'mine'],
    queryFn: () =>
      api.get<Page<ChatSession>>('/api/v1/chat/sessions', { status: 'active', mine: 'true', limit: 100 }),
    refetchInterval: 30_000,
  });
  const chat = useChatSession(id);
  const select = (sid: string) => navigate(`/chat/${sid}`);
  const refresh = () => void qc.invalidateQueries({ queryKey: QUEUE_KEY });
  const status = chat.session?.status;
  // biome-ignore lint/correctness/useExhaustiveDependencies: refetch the lists when the open session changes state
  useEffect(refresh, [status]);

  const lists = (
    <Card size="small" styles={{ body: { padding: 8 } }}>
      <ErrorAlert error={waiting.error ?? mine.error} />
      <Tabs
        size="small"
        activeKey={tab}
        onChange={setTab}
        items={[
          {
            key: 'waiting',
            label: (
              <span data-testid="chat-tab-waiting">
                {t('chat.queue')} <Badge count={waiting.data?.total ?? 0} size="small" />
              </span>
            ),
            children: (
              <SessionList
                items={waiting.data?.items ?? []}
                selected={id}
                onSelect={select}
                emptyText={t('chat.queueEmpty')}
                testId="chat-queue"
              />
            ),
          },
          {
            key: 'mine',
            label: (
              <span>
                {t('chat.mine')} <Badge count={mine.data?.total ?? 0} size="small" color="green" />
              </span>
            ),
            children: (
              <SessionList
                items={mine.data?.items ?? []}
                selected={id}
                onSelect={select}
                emptyText={t('chat.mineEmpty')}
                testId="chat-mine"
              />
            ),
          },
        ]}
      />
    </Card>
  );
  const conversation = id ? (
    <Card size="small">
      <ChatConversation
        chat={chat}
        viewer="agent"
        header={
          <>
            {isMobile ? (
              <Button
                type="text"
                size="small"
                icon={<ArrowLeftOutlined />}
                onClick={() => navigate('/chat')}
                aria-label={t('chat.back')}
              />
            ) : null}
            <Typography.Text strong ellipsis style={{ maxWidth: 200 }}>
              {chat.session?.customerName ?? chat.session?.number}
            </Typography.Text>
          </>
        }
        onClosed={refresh}
      />
    </Card>
  ) : (
    <Card>
      <Empty description={t('chat.pickSession')} />
    </Card>
  );

  return (
    <div data-testid="chat-console">
      <PageHeading title={t('chat.title')} />
      {isMobile ? (
        id ? (
          conversation
        ) : (
          lists
        )
      ) : (
        <Row gutter={16}>
          <Col span={8}>{lists}</Col>
          <Col span={16}>{conversation}</Col>
        </Row>
      )}
    </div>
  );
}
