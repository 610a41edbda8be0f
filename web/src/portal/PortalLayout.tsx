import {
  AppstoreOutlined,
  CustomerServiceOutlined,
  FileTextOutlined,
  ToolOutlined,
  UserOutlined,
} from '@ant-design/icons';
import { ConfigProvider, FloatButton, Layout, Menu, Result } from 'antd';
import { useTranslation } from 'react-i18next';
import { Outlet, useLocation, useNavigate } from 'react-router';
import { useAuth } from '../shared/auth';
import { LanguageSwitch } from '../shared/LanguageSwitch';
import { useIsMobile } from '../shared/use-is-mobile';

const PATHS: Record<string, string> = {
  products: '/',
  report: '/report',
  requests: '/requests',
  profile: '/profile',
};

export function PortalLayout() {
  const { t } = useTranslation();
  const { hasRole } = useAuth();
  const isMobile = useIsMobile();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const selected =
    Object.entries(PATHS).find(([k, p]) => k !== 'products' && pathname.startsWith(p))?.[0] ?? 'products';
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header
        style={{
          background: '#fff',
          display: 'flex',
          alignItems: 'center',
          gap: 8,
          padding: isMobile ? '0 8px' : '0 24px',
          height: 56,
          lineHeight: '56px',
          boxShadow: '0 1px 4px rgba(0,21,41,.08)',
          position: 'sticky',
          top: 0,
          zIndex: 10,
        }}
      >
        <span className="brand" style={{ flex: 'none' }}>
          <img src="/favicon.svg" alt="" />
          {isMobile ? null : t('portal.title')}
        </span>
        {/* On a phone: no icons and tighter items, so that every entry stays visible at 375 px. */}
        <ConfigProvider theme={isMobile ? { components: { Menu: { itemPaddingInline: 8 } } } : undefined}>
          <Menu
            mode="horizontal"
            selectedKeys={[selected]}
            style={{ flex: 1, minWidth: 0, borderBottom: 'none', lineHeight: '54px' }}
            onClick={({ key }) => navigate(PATHS[key] ?? '/')}
            items={[
              { key: 'products', icon: <AppstoreOutlined />, label: t('portal.nav.products') },
              { key: 'report', icon: <ToolOutlined />, label: t('portalRequests.nav.report') },
              { key: 'requests', icon: <FileTextOutlined />, label: t('portalRequests.nav.requests') },
              { key: 'profile', icon: <UserOutlined />, label: t('portal.nav.profile') },
            ].map((i) => (isMobile ? { ...i, icon: undefined } : i))}
          />
        </ConfigProvider>
        <LanguageSwitch compact={isMobile} />
      </Layout.Header>
      <Layout.Content
        style={{ padding: isMobile ? 12 : 24, width: '100%', maxWidth: 1100, margin: '0 auto' }}
      >
        {hasRole('customer') ? (
          <Outlet />
        ) : (
          <Result status="403" title="403" subTitle={t('portal.notCustomer')} />
        )}
      </Layout.Content>
      {/* 在线客服: the chat widget on every portal page. */}
      {hasRole('customer') && !pathname.startsWith('/chat') ? (
        <FloatButton
          type="primary"
          icon={<CustomerServiceOutlined />}
          tooltip={t('chat.widget')}
          onClick={() => navigate('/chat')}
          data-testid="chat-widget"
        />
      ) : null}
    </Layout>
  );
}
