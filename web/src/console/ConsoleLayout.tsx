import { LogoutOutlined, MenuOutlined, UserOutlined } from '@ant-design/icons';
import {
  Avatar,
  Button,
  Drawer,
  Dropdown,
  Grid,
  Layout,
  Menu,
  type MenuProps,
  Result,
  Space,
  Typography,
} from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Outlet, useLocation, useNavigate } from 'react-router';
import { useAuth } from '../shared/auth';
import { LanguageSwitch } from '../shared/LanguageSwitch';
import { CONSOLE_ROLES, navKeyFor, visibleNav } from './nav';

const { Header, Sider, Content } = Layout;

export function ConsoleLayout() {
  const { t } = useTranslation();
  const { user, logout, hasRole } = useAuth();
  const navigate = useNavigate();
  const location = useLocation();
  const screens = Grid.useBreakpoint();
  const isMobile = screens.lg === false || (screens.lg === undefined && window.innerWidth < 992);
  const [drawerOpen, setDrawerOpen] = useState(false);
  const [collapsed, setCollapsed] = useState(false);

  const roles = user?.roles ?? [];
  const menuItems = useMemo<MenuProps['items']>(
    () =>
      visibleNav(roles).map((g) => ({
        type: 'group' as const,
        key: g.key,
        label: t(g.labelKey),
        children: g.items.map((i) => ({ key: i.key, icon: i.icon, label: t(i.labelKey) })),
      })),
    [roles, t],
  );
  const paths = useMemo(
    () => new Map(visibleNav(roles).flatMap((g) => g.items.map((i) => [i.key, i.path] as const))),
    [roles],
  );
  const selected = navKeyFor(location.pathname);

  const onMenuClick: MenuProps['onClick'] = ({ key }) => {
    const p = paths.get(key);
    if (p) navigate(p);
    setDrawerOpen(false);
  };

  const menu = (
    <Menu
      mode="inline"
      theme="dark"
      selectedKeys={[selected]}
      items={menuItems}
      onClick={onMenuClick}
      data-testid="main-nav"
    />
  );

  const brand = (
    <div className="brand" style={{ color: '#fff', height: 56, padding: '0 20px' }}>
      <img src="/favicon.svg" alt="" />
      {!collapsed || isMobile ? <span>{t('app.name')}</span> : null}
    </div>
  );

  const userMenu: MenuProps = {
    items: [
      {
        key: 'who',
        label: <Typography.Text type="secondary">{user?.username}</Typography.Text>,
        disabled: true,
      },
      { type: 'divider' },
      { key: 'logout', icon: <LogoutOutlined />, label: t('auth.logout'), danger: true },
    ],
    onClick: async ({ key }) => {
      if (key === 'logout') {
        await logout();
        navigate('/login', { replace: true });
      }
    },
  };

  const allowed = hasRole(...CONSOLE_ROLES);

  return (
    <Layout style={{ minHeight: '100vh' }}>
      {isMobile ? (
        <Drawer
          placement="left"
          open={drawerOpen}
          onClose={() => setDrawerOpen(false)}
          width={260}
          closable={false}
          styles={{ body: { padding: 0, background: '#001529' } }}
        >
          {brand}
          {menu}
        </Drawer>
      ) : (
        <Sider
          collapsible
          collapsed={collapsed}
          onCollapse={setCollapsed}
          width={220}
          style={{ position: 'sticky', top: 0, height: '100vh', overflow: 'auto' }}
        >
          {brand}
          {menu}
        </Sider>
      )}
      <Layout style={{ minWidth: 0 }}>
        <Header
          style={{
            background: '#fff',
            padding: isMobile ? '0 8px' : '0 24px',
            display: 'flex',
            alignItems: 'center',
            justifyContent: 'space-between',
            gap: 8,
            position: 'sticky',
            top: 0,
            zIndex: 10,
            boxShadow: '0 1px 4px rgba(0,21,41,.08)',
            height: 56,
            lineHeight: 'normal',
          }}
        >
          <Space size={4} style={{ minWidth: 0 }}>
            {isMobile ? (
              <Button
                type="text"
                icon={<MenuOutlined />}
                onClick={() => setDrawerOpen(true)}
                aria-label={t('nav.openMenu')}
                data-testid="nav-toggle"
              />
            ) : null}
            <Typography.Text strong ellipsis style={{ maxWidth: isMobile ? 150 : 400 }}>
              {isMobile ? t('app.name') : t('app.console')}
            </Typography.Text>
          </Space>
          <Space size={4}>
            <LanguageSwitch compact={isMobile} />
            <Dropdown menu={userMenu} trigger={['click']}>
              <Button type="text" data-testid="user-menu" style={{ paddingInline: 6 }}>
                <Avatar size="small" icon={<UserOutlined />} style={{ background: '#1677ff' }} />
                {isMobile ? null : <span>{user?.displayName || user?.username}</span>}
              </Button>
            </Dropdown>
          </Space>
        </Header>
        <Content style={{ padding: isMobile ? 12 : 24, minWidth: 0 }}>
          {allowed ? (
            <Outlet />
          ) : (
            <Result
              status="info"
              title={t('console.otherApp')}
              extra={
                <Space wrap>
                  {hasRole('technician') ? (
                    <Button type="primary" href="/tech/">
                      {t('console.openTech')}
                    </Button>
                  ) : null}
                  {hasRole('customer') ? (
                    <Button type="primary" href="/portal/">
                      {t('console.openPortal')}
                    </Button>
                  ) : null}
                </Space>
              }
            />
          )}
        </Content>
      </Layout>
    </Layout>
  );
}
