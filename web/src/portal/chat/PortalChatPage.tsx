import { CustomerServiceOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Card, Input, Skeleton, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ChatConversation } from '../../features/chat/ChatConversation';
import { type ChatSession, type ChatSessionWithMessages, isOpenChat } from '../../features/chat/chat-types';
import { useChatSession } from '../../features/chat/use-chat-session';
import { api } from '../../shared/api-client';
import { ErrorAlert } from '../../shared/components';
import type { Page } from '../../shared/types';

/** 在线客服 (customer side): resume the open session, or start one with a first message. */
export default function PortalChatPage() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [text, setText] = useState('');
  // undefined: resume the open session, if any; null: show the start form; else that session.
  const [current, setCurrent] = useState<string | null | undefined>(undefined);
  const open = useQuery({
    queryKey: ['chat', 'mine', 'open'],
    queryFn: () => api.get<Page<ChatSession>>('/api/v1/chat/sessions', { status: 'open', limit: 1 }),
  });
  const sessionId = current === undefined ? (open.data?.items[0]?.id ?? null) : current;
  const chat = useChatSession(sessionId);
  const start = useMutation({
    mutationFn: (first: string) =>
      api.post<ChatSessionWithMessages>('/api/v1/chat/sessions', { text: first }),
    onSuccess: (r) => {
      setText('');
      setCurrent(r.session.id);
      void qc.invalidateQueries({ queryKey: ['chat', 'mine'] });
    },
  });

  const startForm = (
    <Card>
      <Typography.Paragraph type="secondary">{t('chat.startHint')}</Typography.Paragraph>
      <ErrorAlert error={start.error} />
      <Input.TextArea
        value={text}
        onChange={(e) => setText(e.target.value)}
        autoSize={{ minRows: 3, maxRows: 6 }}
        maxLength={2000}
        placeholder={t('chat.startPlaceholder')}
        aria-label={t('chat.startPlaceholder')}
        data-testid="chat-start-input"
      />
      <Button
        type="primary"
        block
        style={{ marginTop: 12 }}
        icon={<CustomerServiceOutlined />}
        loading={start.isPending}
        disabled={!text.trim()}
        onClick={() => start.mutate(text.trim())}
        data-testid="chat-start"
      >
        {t('chat.start')}
      </Button>
    </Card>
  );

  return (
    <div data-testid="portal-chat">
      <div className="page-toolbar">
        <Typography.Title level={4}>{t('chat.portalTitle')}</Typography.Title>
        {sessionId && chat.session && !isOpenChat(chat.session) ? (
          <Button onClick={() => setCurrent(null)} data-testid="chat-new">
            {t('chat.newChat')}
          </Button>
        ) : null}
      </div>
      <ErrorAlert error={open.error} />
      {open.isPending ? (
        <Skeleton active />
      ) : sessionId ? (
        <Card size="small">
          <ChatConversation chat={chat} viewer="customer" />
        </Card>
      ) : (
        startForm
      )}
    </div>
  );
}
