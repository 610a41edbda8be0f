import { findCustomerInScope } from '../../db/repositories/customers-repository';
import type { CustomersTable } from '../../db/schema';
import { maskAddress, maskIdNumber, maskPhone, normalizePhone } from '../../domain/shared/masking';
import { type AppDeps, type Ctx, inTransaction } from '../app-deps';
import { appendAudit } from '../audit/append-audit';
import { rowScope } from '../identity/row-scope';
import { AppError } from '../shared/app-error';
import { newId } from '../shared/ids';
import { parseOrThrow } from '../shared/validate';
import { updateCustomerInput } from './customer-input';
import { type CustomerView, customerView } from './customer-view';

export async function updateCustomer(
  deps: AppDeps,
  ctx: Ctx,
  id: string,
  raw: unknown,
): Promise<CustomerView> {
  const input = parseOrThrow(updateCustomerInput, raw);
  return inTransaction(deps, async (tx) => {
    const before = await findCustomerInScope(tx.db, id, rowScope(ctx.actor));
    if (before?.anonymised_at) throw AppError.conflict('CUSTOMER_ANONYMISED');
    if (!before) throw AppError.notFound();
    const patch: Partial<CustomersTable> = { updated_at: ctx.now.toISOString() };
    if (input.name !== undefined) patch.name = input.name;
    if (input.phone !== undefined) {
      const phone = normalizePhone(input.phone);
      patch.phone_enc = tx.cipher.encrypt(phone);
      patch.phone_hash = tx.cipher.blindIndex(phone);
      patch.phone_masked = maskPhone(phone);
    }
    if (input.address !== undefined) {
      patch.address_enc = tx.cipher.encrypt(input.address);
      patch.address_masked = maskAddress(input.address);
    }
    if (input.city !== undefined) patch.city = input.city;
    if (input.district !== undefined) patch.district = input.district;
    if (input.areaClass !== undefined) patch.area_class = input.areaClass;
    if (input.location !== undefined) {
      patch.lat = input.location.lat;
      patch.lng = input.location.lng;
    }
    if (input.groupCode !== undefined) patch.group_code = input.groupCode;
    if (input.idNumber !== undefined) {
      patch.id_number_enc = tx.cipher.encrypt(input.idNumber);
      patch.id_number_masked = maskIdNumber(input.idNumber);
    }
    await tx.db.updateTable('customers').set(patch).where('id', '=', id).execute();
    const after = { ...before, ...patch };
    if (input.address !== undefined) {
      // The top-level address is the default service address.
      const def = await tx.db
        .selectFrom('customer_addresses')
        .select('id')
        .where('customer_id', '=', id)
        .where('is_default', '=', 1)
        .executeTakeFirst();
      const values = {
        address_enc: after.address_enc as string,
        address_masked: after.address_masked as string,
        city: after.city,
        district: after.district,
        lat: after.lat,
        lng: after.lng,
      };
      if (def) await tx.db.updateTable('customer_addresses').set(values).where('id', '=', def.id).execute();
      else
        await tx.db
          .insertInto('customer_addresses')
          .values({
            id: newId(),
            customer_id: id,
            label: null,
            is_default: 1,
            created_at: ctx.now.toISOString(),
            ...values,
          })
          .execute();
    }
    const view = customerView(after);
    await appendAudit(tx, ctx, {
      action: 'customer.update',
      entity: 'customer',
      entityId: id,
      before: customerView(before),
      after: view,
    });
    return view;
  });
}
