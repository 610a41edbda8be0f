// Roles of CONTRACT.md and the permissions each one holds (P-6.2-ORGANIZATION: role-based access mapped
// to authorities). Row scope (customer, partner/outlet) is applied separately, in app/identity/row-scope.ts.

export const ROLES = [
  'admin',
  'manager',
  'agent',
  'dispatcher',
  'technician',
  'parts',
  'quality',
  'partner',
  'customer',
] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = [
  'users:manage',
  'audit:read',
  'customers:read',
  'customers:write',
  'pii:reveal',
  /** A copy of everything held about a customer (PIPL access right). */
  'pii:export',
  /** Irreversible anonymisation of a customer on request (PIPL deletion right). */
  'pii:erase',
  'units:read',
  'units:write',
  'models:write',
  'imports:run',
  'stats:read',
  'requests:read',
  'requests:write',
  'complaints:read',
  'complaints:write',
  'sla:admin',
  'kpis:read',
  'calls:import',
  'calls:read',
  'chat:use',
  'chat:agent',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const READ_BASE: Permission[] = ['customers:read', 'units:read'];
const REQUESTS_RW: Permission[] = ['requests:read', 'requests:write'];
const COMPLAINTS_RW: Permission[] = ['complaints:read', 'complaints:write'];

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  admin: PERMISSIONS,
  manager: [
    ...READ_BASE,
    ...REQUESTS_RW,
    ...COMPLAINTS_RW,
    'customers:write',
    'units:write',
    'models:write',
    'pii:reveal',
    'pii:export',
    'imports:run',
    'stats:read',
    'sla:admin',
    'kpis:read',
    'calls:import',
    'calls:read',
    'chat:use',
    'chat:agent',
  ],
  agent: [
    ...READ_BASE,
    ...REQUESTS_RW,
    ...COMPLAINTS_RW,
    'customers:write',
    'units:write',
    'pii:reveal',
    'imports:run',
    'stats:read',
    'kpis:read',
    'calls:read',
    'chat:use',
    'chat:agent',
  ],
  dispatcher: [...READ_BASE, ...REQUESTS_RW, 'pii:reveal', 'stats:read', 'kpis:read'],
  technician: [...READ_BASE, ...REQUESTS_RW],
  parts: ['units:read'],
  quality: [...READ_BASE, 'requests:read', ...COMPLAINTS_RW, 'stats:read', 'kpis:read', 'calls:read'],
  partner: [...READ_BASE, ...REQUESTS_RW],
  // Customers file and follow their own requests and complaints (row scope: their customer only).
  // …and chat with the service desk in their own sessions (8.1 在线客服).
  customer: [...READ_BASE, ...REQUESTS_RW, ...COMPLAINTS_RW, 'chat:use'],
};

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

export function permissionsOf(roles: readonly Role[]): Set<Permission> {
  const set = new Set<Permission>();
  for (const r of roles) for (const p of ROLE_PERMISSIONS[r]) set.add(p);
  return set;
}
