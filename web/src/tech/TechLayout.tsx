import { CalendarOutlined, CloudSyncOutlined, DisconnectOutlined, UserOutlined } from '@ant-design/icons';
import { Flex, Result, Tag } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink, Outlet } from 'react-router';
import { useAuth } from '../shared/auth';
import { LanguageSwitch } from '../shared/LanguageSwitch';
import { offlineQueue } from './offline-queue';
import './tech.css';
import { useOnline } from './use-online';

function usePendingWrites(): number {
  const [n, setN] = useState(0);
  useEffect(() => {
    const q = offlineQueue();
    const refresh = () => void q.pendingCount().then(setN, () => setN(0));
    refresh();
    return q.subscribe(refresh);
  }, []);
  return n;
}

export function TechLayout() {
  const { t } = useTranslation();
  const { hasRole } = useAuth();
  const online = useOnline();
  const pending = usePendingWrites();
  return (
    <div className="tech-shell">
      <header className="tech-header">
        <span className="brand">
          <img src="/favicon.svg" alt="" />
          {t('tech.title')}
        </span>
        <Flex align="center" gap={4}>
          {!online ? (
            <Tag icon={<DisconnectOutlined />} color="warning" data-testid="offline-tag">
              {t('tech.offline')}
            </Tag>
          ) : null}
          {pending > 0 ? (
            <Tag icon={<CloudSyncOutlined />} color="processing">
              {t('tech.pendingWrites', { count: pending })}
            </Tag>
          ) : null}
          <LanguageSwitch compact style={{ color: '#fff' }} />
        </Flex>
      </header>
      <main className="tech-main">
        {hasRole('technician', 'admin') ? (
          <Outlet />
        ) : (
          <Result status="403" title="403" subTitle={t('tech.notTechnician')} />
        )}
      </main>
      <nav className="tech-tabbar">
        <NavLink to="/" end>
          <CalendarOutlined />
          <span>{t('tech.nav.jobs')}</span>
        </NavLink>
        <NavLink to="/profile">
          <UserOutlined />
          <span>{t('tech.nav.profile')}</span>
        </NavLink>
      </nav>
    </div>
  );
}
