import { lazy, type ReactNode, Suspense, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, Route, Routes, useLocation, useNavigate } from 'react-router';
import { useAuth } from '../shared/auth';
import { FullPageSpin, RequireAuth, RoleGate } from '../shared/guards';
import { LoginPage } from '../shared/LoginPage';
import { ConsoleLayout } from './ConsoleLayout';
import {
  AUDIT_ROLES,
  CHAT_ROLES,
  CUSTOMER_ROLES,
  INTAKE_ROLES,
  MASTER_DATA_ROLES,
  REQUEST_READ_ROLES,
  REQUEST_ROLES,
  SLA_REPORT_ROLES,
} from './nav';

const ChatConsolePage = lazy(() => import('../features/chat/ChatConsolePage'));
const DashboardPage = lazy(() => import('../features/dashboard/DashboardPage'));
const CustomersPage = lazy(() => import('../features/customers/CustomersPage'));
const CustomerDetailPage = lazy(() => import('../features/customers/CustomerDetailPage'));
const UnitsPage = lazy(() => import('../features/units/UnitsPage'));
const UnitDetailPage = lazy(() => import('../features/units/UnitDetailPage'));
const ProductModelsPage = lazy(() => import('../features/product-models/ProductModelsPage'));
const AuditPage = lazy(() => import('../features/audit/AuditPage'));
const ImportPage = lazy(() => import('../features/imports/ImportPage'));
const RequestQueuePage = lazy(() => import('../features/requests/RequestQueuePage'));
const RequestDetailPage = lazy(() => import('../features/requests/RequestDetailPage'));
const HotlinePage = lazy(() => import('../features/hotline/HotlinePage'));
const DeskPage = lazy(() => import('../features/desk/DeskPage'));
const SlaReportPage = lazy(() => import('../features/sla-report/SlaReportPage'));

function ConsoleLogin() {
  const { t } = useTranslation();
  const { user } = useAuth();
  const navigate = useNavigate();
  const location = useLocation();
  const from = (location.state as { from?: string } | null)?.from ?? '/';
  useEffect(() => {
    if (user) navigate(from, { replace: true });
  }, [user, from, navigate]);
  return <LoginPage title={t('login.consoleTitle')} />;
}

export function ConsoleApp() {
  const { t } = useTranslation();
  useEffect(() => {
    document.title = `${t('app.name')} · ${t('app.console')}`;
  }, [t]);
  return (
    <Routes>
      <Route path="/login" element={<ConsoleLogin />} />
      <Route
        element={
          <RequireAuth>
            <ConsoleLayout />
          </RequireAuth>
        }
      >
        <Route
          index
          element={
            <Lazy>
              <DashboardPage />
            </Lazy>
          }
        />
        <Route
          path="requests"
          element={
            <Gate roles={REQUEST_ROLES}>
              <RequestQueuePage />
            </Gate>
          }
        />
        <Route
          path="requests/:id"
          element={
            <Gate roles={REQUEST_READ_ROLES}>
              <RequestDetailPage />
            </Gate>
          }
        />
        <Route
          path="hotline"
          element={
            <Gate roles={INTAKE_ROLES}>
              <HotlinePage />
            </Gate>
          }
        />
        <Route
          path="desk"
          element={
            <Gate roles={INTAKE_ROLES}>
              <DeskPage />
            </Gate>
          }
        />
        <Route
          path="sla-report"
          element={
            <Gate roles={SLA_REPORT_ROLES}>
              <SlaReportPage />
            </Gate>
          }
        />
        <Route
          path="customers"
          element={
            <Gate roles={CUSTOMER_ROLES}>
              <CustomersPage />
            </Gate>
          }
        />
        <Route
          path="customers/:id"
          element={
            <Gate roles={CUSTOMER_ROLES}>
              <CustomerDetailPage />
            </Gate>
          }
        />
        <Route
          path="units"
          element={
            <Gate roles={CUSTOMER_ROLES}>
              <UnitsPage />
            </Gate>
          }
        />
        <Route
          path="units/:id"
          element={
            <Gate roles={CUSTOMER_ROLES}>
              <UnitDetailPage />
            </Gate>
          }
        />
        <Route
          path="product-models"
          element={
            <Gate roles={CUSTOMER_ROLES}>
              <ProductModelsPage />
            </Gate>
          }
        />
        <Route
          path="imports"
          element={
            <Gate roles={MASTER_DATA_ROLES}>
              <ImportPage />
            </Gate>
          }
        />
        <Route
          path="chat"
          element={
            <Gate roles={CHAT_ROLES}>
              <ChatConsolePage />
            </Gate>
          }
        />
        <Route
          path="chat/:id"
          element={
            <Gate roles={CHAT_ROLES}>
              <ChatConsolePage />
            </Gate>
          }
        />
        <Route
          path="audit"
          element={
            <Gate roles={AUDIT_ROLES}>
              <AuditPage />
            </Gate>
          }
        />
        <Route path="*" element={<Navigate to="/" replace />} />
      </Route>
    </Routes>
  );
}

function Lazy({ children }: { children: ReactNode }) {
  return <Suspense fallback={<FullPageSpin />}>{children}</Suspense>;
}

function Gate({ roles, children }: { roles: Parameters<typeof RoleGate>[0]['roles']; children: ReactNode }) {
  return (
    <RoleGate roles={roles}>
      <Lazy>{children}</Lazy>
    </RoleGate>
  );
}
