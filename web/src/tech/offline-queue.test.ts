import { describe, expect, it } from 'vitest';
import { ApiError } from '../shared/api-client';
import { MemoryQueueStore, OfflineQueue, type QueuedRequest } from './offline-queue';

function fakeServer() {
  const received: QueuedRequest[] = [];
  let mode: 'up' | 'down' | 'reject' = 'up';
  const send = async (item: QueuedRequest) => {
    if (mode === 'down') throw new ApiError(0, 'NETWORK_ERROR', 'offline');
    if (mode === 'reject') throw new ApiError(409, 'CONFLICT', 'out of order');
    received.push(item);
    return { ok: true, n: received.length };
  };
  return { received, send, set: (m: typeof mode) => (mode = m) };
}

describe('OfflineQueue', () => {
  it('sends directly when online', async () => {
    const srv = fakeServer();
    const q = new OfflineQueue(new MemoryQueueStore(), srv.send);
    const r = await q.post('/api/v1/x', { a: 1 });
    expect(r).toEqual({ status: 'sent', result: { ok: true, n: 1 } });
    expect(await q.pendingCount()).toBe(0);
  });

  it('queues on network failure and replays in order with the same idempotency key', async () => {
    const srv = fakeServer();
    let t = 1_700_000_000_000;
    const q = new OfflineQueue(new MemoryQueueStore(), srv.send, () => t++);
    srv.set('down');
    const a = await q.post('/api/v1/a', { i: 1 });
    const b = await q.post('/api/v1/b', { i: 2 });
    expect(a.status).toBe('queued');
    expect(b.status).toBe('queued');
    expect(await q.pendingCount()).toBe(2);
    const keys = (await q.list()).map((i) => i.idempotencyKey);

    expect(await q.replay()).toEqual({ sent: 0, rejected: 0, remaining: 2 });
    srv.set('up');
    expect(await q.replay()).toEqual({ sent: 2, rejected: 0, remaining: 0 });
    expect(srv.received.map((i) => i.url)).toEqual(['/api/v1/a', '/api/v1/b']);
    expect(srv.received.map((i) => i.idempotencyKey)).toEqual(keys);
  });

  it('queues a new write behind waiting ones, to keep the order', async () => {
    const srv = fakeServer();
    const q = new OfflineQueue(new MemoryQueueStore(), srv.send);
    srv.set('down');
    await q.post('/api/v1/first');
    srv.set('up');
    expect((await q.post('/api/v1/second')).status).toBe('queued');
    await q.replay();
    expect(srv.received.map((i) => i.url)).toEqual(['/api/v1/first', '/api/v1/second']);
  });

  it('marks a write the server refuses as rejected and does not retry it', async () => {
    const srv = fakeServer();
    const q = new OfflineQueue(new MemoryQueueStore(), srv.send);
    srv.set('down');
    await q.post('/api/v1/a');
    srv.set('reject');
    expect(await q.replay()).toEqual({ sent: 0, rejected: 1, remaining: 0 });
    const [item] = await q.list();
    expect(item.rejected).toEqual({ status: 409, code: 'CONFLICT', message: 'out of order' });
    srv.set('up');
    expect(await q.replay()).toEqual({ sent: 0, rejected: 0, remaining: 0 });
    await q.discard(item.id);
    expect(await q.list()).toEqual([]);
  });

  it('throws server answers (4xx) from submit instead of queueing them', async () => {
    const srv = fakeServer();
    const q = new OfflineQueue(new MemoryQueueStore(), srv.send);
    srv.set('reject');
    await expect(q.post('/api/v1/a')).rejects.toBeInstanceOf(ApiError);
    expect(await q.pendingCount()).toBe(0);
  });
});
