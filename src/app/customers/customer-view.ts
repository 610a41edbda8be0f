import type { CustomerAddressesTable, CustomerContactsTable, CustomersTable } from '../../db/schema';

export interface CustomerView {
  id: string;
  number: string;
  name: string;
  /** Always masked (138****5678); the full value needs POST /customers/:id/reveal. */
  phone: string;
  address: string | null;
  city: string | null;
  district: string | null;
  areaClass: string | null;
  location: { lat: number; lng: number } | null;
  groupCode: string | null;
  /** Masked (450102********1234); the full value needs reveal. */
  idNumber: string | null;
  createdAt: string;
  updatedAt: string;
}

export function customerView(c: CustomersTable): CustomerView {
  return {
    id: c.id,
    number: c.number,
    name: c.name,
    phone: c.phone_masked,
    address: c.address_masked,
    city: c.city,
    district: c.district,
    areaClass: c.area_class,
    location: c.lat != null && c.lng != null ? { lat: c.lat, lng: c.lng } : null,
    groupCode: c.group_code,
    idNumber: c.id_number_masked ?? null,
    createdAt: c.created_at,
    updatedAt: c.updated_at,
  };
}

export function contactView(c: CustomerContactsTable) {
  return { id: c.id, name: c.name, phone: c.phone_masked, relation: c.relation, createdAt: c.created_at };
}

export function addressView(a: CustomerAddressesTable) {
  return {
    id: a.id,
    label: a.label,
    address: a.address_masked,
    city: a.city,
    district: a.district,
    location: a.lat != null && a.lng != null ? { lat: a.lat, lng: a.lng } : null,
    isDefault: a.is_default === 1,
  };
}
