import type { RouteDef } from '../route-def';
import { attachmentsRoutes } from './attachments-routes';
import { auditRoutes } from './audit-routes';
import { authRoutes } from './auth-routes';
import { channelsRoutes } from './channels-routes';
import { complaintsRoutes } from './complaints-routes';
import { customersRoutes } from './customers-routes';
import { healthRoutes } from './health-routes';
import { hotlineRoutes } from './hotline-routes';
import { importRoutes } from './import-routes';
import { kpiRoutes } from './kpi-routes';
import { outletsRoutes } from './outlets-routes';
import { serviceRequestsRoutes } from './service-requests-routes';
import { slaAdminRoutes } from './sla-admin-routes';
import { triageRoutes } from './triage-routes';
import { unitsRoutes } from './units-routes';
import { usersRoutes } from './users-routes';

export const allRoutes: RouteDef[] = [
  ...healthRoutes,
  ...authRoutes,
  ...usersRoutes,
  ...customersRoutes,
  ...unitsRoutes,
  ...auditRoutes,
  ...importRoutes,
  ...serviceRequestsRoutes,
  ...triageRoutes,
  ...complaintsRoutes,
  ...kpiRoutes,
  ...channelsRoutes,
  ...attachmentsRoutes,
  ...hotlineRoutes,
  ...slaAdminRoutes,
  ...outletsRoutes,
];
