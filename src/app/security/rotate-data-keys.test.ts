import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { TestDatabases } from '../../../test/test-databases';
import { systemCtx } from '../app-deps';
import { createCustomer } from '../customers/create-customer';
import { FieldCipher } from './field-cipher';
import { rotateDataKeys } from './rotate-data-keys';

const databases = TestDatabases.create();
const key = (s: string) => crypto.createHash('sha256').update(s).digest();

describe('FieldCipher', () => {
  it('round-trips, authenticates, and finds equal values by blind index', () => {
    const c = new FieldCipher([{ id: 'k1', key: key('a') }]);
    const t = c.encrypt('13812345678');
    expect(t.startsWith('v1.k1.')).toBe(true);
    expect(c.encrypt('13812345678')).not.toBe(t); // random IV
    expect(c.decrypt(t)).toBe('13812345678');
    const parts = t.split('.');
    parts[4] = Buffer.from('tampered').toString('base64url');
    expect(() => c.decrypt(parts.join('.'))).toThrow();
    expect(c.blindIndex('13812345678')).toBe(c.blindIndex('13812345678'));
    expect(c.blindIndex('13812345678')).not.toBe(c.blindIndex('13812345679'));
  });

  it('rejects keys of the wrong length', () => {
    expect(() => new FieldCipher([{ id: 'k1', key: Buffer.alloc(16) }])).toThrow(/32 bytes/);
  });
});

describe.each(databases.eachSupportedId())('data key rotation on %s', (id) => {
  it('re-encrypts every personal field under the new key, keeping values and lookups', async () => {
    const deps = await databases.deps(id);
    const oldCipher = new FieldCipher([{ id: 'k1', key: key('old') }]);
    const d1 = { ...deps, cipher: oldCipher };
    const ctx = systemCtx(new Date('2026-11-29T00:00:00Z'));
    const c = await createCustomer(d1, ctx, {
      name: '轮换',
      phone: '13812345678',
      address: '广西南宁市青秀区某路1号',
    });
    // New ring: k2 active, k1 still readable; the blind index stays tied to the oldest key.
    const newCipher = new FieldCipher([
      { id: 'k2', key: key('new') },
      { id: 'k1', key: key('old') },
    ]);
    const d2 = { ...deps, cipher: newCipher };
    const r = await rotateDataKeys(d2, ctx);
    expect(r.reencrypted).toBeGreaterThanOrEqual(2); // customer + default address
    const row = await deps.db
      .selectFrom('customers')
      .selectAll()
      .where('id', '=', c.id)
      .executeTakeFirstOrThrow();
    expect(newCipher.keyIdOf(row.phone_enc)).toBe('k2');
    expect(newCipher.keyIdOf(row.address_enc as string)).toBe('k2');
    expect(newCipher.decrypt(row.phone_enc)).toBe('13812345678');
    expect(row.phone_hash).toBe(newCipher.blindIndex('13812345678'));
    // Only k2 is needed from now on.
    const onlyNew = new FieldCipher([{ id: 'k2', key: key('new') }], key('old'));
    expect(onlyNew.decrypt(row.phone_enc)).toBe('13812345678');
    expect((await rotateDataKeys(d2, ctx)).reencrypted).toBe(0);
  });
});
