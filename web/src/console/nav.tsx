import {
  AppstoreOutlined,
  AuditOutlined,
  BarChartOutlined,
  CloudUploadOutlined,
  CommentOutlined,
  DashboardOutlined,
  PhoneOutlined,
  ProfileOutlined,
  ShopOutlined,
  TeamOutlined,
  ToolOutlined,
} from '@ant-design/icons';
import type { ReactNode } from 'react';
import type { Role } from '../shared/types';

/** Roles that work in the console at all (technicians use /tech/, customers /portal/). */
export const CONSOLE_ROLES: readonly Role[] = [
  'admin',
  'manager',
  'agent',
  'dispatcher',
  'parts',
  'quality',
  'partner',
];
/** Customers & Units. */
export const CUSTOMER_ROLES: readonly Role[] = ['admin', 'manager', 'agent', 'dispatcher', 'partner'];
/** May reveal personal data (the server checks the pii:reveal permission). */
export const REVEAL_ROLES: readonly Role[] = ['admin', 'manager', 'agent'];
/** Writes master data: product models, imports. */
export const MASTER_DATA_ROLES: readonly Role[] = ['admin', 'manager'];
export const AUDIT_ROLES: readonly Role[] = ['admin'];
/** Service-request queue, hotline and outlet desk (the agent workspace). */
export const REQUEST_ROLES: readonly Role[] = ['admin', 'manager', 'agent', 'dispatcher'];
/** May open a request (read-only for quality staff, e.g. from the SLA report). */
export const REQUEST_READ_ROLES: readonly Role[] = [...REQUEST_ROLES, 'quality'];
/** Hotline and outlet desk: identify or register the customer, then take the request (customers:write). */
export const INTAKE_ROLES: readonly Role[] = ['admin', 'manager', 'agent'];
/** SLA compliance report (kpis:read). */
export const SLA_REPORT_ROLES: readonly Role[] = ['admin', 'manager', 'agent', 'dispatcher', 'quality'];

/** Live chat with customers (chat:agent). */
export const CHAT_ROLES: readonly Role[] = ['admin', 'manager', 'agent'];

export interface NavItem {
  key: string;
  path: string;
  labelKey: string;
  icon: ReactNode;
  roles: readonly Role[];
}

export interface NavGroup {
  key: string;
  labelKey: string;
  items: NavItem[];
}

export const NAV: NavGroup[] = [
  {
    key: 'home',
    labelKey: 'nav.groups.home',
    items: [
      {
        key: 'dashboard',
        path: '/',
        labelKey: 'nav.dashboard',
        icon: <DashboardOutlined />,
        roles: CONSOLE_ROLES,
      },
    ],
  },
  {
    key: 'service',
    labelKey: 'requests.nav.group',
    items: [
      {
        key: 'requests',
        path: '/requests',
        labelKey: 'requests.nav.queue',
        icon: <ProfileOutlined />,
        roles: REQUEST_ROLES,
      },
      {
        key: 'hotline',
        path: '/hotline',
        labelKey: 'requests.nav.hotline',
        icon: <PhoneOutlined />,
        roles: INTAKE_ROLES,
      },
      {
        key: 'chat',
        path: '/chat',
        labelKey: 'nav.chat',
        icon: <CommentOutlined />,
        roles: CHAT_ROLES,
      },
      {
        key: 'desk',
        path: '/desk',
        labelKey: 'requests.nav.desk',
        icon: <ShopOutlined />,
        roles: INTAKE_ROLES,
      },
      {
        key: 'sla-report',
        path: '/sla-report',
        labelKey: 'requests.nav.slaReport',
        icon: <BarChartOutlined />,
        roles: SLA_REPORT_ROLES,
      },
    ],
  },
  {
    key: 'customers',
    labelKey: 'nav.groups.customersUnits',
    items: [
      {
        key: 'customers',
        path: '/customers',
        labelKey: 'nav.customers',
        icon: <TeamOutlined />,
        roles: CUSTOMER_ROLES,
      },
      { key: 'units', path: '/units', labelKey: 'nav.units', icon: <ToolOutlined />, roles: CUSTOMER_ROLES },
      {
        key: 'product-models',
        path: '/product-models',
        labelKey: 'nav.productModels',
        icon: <AppstoreOutlined />,
        roles: CUSTOMER_ROLES,
      },
      {
        key: 'imports',
        path: '/imports',
        labelKey: 'nav.imports',
        icon: <CloudUploadOutlined />,
        roles: MASTER_DATA_ROLES,
      },
    ],
  },
  {
    key: 'governance',
    labelKey: 'nav.groups.governance',
    items: [
      { key: 'audit', path: '/audit', labelKey: 'nav.audit', icon: <AuditOutlined />, roles: AUDIT_ROLES },
    ],
  },
];

export function visibleNav(roles: readonly Role[]): NavGroup[] {
  return NAV.map((g) => ({
    ...g,
    items: g.items.filter((i) => i.roles.some((r) => roles.includes(r))),
  })).filter((g) => g.items.length > 0);
}

/** The nav key for a location, e.g. /customers/123 → customers. */
export function navKeyFor(pathname: string): string {
  const all = NAV.flatMap((g) => g.items);
  const match = all
    .filter((i) =>
      i.path === '/' ? pathname === '/' : pathname === i.path || pathname.startsWith(`${i.path}/`),
    )
    .sort((a, b) => b.path.length - a.path.length)[0];
  return match?.key ?? '';
}
