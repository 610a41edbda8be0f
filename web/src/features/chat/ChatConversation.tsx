import { SendOutlined } from '@ant-design/icons';
import { Alert, Button, Flex, Input, Popconfirm, Space, Spin, Tag, Typography } from 'antd';
import { type KeyboardEvent, type ReactNode, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../shared/components';
import { formatDateTime } from '../../shared/format';
import { type ChatMessage, type ChatSession, type ChatStatus, isOpenChat } from './chat-types';
import type { useChatSession } from './use-chat-session';
import './chat.css';

const STATUS_COLORS: Record<ChatStatus, string> = {
  waiting: 'orange',
  active: 'green',
  closed: 'default',
  abandoned: 'red',
};

export function ChatStatusTag({ status }: { status: ChatStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={STATUS_COLORS[status]} data-testid="chat-status" data-status={status}>
      {t(`chat.status.${status}`)}
    </Tag>
  );
}

function Bubble({ m, mine }: { m: ChatMessage; mine: boolean }) {
  const { t } = useTranslation();
  return (
    <div
      className={`chat-row ${mine ? 'chat-row-mine' : ''}`}
      data-testid="chat-message"
      data-author={m.author}
      data-seq={m.seq}
    >
      <div className={`chat-bubble chat-bubble-${m.author} ${mine ? 'chat-bubble-mine' : ''}`}>
        <div className="chat-meta">
          {m.author === 'bot' ? t('chat.bot') : m.authorName} · {formatDateTime(m.at)}
        </div>
        <div className="chat-text">{m.text}</div>
      </div>
    </div>
  );
}

/**
 * The conversation of one session, shared by the agent console and the customer portal: messages (live),
 * the reply box (Enter sends, Shift+Enter breaks the line) and the way to end the session.
 */
export function ChatConversation(props: {
  chat: ReturnType<typeof useChatSession>;
  viewer: 'agent' | 'customer';
  header?: ReactNode;
  onClosed?: (s: ChatSession) => void;
}) {
  const { t } = useTranslation();
  const { chat, viewer } = props;
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [sendError, setSendError] = useState<unknown>(null);
  const bottom = useRef<HTMLDivElement>(null);
  const count = chat.messages.length;

  useEffect(() => {
    if (count > 0) bottom.current?.scrollIntoView?.({ block: 'end' });
  }, [count]);

  if (chat.error) return <ErrorAlert error={chat.error} />;
  if (!chat.session) return <Spin style={{ display: 'block', margin: '48px auto' }} />;
  const session = chat.session;
  const open = isOpenChat(session);

  const submit = async () => {
    const value = text.trim();
    if (!value || busy) return;
    setBusy(true);
    setSendError(null);
    try {
      await chat.send(value);
      setText('');
    } catch (err) {
      setSendError(err);
    } finally {
      setBusy(false);
    }
  };
  const onKey = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
      e.preventDefault();
      void submit();
    }
  };
  const end = async (resolved?: boolean) => {
    setBusy(true);
    try {
      await chat.close(resolved);
      if (chat.session) props.onClosed?.(chat.session);
    } catch (err) {
      setSendError(err);
    } finally {
      setBusy(false);
    }
  };
  const lastIsBot = chat.messages.at(-1)?.author === 'bot';

  return (
    <div className="chat-panel" data-testid="chat-conversation" data-session-id={session.id}>
      <Flex className="chat-head" justify="space-between" align="center" wrap gap={8}>
        <Space size={4} wrap style={{ minWidth: 0 }}>
          {props.header}
          <ChatStatusTag status={session.status} />
          {chat.stream === 'reconnecting' && open ? <Tag>{t('chat.reconnecting')}</Tag> : null}
        </Space>
        {open ? (
          viewer === 'customer' ? (
            <Space size={4} wrap>
              <Popconfirm
                title={t('chat.closeConfirm')}
                okText={t('chat.resolved')}
                cancelText={t('chat.notResolved')}
                onConfirm={() => end(true)}
                onCancel={() => end(false)}
              >
                <Button size="small" danger loading={busy} data-testid="chat-close">
                  {t('chat.close')}
                </Button>
              </Popconfirm>
            </Space>
          ) : (
            <Popconfirm title={t('chat.closeConfirmAgent')} onConfirm={() => end()}>
              <Button size="small" loading={busy} data-testid="chat-close">
                {t('chat.close')}
              </Button>
            </Popconfirm>
          )
        ) : null}
      </Flex>
      {viewer === 'agent' ? (
        <Typography.Text type="secondary" className="chat-facts">
          {session.number} · {t('chat.startedAt')} {formatDateTime(session.startedAt)} ·{' '}
          {session.firstReplySeconds === null ? (
            t('chat.noReplyYet')
          ) : (
            <span data-testid="chat-first-reply">
              {t('chat.firstReply', { seconds: session.firstReplySeconds })}
            </span>
          )}
        </Typography.Text>
      ) : session.status === 'waiting' ? (
        <Typography.Text type="secondary" className="chat-facts" data-testid="chat-waiting">
          {t('chat.waitingForAgent')}
        </Typography.Text>
      ) : session.agentName ? (
        <Typography.Text type="secondary" className="chat-facts">
          {t('chat.servedBy', { name: session.agentName })}
        </Typography.Text>
      ) : null}
      <div className="chat-messages" data-testid="chat-messages">
        {chat.messages.map((m) => (
          <Bubble
            key={m.seq}
            m={m}
            mine={viewer === 'customer' ? m.author === 'customer' : m.author !== 'customer'}
          />
        ))}
        <div ref={bottom} />
      </div>
      <ErrorAlert error={sendError} />
      {open ? (
        <div className="chat-compose">
          <Input.TextArea
            value={text}
            onChange={(e) => setText(e.target.value)}
            onKeyDown={onKey}
            autoSize={{ minRows: 1, maxRows: 5 }}
            maxLength={2000}
            placeholder={t('chat.inputPlaceholder')}
            aria-label={t('chat.inputPlaceholder')}
            data-testid="chat-input"
          />
          <Button
            type="primary"
            icon={<SendOutlined />}
            onClick={() => void submit()}
            loading={busy}
            disabled={!text.trim()}
            data-testid="chat-send"
            aria-label={t('chat.send')}
          >
            {t('chat.send')}
          </Button>
        </div>
      ) : (
        <Alert type="info" showIcon message={t(`chat.ended.${session.status}`)} data-testid="chat-ended" />
      )}
      {open && viewer === 'customer' && lastIsBot && !session.humanRequested ? (
        <Button
          type="link"
          size="small"
          onClick={() => void chat.send(t('chat.requestHumanText'), { requestHuman: true })}
        >
          {t('chat.requestHuman')}
        </Button>
      ) : null}
    </div>
  );
}
