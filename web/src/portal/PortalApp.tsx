import { lazy, type ReactNode, Suspense, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, Route, Routes, useLocation, useNavigate } from 'react-router';
import { useAuth } from '../shared/auth';
import { FullPageSpin, RequireAuth } from '../shared/guards';
import { LoginPage } from '../shared/LoginPage';
import { ProfilePage } from '../shared/ProfilePage';
import { MyProductsPage } from './MyProductsPage';
import { PortalLayout } from './PortalLayout';
import { ProductDetailPage } from './ProductDetailPage';

const PortalChatPage = lazy(() => import('./chat/PortalChatPage'));
const ReportProblemPage = lazy(() => import('./requests/ReportProblemPage'));
const MyRequestsPage = lazy(() => import('./requests/MyRequestsPage'));
const MyRequestDetailPage = lazy(() => import('./requests/MyRequestDetailPage'));

function Lazy({ children }: { children: ReactNode }) {
  return <Suspense fallback={<FullPageSpin />}>{children}</Suspense>;
}

function PortalLogin() {
  const { t } = useTranslation();
  const { user } = useAuth();
  const navigate = useNavigate();
  const from = (useLocation().state as { from?: string } | null)?.from ?? '/';
  useEffect(() => {
    if (user) navigate(from, { replace: true });
  }, [user, from, navigate]);
  return <LoginPage title={t('portal.loginTitle')} />;
}

export function PortalApp() {
  const { t } = useTranslation();
  useEffect(() => {
    document.title = `${t('app.name')} · ${t('portal.title')}`;
  }, [t]);
  return (
    <Routes>
      <Route path="/login" element={<PortalLogin />} />
      <Route
        element={
          <RequireAuth>
            <PortalLayout />
          </RequireAuth>
        }
      >
        <Route index element={<MyProductsPage />} />
        <Route path="products/:id" element={<ProductDetailPage />} />
        <Route
          path="report"
          element={
            <Lazy>
              <ReportProblemPage />
            </Lazy>
          }
        />
        <Route
          path="requests"
          element={
            <Lazy>
              <MyRequestsPage />
            </Lazy>
          }
        />
        <Route
          path="requests/:id"
          element={
            <Lazy>
              <MyRequestDetailPage />
            </Lazy>
          }
        />
        <Route
          path="chat"
          element={
            <Lazy>
              <PortalChatPage />
            </Lazy>
          }
        />
        <Route path="profile" element={<ProfilePage />} />
        <Route path="*" element={<Navigate to="/" replace />} />
      </Route>
    </Routes>
  );
}
