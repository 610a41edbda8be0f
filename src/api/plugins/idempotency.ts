import crypto from 'node:crypto';
import type { AppDeps } from '../../app/app-deps';
import { AppError } from '../../app/shared/app-error';
import { JsonText } from '../../app/shared/json-text';
import type { RouteResult } from '../route-def';

const IN_PROGRESS = 0;
const KEY_TTL_MS = 24 * 3600_000;

function hashRequest(body: unknown): string {
  return crypto
    .createHash('sha256')
    .update(JSON.stringify(body ?? null))
    .digest('hex');
}

/**
 * `Idempotency-Key` for creates: the key is reserved before the work, so two concurrent requests with one
 * key never both create; a finished key replays the first response; a key reused for another body is a 409.
 * A failed request releases its key so that the client may retry.
 */
export async function withIdempotency(
  deps: AppDeps,
  scope: string,
  route: string,
  key: string,
  body: unknown,
  now: Date,
  run: () => Promise<RouteResult>,
): Promise<RouteResult> {
  if (key.length > 200) {
    throw AppError.validation([
      { path: 'Idempotency-Key', message: { zh: '幂等键过长', en: 'Idempotency-Key too long' } },
    ]);
  }
  const requestHash = hashRequest(body);
  const existing = await deps.db
    .selectFrom('idempotency_keys')
    .selectAll()
    .where('scope', '=', scope)
    .where('route', '=', route)
    .where('key', '=', key)
    .executeTakeFirst();
  if (existing && Date.parse(existing.created_at) + KEY_TTL_MS < now.getTime()) {
    await deps.db
      .deleteFrom('idempotency_keys')
      .where('scope', '=', scope)
      .where('route', '=', route)
      .where('key', '=', key)
      .execute();
  } else if (existing) {
    return replay(existing, requestHash);
  }
  const reserved = await deps.db
    .insertInto('idempotency_keys')
    .values({
      scope,
      route,
      key,
      request_hash: requestHash,
      status_code: IN_PROGRESS,
      response_json: 'null',
      created_at: now.toISOString(),
    })
    .onConflict((oc) => oc.columns(['scope', 'route', 'key']).doNothing())
    .executeTakeFirst();
  if (Number(reserved.numInsertedOrUpdatedRows ?? 0) === 0) {
    const other = await deps.db
      .selectFrom('idempotency_keys')
      .selectAll()
      .where('scope', '=', scope)
      .where('route', '=', route)
      .where('key', '=', key)
      .executeTakeFirstOrThrow();
    return replay(other, requestHash);
  }
  try {
    const result = await run();
    await deps.db
      .updateTable('idempotency_keys')
      .set({
        status_code: result.status ?? 200,
        // A body already serialized (a use-case thread's result) is stored as it is.
        response_json:
          result.body instanceof JsonText ? result.body.text : JSON.stringify(result.body ?? null),
      })
      .where('scope', '=', scope)
      .where('route', '=', route)
      .where('key', '=', key)
      .execute();
    return result;
  } catch (err) {
    // Whether the work was done is unknown: the key stays in progress (a retry is told so, and never does
    // the work twice) until it expires.
    if (err instanceof AppError && err.code === 'OUTCOME_UNKNOWN') throw err;
    await deps.db
      .deleteFrom('idempotency_keys')
      .where('scope', '=', scope)
      .where('route', '=', route)
      .where('key', '=', key)
      .execute();
    throw err;
  }
}

function replay(
  row: { request_hash: string; status_code: number; response_json: string },
  requestHash: string,
): RouteResult {
  if (row.request_hash !== requestHash) throw AppError.conflict('IDEMPOTENCY_MISMATCH', 'Idempotency-Key');
  if (row.status_code === IN_PROGRESS) {
    throw new AppError('CONFLICT', {
      zh: '相同幂等键的请求正在处理中',
      en: 'A request with this Idempotency-Key is in progress',
    });
  }
  return {
    status: row.status_code,
    body: JSON.parse(row.response_json),
    headers: { 'idempotent-replayed': 'true' },
  };
}
