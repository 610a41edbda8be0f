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
  'units:read',
  'units:write',
  'models:write',
  'imports:run',
  'stats:read',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const READ_BASE: Permission[] = ['customers:read', 'units:read'];

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  admin: PERMISSIONS,
  manager: [...READ_BASE, 'customers:write', 'units:write', 'models:write', 'pii:reveal', 'imports:run', 'stats:read'],
  agent: [...READ_BASE, 'customers:write', 'units:write', 'pii:reveal', 'imports:run', 'stats:read'],
  dispatcher: [...READ_BASE, 'pii:reveal', 'stats:read'],
  technician: [...READ_BASE],
  parts: ['units:read'],
  quality: [...READ_BASE, 'stats:read'],
  partner: [...READ_BASE],
  customer: [...READ_BASE],
};

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

export function permissionsOf(roles: readonly Role[]): Set<Permission> {
  const set = new Set<Permission>();
  for (const r of roles) for (const p of ROLE_PERMISSIONS[r]) set.add(p);
  return set;
}
