import { LogoutOutlined } from '@ant-design/icons';
import { Button, Card, Descriptions, Flex, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useAuth } from './auth';
import { LanguageSwitch } from './LanguageSwitch';

/** Profile page shared by the technician app and the customer portal. */
export function ProfilePage() {
  const { t } = useTranslation();
  const { user, logout } = useAuth();
  const navigate = useNavigate();
  return (
    <div>
      <Typography.Title level={4} style={{ marginTop: 4 }}>
        {t('profile.title')}
      </Typography.Title>
      <Card size="small">
        <Descriptions column={1} size="small">
          <Descriptions.Item label={t('profile.username')}>{user?.username}</Descriptions.Item>
          <Descriptions.Item label={t('profile.displayName')}>{user?.displayName || '—'}</Descriptions.Item>
          <Descriptions.Item label={t('profile.roles')}>
            <Flex wrap gap={4}>
              {(user?.roles ?? []).map((r) => (
                <Tag key={r}>{t(`roles.${r}`)}</Tag>
              ))}
            </Flex>
          </Descriptions.Item>
          <Descriptions.Item label={t('common.language')}>
            <LanguageSwitch />
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <Button
        danger
        block
        size="large"
        icon={<LogoutOutlined />}
        style={{ marginTop: 16 }}
        data-testid="logout"
        onClick={async () => {
          await logout();
          navigate('/login', { replace: true });
        }}
      >
        {t('auth.logout')}
      </Button>
    </div>
  );
}
