import { AppstoreOutlined, UserOutlined } from '@ant-design/icons';
import { Layout, Menu, Result } from 'antd';
import { useTranslation } from 'react-i18next';
import { Outlet, useLocation, useNavigate } from 'react-router';
import { useAuth } from '../shared/auth';
import { LanguageSwitch } from '../shared/LanguageSwitch';
import { useIsMobile } from '../shared/use-is-mobile';

export function PortalLayout() {
  const { t } = useTranslation();
  const { hasRole } = useAuth();
  const isMobile = useIsMobile();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const selected = pathname.startsWith('/profile') ? 'profile' : 'products';
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
        <Menu
          mode="horizontal"
          selectedKeys={[selected]}
          style={{ flex: 1, minWidth: 0, borderBottom: 'none', lineHeight: '54px' }}
          onClick={({ key }) => navigate(key === 'profile' ? '/profile' : '/')}
          items={[
            { key: 'products', icon: <AppstoreOutlined />, label: t('portal.nav.products') },
            { key: 'profile', icon: <UserOutlined />, label: t('portal.nav.profile') },
          ]}
        />
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
    </Layout>
  );
}
