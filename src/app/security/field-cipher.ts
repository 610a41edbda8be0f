import crypto from 'node:crypto';

/**
 * AES-256-GCM encryption of personal data at rest (PIPL, DESIGN.md) with a key ring.
 * Ciphertext format: `v1.<keyId>.<iv b64url>.<tag b64url>.<data b64url>`; the first key of the ring
 * encrypts, every key decrypts, so keys rotate by prepending a new one and re-encrypting at leisure
 * (`aftercare keys rotate`). Lookup hashes (blind index) use HMAC-SHA256 under a separate derived key
 * so that equal phone numbers can be found without decrypting.
 */
export interface DataKey {
  id: string;
  key: Buffer; // 32 bytes
}

export class FieldCipher {
  private readonly byId: Map<string, Buffer>;
  private readonly active: DataKey;
  private readonly indexKey: Buffer;

  constructor(keys: DataKey[], indexSecret?: Buffer) {
    if (keys.length === 0) throw new Error('at least one data key is required');
    for (const k of keys) {
      if (k.key.length !== 32) throw new Error(`data key ${k.id} must be 32 bytes`);
      if (!/^[A-Za-z0-9_-]{1,16}$/.test(k.id)) throw new Error(`data key id ${k.id} is invalid`);
    }
    this.byId = new Map(keys.map((k) => [k.id, k.key]));
    this.active = keys[0];
    // The blind-index key must not change on rotation, else lookups break: derive it from the oldest key
    // unless given explicitly.
    const base = indexSecret ?? keys[keys.length - 1].key;
    this.indexKey = crypto.createHmac('sha256', base).update('aftercare-blind-index-v1').digest();
  }

  get activeKeyId(): string {
    return this.active.id;
  }

  encrypt(plain: string): string {
    const iv = crypto.randomBytes(12);
    const c = crypto.createCipheriv('aes-256-gcm', this.active.key, iv);
    const data = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
    const tag = c.getAuthTag();
    return [
      'v1',
      this.active.id,
      iv.toString('base64url'),
      tag.toString('base64url'),
      data.toString('base64url'),
    ].join('.');
  }

  decrypt(token: string): string {
    const [v, keyId, iv, tag, data] = token.split('.');
    if (v !== 'v1' || !keyId || iv === undefined || tag === undefined || data === undefined) {
      throw new Error('malformed ciphertext');
    }
    const key = this.byId.get(keyId);
    if (!key) throw new Error(`unknown data key ${keyId}`);
    const d = crypto.createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
    d.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([d.update(Buffer.from(data, 'base64url')), d.final()]).toString('utf8');
  }

  /** Key id a ciphertext was written with (for rotation progress). */
  keyIdOf(token: string): string {
    return token.split('.')[1] ?? '';
  }

  blindIndex(normalized: string): string {
    return crypto.createHmac('sha256', this.indexKey).update(normalized).digest('base64url');
  }
}

/** Parses `AFTERCARE_DATA_KEYS` = `id1:base64key,id2:base64key` (first = active). */
export function parseDataKeys(spec: string): DataKey[] {
  return spec
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((pair) => {
      const i = pair.indexOf(':');
      if (i < 1) throw new Error('AFTERCARE_DATA_KEYS must look like "k1:<base64 32 bytes>[,k0:…]"');
      return { id: pair.slice(0, i), key: Buffer.from(pair.slice(i + 1), 'base64') };
    });
}

export function generateDataKeySpec(id = 'k1'): string {
  return `${id}:${crypto.randomBytes(32).toString('base64')}`;
}
