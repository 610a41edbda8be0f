import { z } from 'zod';
import { AppError } from './app-error';

export interface Page<T> {
  items: T[];
  total: number;
  nextCursor: string | null;
}

/** Cursors are opaque to clients: base64url of the last row's sort key (UUIDv7 ids sort by creation). */
export function encodeCursor(key: string): string {
  return Buffer.from(key, 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string | undefined): string | undefined {
  if (!cursor) return undefined;
  const key = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!/^[0-9a-f-]{36}$/.test(key)) {
    throw AppError.validation([{ path: 'cursor', message: { zh: '无效的分页游标', en: 'Invalid cursor' } }]);
  }
  return key;
}

export const pageQuery = {
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
};

/** Builds the page from rows fetched with limit + 1. */
export function toPage<R extends { id: string }, T>(
  rows: R[],
  limit: number,
  total: number,
  map: (r: R) => T,
): Page<T> {
  const more = rows.length > limit;
  const slice = more ? rows.slice(0, limit) : rows;
  return {
    items: slice.map(map),
    total,
    nextCursor: more ? encodeCursor(slice[slice.length - 1].id) : null,
  };
}
