/** Shapes of the HTTP API the web apps read (the server computes everything). */

export type Role =
  | 'admin'
  | 'manager'
  | 'agent'
  | 'dispatcher'
  | 'technician'
  | 'parts'
  | 'quality'
  | 'partner'
  | 'customer';

export interface SessionUser {
  id: string;
  username: string;
  displayName?: string | null;
  roles: Role[];
  customerId?: string | null;
  outletId?: string | null;
  permissions?: string[];
}

export interface SessionBody {
  user: SessionUser;
  csrfToken: string;
  /** The deployment's time zone (business dates). */
  zone?: string;
}

export interface Page<T> {
  items: T[];
  total: number;
  nextCursor: string | null;
}

export interface GeoPoint {
  lat: number;
  lng: number;
}

export interface Customer {
  id: string;
  number: string;
  name: string;
  phone: string;
  address?: string | null;
  city?: string | null;
  district?: string | null;
  location?: GeoPoint | null;
  createdAt: string;
}

export interface Contact {
  id: string;
  name: string;
  phone: string;
  relation?: string | null;
}

export interface CustomerAddress {
  id: string;
  label?: string | null;
  address: string;
  city?: string | null;
  district?: string | null;
  isDefault: boolean;
}

export interface CustomerDetail extends Customer {
  contacts: Contact[];
  addresses: CustomerAddress[];
}

export interface WarrantyTerms {
  returnDays: number;
  exchangeDays: number;
  repairDays: number;
  partsMonths: number;
  labourMonths: number;
}

export interface ProductModel {
  id: string;
  code: string;
  name: string;
  brand?: string | null;
  category: string;
  warranty: WarrantyTerms;
}

export type WarrantyStatusName = 'return' | 'exchange' | 'repair' | 'expired' | 'unknown';

export interface UnitWarranty {
  status: WarrantyStatusName;
  partsCovered: boolean;
  labourCovered: boolean;
  until?: string | null;
}

export interface Unit {
  id: string;
  serial: string;
  customerId: string;
  customerName?: string | null;
  model: { id: string; code: string; name: string; category: string };
  purchasedAt?: string | null;
  installedAt?: string | null;
  warranty: UnitWarranty;
}

export interface UnitHistoryItem {
  at: string;
  kind: string;
  title: string;
  ref?: string | null;
}

export interface AuditRecord {
  seq: number;
  at: string;
  actor: string | null;
  action: string;
  entity: string;
  entityId: string | null;
  ip?: string | null;
  requestId?: string | null;
  before?: unknown;
  after?: unknown;
}

export interface ImportResult {
  dryRun: boolean;
  total: number;
  accepted: number;
  rejected: number;
  errors: { row: number; field?: string | null; message: string }[];
}

export interface StatsOverview {
  customers: number;
  units: number;
  unitsByCategory: { category: string; count: number }[];
  unitsByWarranty: { status: WarrantyStatusName; count: number }[];
}
