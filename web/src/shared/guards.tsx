import { Button, Flex, Result, Spin } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation } from 'react-router';
import { useAuth } from './auth';
import { errorText } from './components';
import type { Role } from './types';

export function FullPageSpin() {
  return (
    <Flex align="center" justify="center" style={{ minHeight: '60vh' }}>
      <Spin size="large" />
    </Flex>
  );
}

/** Renders children for a logged-in user, otherwise redirects to `loginPath`. */
export function RequireAuth({ children, loginPath = '/login' }: { children: ReactNode; loginPath?: string }) {
  const { user, loading, error } = useAuth();
  const location = useLocation();
  const { t } = useTranslation();
  if (loading) return <FullPageSpin />;
  if (error && !user) {
    return (
      <Result
        status="warning"
        title={errorText(error, t)}
        extra={<Button onClick={() => window.location.reload()}>{t('common.retry')}</Button>}
      />
    );
  }
  if (!user) return <Navigate to={loginPath} replace state={{ from: location.pathname + location.search }} />;
  return <>{children}</>;
}

/** Renders children when the user has one of `roles`, otherwise a 403 result. */
export function RoleGate({ roles, children }: { roles: readonly Role[]; children: ReactNode }) {
  const { hasRole } = useAuth();
  const { t } = useTranslation();
  if (!hasRole(...roles)) return <Result status="403" title="403" subTitle={t('errors.forbidden')} />;
  return <>{children}</>;
}
