import { describe, expect, it } from 'vitest';
import { TestDatabases } from '../../../test/test-databases';
import { AppError } from '../../app/shared/app-error';
import { JsonText } from '../../app/shared/json-text';
import { outcomeUnknown } from '../../app/shared/use-case-thread';
import { withIdempotency } from './idempotency';

const databases = TestDatabases.create();

describe.each(databases.eachSupportedId())('Idempotency-Key on %s', (id) => {
  it('releases the key after a failure, but keeps it in progress when the outcome is unknown', async () => {
    const deps = await databases.deps(id);
    const now = new Date('2026-11-29T02:00:00Z');
    const call = (key: string, run: () => Promise<{ status: number; body: unknown }>) =>
      withIdempotency(deps, 'u1', 'POST /x', key, { a: 1 }, now, run);
    // A plain failure: the client may retry, and the retry does the work.
    await expect(call('k1', () => Promise.reject(AppError.notFound()))).rejects.toMatchObject({
      status: 404,
    });
    await expect(call('k1', async () => ({ status: 201, body: { n: 1 } }))).resolves.toMatchObject({
      body: { n: 1 },
    });
    // The work may have been done (the thread running it died): a retry must not do it a second time.
    await expect(call('k2', () => Promise.reject(outcomeUnknown('thread exited')))).rejects.toMatchObject({
      code: 'OUTCOME_UNKNOWN',
      status: 503,
    });
    let ranAgain = false;
    await expect(
      call('k2', async () => {
        ranAgain = true;
        return { status: 201, body: {} };
      }),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(ranAgain).toBe(false);
  });

  it('stores a body that is already JSON text as it is, and replays it', async () => {
    const deps = await databases.deps(id);
    const now = new Date('2026-11-29T02:00:00Z');
    const text = '{"id":"r1","sla":{"response":{"dueAt":null}},"n":1.5}';
    const first = await withIdempotency(deps, 'u1', 'POST /y', 'j1', { b: 2 }, now, async () => ({
      status: 201,
      body: new JsonText(text),
    }));
    expect(first.body).toBeInstanceOf(JsonText);
    const stored = await deps.db
      .selectFrom('idempotency_keys')
      .select('response_json')
      .where('key', '=', 'j1')
      .executeTakeFirstOrThrow();
    expect(stored.response_json).toBe(text);
    let ranAgain = false;
    const replay = await withIdempotency(deps, 'u1', 'POST /y', 'j1', { b: 2 }, now, async () => {
      ranAgain = true;
      return { status: 201, body: {} };
    });
    expect(ranAgain).toBe(false);
    expect(replay).toMatchObject({ status: 201, body: JSON.parse(text) });
  });
});
