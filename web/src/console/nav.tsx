import {
  AppstoreOutlined,
  AuditOutlined,
  CloudUploadOutlined,
  DashboardOutlined,
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
