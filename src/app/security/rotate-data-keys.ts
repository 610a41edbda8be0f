import type { AppDeps, Ctx } from '../app-deps';
import { inTransaction } from '../app-deps';
import { appendAudit } from '../audit/append-audit';

// Every encrypted column, by table: rotation re-encrypts whatever is not under the active key.
const ENCRYPTED = {
  customers: ['phone_enc', 'address_enc', 'id_number_enc'],
  customer_contacts: ['phone_enc'],
  customer_addresses: ['address_enc'],
} as const;

/**
 * Re-encrypts personal data under the active key (the first of AFTERCARE_DATA_KEYS), page by page, so
 * that an old key can be retired. Blind indexes do not change. Safe to re-run and to interrupt.
 */
export async function rotateDataKeys(
  deps: AppDeps,
  ctx: Ctx,
  onProgress?: (done: number) => void,
): Promise<{ reencrypted: number }> {
  let reencrypted = 0;
  const active = deps.cipher.activeKeyId;
  for (const [table, columns] of Object.entries(ENCRYPTED) as [keyof typeof ENCRYPTED, readonly string[]][]) {
    let last = '';
    for (;;) {
      // biome-ignore lint/suspicious/noExplicitAny: generic over the three encrypted tables
      const rows: any[] = await (deps.db as any)
        .selectFrom(table)
        .select(['id', ...columns])
        .where('id', '>', last)
        .orderBy('id')
        .limit(500)
        .execute();
      if (rows.length === 0) break;
      last = rows[rows.length - 1].id;
      const changes = rows
        .map((r) => {
          const patch: Record<string, string> = {};
          for (const c of columns) {
            const v = r[c] as string | null;
            if (v && deps.cipher.keyIdOf(v) !== active)
              patch[c] = deps.cipher.encrypt(deps.cipher.decrypt(v));
          }
          return { id: r.id as string, patch };
        })
        .filter((c) => Object.keys(c.patch).length > 0);
      if (changes.length === 0) continue;
      await inTransaction(deps, async (tx) => {
        for (const c of changes) {
          // biome-ignore lint/suspicious/noExplicitAny: generic over the three encrypted tables
          await (tx.db as any).updateTable(table).set(c.patch).where('id', '=', c.id).execute();
        }
        await appendAudit(tx, ctx, {
          action: 'keys.rotate',
          entity: table,
          entityId: null,
          after: { rows: changes.length, key: active },
        });
      });
      reencrypted += changes.length;
      onProgress?.(reencrypted);
    }
  }
  return { reencrypted };
}
