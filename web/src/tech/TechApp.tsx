import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, Route, Routes, useLocation, useNavigate } from 'react-router';
import { ME_QUERY_KEY, useAuth } from '../shared/auth';
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

/**
 * React Router writes the home route as `/tech`, which is outside the service worker's scope (`/tech/`):
 * a reload there would not be served offline. Keep the address bar on `/tech/`.
 */
function useTrailingSlashOnHome() {
  const location = useLocation();
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs on every navigation on purpose
  useEffect(() => {
    if (window.location.pathname === '/tech') {
      const { search, hash } = window.location;
      window.history.replaceState(window.history.state, '', `/tech/${search}${hash}`);
    }
  }, [location]);
}

export function TechApp() {
  const { t } = useTranslation();
  useTrailingSlashOnHome();
  const { user } = useAuth();
  useEffect(() => {
    document.title = `${t('app.name')} · ${t('tech.title')}`;
  }, [t]);
  const qc = useQueryClient();
  // Replay queued writes once someone is logged in (the replay needs the session and its CSRF token).
  useEffect(() => (user ? startAutoReplay(offlineQueue()) : undefined), [user]);
  // Back online: refresh the session (and with it the CSRF token), which restarts the replay above.
  useEffect(() => {
    const refresh = () => void qc.invalidateQueries({ queryKey: ME_QUERY_KEY });
    window.addEventListener('online', refresh);
    return () => window.removeEventListener('online', refresh);
  }, [qc]);
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
