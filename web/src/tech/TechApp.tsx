import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, Route, Routes, useLocation, useNavigate } from 'react-router';
import { useAuth } from '../shared/auth';
import { RequireAuth } from '../shared/guards';
import { LoginPage } from '../shared/LoginPage';
import { ProfilePage } from '../shared/ProfilePage';
import { JobsPage } from './JobsPage';
import { offlineQueue, startAutoReplay } from './offline-queue';
import { TechLayout } from './TechLayout';

function TechLogin() {
  const { t } = useTranslation();
  const { user } = useAuth();
  const navigate = useNavigate();
  const from = (useLocation().state as { from?: string } | null)?.from ?? '/';
  useEffect(() => {
    if (user) navigate(from, { replace: true });
  }, [user, from, navigate]);
  return <LoginPage title={t('tech.loginTitle')} />;
}

export function TechApp() {
  const { t } = useTranslation();
  const { user } = useAuth();
  useEffect(() => {
    document.title = `${t('app.name')} · ${t('tech.title')}`;
  }, [t]);
  // Replay queued writes once someone is logged in (the replay needs the session and its CSRF token).
  useEffect(() => (user ? startAutoReplay(offlineQueue()) : undefined), [user]);
  return (
    <Routes>
      <Route path="/login" element={<TechLogin />} />
      <Route
        element={
          <RequireAuth>
            <TechLayout />
          </RequireAuth>
        }
      >
        <Route index element={<JobsPage />} />
        <Route path="profile" element={<ProfilePage />} />
        <Route path="*" element={<Navigate to="/" replace />} />
      </Route>
    </Routes>
  );
}
