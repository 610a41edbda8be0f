import type { FormInstance } from 'antd';
import { ApiError, type ApiErrorDetail } from './api-client';

/** "location.lat", "/location/lat", "body.location.lat" → ['location', 'lat']. */
export function detailPathToName(path: string): (string | number)[] {
  const parts = path
    .replace(/\[(\d+)\]/g, '.$1')
    .split(/[./]/)
    .filter((p) => p !== '');
  if (parts[0] === 'body') parts.shift();
  return parts.map((p) => (/^\d+$/.test(p) ? Number(p) : p));
}

/**
 * Puts the API's field-level errors (details[].path) onto the matching form fields.
 * Returns the details that match no field of the form, for a general alert.
 */
export function applyApiErrorToForm(
  form: FormInstance,
  err: unknown,
  knownFields: string[],
): { unmatched: ApiErrorDetail[]; message: string } {
  if (!(err instanceof ApiError)) {
    return { unmatched: [], message: err instanceof Error ? err.message : String(err) };
  }
  const known = new Set(knownFields);
  const byField = new Map<string, { name: (string | number)[]; errors: string[] }>();
  const unmatched: ApiErrorDetail[] = [];
  for (const d of err.details) {
    const name = detailPathToName(d.path);
    const key = name.join('.');
    if (known.has(key)) {
      const entry = byField.get(key) ?? { name, errors: [] };
      entry.errors.push(d.message);
      byField.set(key, entry);
    } else {
      unmatched.push(d);
    }
  }
  form.setFields([...byField.values()].map((f) => ({ name: f.name, errors: f.errors })));
  return { unmatched, message: err.message };
}
