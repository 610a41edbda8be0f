import type { CustomersTable } from '../../db/schema';
import { maskAddress, maskIdNumber, maskPhone, normalizePhone } from '../../domain/shared/masking';
import type { Ctx, TxDeps } from '../app-deps';
import { type AppDeps, inTransaction } from '../app-deps';
import { appendAudit } from '../audit/append-audit';
import { newId } from '../shared/ids';
import { nextSequence } from '../shared/sequences';
import { parseOrThrow } from '../shared/validate';
import { type CreateCustomerInput, createCustomerInput } from './customer-input';
import { type CustomerView, customerView } from './customer-view';

export function customerNumber(seq: number): string {
  return `CU${String(seq).padStart(8, '0')}`;
}

/** Builds the stored row (encrypted, masked, blind-indexed) for a validated input. */
export function customerRow(
  tx: Pick<TxDeps, 'cipher'>,
  input: CreateCustomerInput,
  id: string,
  number: string,
  at: string,
): CustomersTable {
  const phone = normalizePhone(input.phone);
  return {
    id,
    number,
    name: input.name,
    phone_enc: tx.cipher.encrypt(phone),
    phone_hash: tx.cipher.blindIndex(phone),
    phone_masked: maskPhone(phone),
    address_enc: input.address ? tx.cipher.encrypt(input.address) : null,
    address_masked: input.address ? maskAddress(input.address) : null,
    city: input.city ?? null,
    district: input.district ?? null,
    area_class: input.areaClass ?? null,
    lat: input.location?.lat ?? null,
    lng: input.location?.lng ?? null,
    group_code: input.groupCode ?? null,
    id_number_enc: input.idNumber ? tx.cipher.encrypt(input.idNumber) : null,
    id_number_masked: input.idNumber ? maskIdNumber(input.idNumber) : null,
    created_at: at,
    updated_at: at,
  };
}

export async function insertCustomer(
  tx: TxDeps,
  ctx: Ctx,
  input: CreateCustomerInput,
): Promise<CustomerView> {
  const at = ctx.now.toISOString();
  const row = customerRow(tx, input, newId(), customerNumber(await nextSequence(tx, 'customer')), at);
  await tx.db.insertInto('customers').values(row).execute();
  if (input.address) {
    await tx.db
      .insertInto('customer_addresses')
      .values({
        id: newId(),
        customer_id: row.id,
        label: null,
        address_enc: row.address_enc as string,
        address_masked: row.address_masked as string,
        city: row.city,
        district: row.district,
        lat: row.lat,
        lng: row.lng,
        is_default: 1,
        created_at: at,
      })
      .execute();
  }
  const view = customerView(row);
  await appendAudit(tx, ctx, {
    action: 'customer.create',
    entity: 'customer',
    entityId: row.id,
    after: view,
  });
  return view;
}

export async function createCustomer(deps: AppDeps, ctx: Ctx, raw: unknown): Promise<CustomerView> {
  const input = parseOrThrow(createCustomerInput, raw);
  return inTransaction(deps, (tx) => insertCustomer(tx, ctx, input));
}
