import { z } from 'zod';
import { forUpdate } from '../../db/dialect-helpers';
import { type AppDeps, type Ctx, inTransaction } from '../app-deps';
import { appendAudit } from '../audit/append-audit';
import { AppError } from '../shared/app-error';
import { newId } from '../shared/ids';
import { parseOrThrow } from '../shared/validate';
import { customerView } from './customer-view';

export const mergeCustomersInput = z.object({
  duplicateId: z.string().min(1).max(64),
  /** Guard against merging strangers: both records must share a phone number unless forced. */
  force: z.boolean().optional(),
});

// Every table that points at a customer; the duplicate's rows move to the survivor.
const REFERENCING = [
  'customer_contacts',
  'customer_addresses',
  'units',
  'service_requests',
  'complaints',
  'attachments',
] as const;

/**
 * Identity merge (P-8.1-INTAKE-RECORD: de-duplication against CRM): the duplicate customer's contacts,
 * addresses, units, requests and complaints move to the survivor, users linked to it follow, and the
 * duplicate is deleted — in one transaction, audited with both records.
 */
export async function mergeCustomers(deps: AppDeps, ctx: Ctx, survivorId: string, raw: unknown) {
  const input = parseOrThrow(mergeCustomersInput, raw);
  if (input.duplicateId === survivorId) {
    throw AppError.validation([
      { path: 'duplicateId', message: { zh: '不能与自身合并', en: 'Cannot merge a customer into itself' } },
    ]);
  }
  return inTransaction(deps, async (tx) => {
    const [survivor, duplicate] = await Promise.all(
      [survivorId, input.duplicateId].map((id) =>
        forUpdate(
          tx.db.selectFrom('customers').selectAll().where('id', '=', id),
          tx.dialect,
        ).executeTakeFirst(),
      ),
    );
    if (!survivor) throw AppError.notFound();
    if (!duplicate)
      throw AppError.validation([
        { path: 'duplicateId', message: { zh: '客户不存在', en: 'Unknown customer' } },
      ]);
    if (!input.force && survivor.phone_hash !== duplicate.phone_hash) {
      const sharedContact = await tx.db
        .selectFrom('customer_contacts')
        .select('id')
        .where('customer_id', 'in', [survivor.id, duplicate.id])
        .where('phone_hash', 'in', [survivor.phone_hash, duplicate.phone_hash])
        .executeTakeFirst();
      if (!sharedContact) {
        throw AppError.validation([
          {
            path: 'duplicateId',
            message: {
              zh: '两个客户的电话不同；确认后用 force 合并',
              en: 'The two customers have different phone numbers; pass force to merge anyway',
            },
          },
        ]);
      }
    }
    const moved: Record<string, number> = {};
    for (const table of REFERENCING) {
      const r = await tx.db
        .updateTable(table)
        .set({ customer_id: survivor.id })
        .where('customer_id', '=', duplicate.id)
        .executeTakeFirst();
      moved[table] = Number(r.numUpdatedRows);
    }
    // The duplicate's own phone stays reachable as a contact of the survivor.
    if (duplicate.phone_hash !== survivor.phone_hash) {
      await tx.db
        .insertInto('customer_contacts')
        .values({
          id: newId(),
          customer_id: survivor.id,
          name: duplicate.name,
          phone_enc: duplicate.phone_enc,
          phone_hash: duplicate.phone_hash,
          phone_masked: duplicate.phone_masked,
          relation: '合并 merged',
          created_at: ctx.now.toISOString(),
        })
        .execute();
    }
    await tx.db
      .updateTable('users')
      .set({ customer_id: survivor.id })
      .where('customer_id', '=', duplicate.id)
      .execute();
    await tx.db.deleteFrom('customers').where('id', '=', duplicate.id).execute();
    await appendAudit(tx, ctx, {
      action: 'customer.merge',
      entity: 'customer',
      entityId: survivor.id,
      before: { survivor: customerView(survivor), duplicate: customerView(duplicate) },
      after: { moved },
    });
    return { survivor: customerView(survivor), mergedId: duplicate.id, moved };
  });
}
