// Masking of personal data for lists and logs (PIPL; DESIGN.md "Personal data").

/** 13812345678 → 138****5678; shorter numbers keep only their last 2 digits. */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/\s+/g, '');
  if (digits.length >= 11) return `${digits.slice(0, 3)}****${digits.slice(-4)}`;
  if (digits.length > 4) return `${'*'.repeat(digits.length - 2)}${digits.slice(-2)}`;
  return '****';
}

/** Keeps the administrative part (province/city/district) and hides the street and house number. */
export function maskAddress(address: string): string {
  const m = address.match(/^(.*?(?:自治区|省|市))?(.*?(?:市|州|盟))?(.*?(?:区|县|旗))?/u);
  const head = m ? (m[0] ?? '') : '';
  if (head.length >= 2 && head.length < address.length) return `${head}****`;
  return address.length <= 4 ? '****' : `${address.slice(0, 3)}****`;
}

/** Chinese resident ID: keep the first 6 and last 4 characters. */
export function maskIdNumber(id: string): string {
  return id.length <= 10 ? '****' : `${id.slice(0, 6)}********${id.slice(-4)}`;
}

/** Normalizes a phone number for lookups: digits only, mainland +86/0086 prefix dropped. */
export function normalizePhone(phone: string): string {
  let d = phone.replace(/[^\d]/g, '');
  if (d.length === 13 && d.startsWith('86')) d = d.slice(2);
  if (d.length === 15 && d.startsWith('0086')) d = d.slice(4);
  return d;
}
