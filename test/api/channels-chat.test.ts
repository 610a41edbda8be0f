// Live chat: the customer/agent flow, row scope, bad input, audit, first-reply time on the
// service-hours clock (across the 20:00 closing), Q-8.1-CHAT-RESPONSE, and the SSE stream (in-process on
// SQLite; across two API instances through LISTEN/NOTIFY on PostgreSQL).
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/api/build-app';
import type { AppDeps } from '../../src/app/app-deps';
import { configureChatBus } from '../../src/app/channels/chat-bus';
import { connectDatabase } from '../../src/db/connection';
import { type ApiHarness, apiHarness, countRows } from '../api-harness';
import { TestDatabases } from '../test-databases';

const databases = TestDatabases.create();
const local = (s: string) => new Date(`${s}+08:00`);

interface SseEvent {
  event: string;
  id?: string;
  data: string;
}

/** Reads a Server-Sent Events response; `until` waits for an event matching the predicate. */
function openStream(url: string, headers: Record<string, string>) {
  const events: SseEvent[] = [];
  const waiters: { pred: (e: SseEvent) => boolean; resolve: (e: SseEvent) => void }[] = [];
  let buffer = '';
  let req: http.ClientRequest;
  const ready = new Promise<http.IncomingMessage>((resolve, reject) => {
    req = http.get(url, { headers }, (res) => {
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffer += chunk;
        let i = buffer.indexOf('\n\n');
        while (i >= 0) {
          const block = buffer.slice(0, i);
          buffer = buffer.slice(i + 2);
          const e: SseEvent = { event: 'message', data: '' };
          let hasData = false;
          for (const line of block.split('\n')) {
            if (line.startsWith('event: ')) e.event = line.slice(7);
            else if (line.startsWith('id: ')) e.id = line.slice(4);
            else if (line.startsWith('data: ')) {
              e.data += line.slice(6);
              hasData = true;
            }
          }
          if (hasData) {
            events.push(e);
            for (const w of [...waiters])
              if (w.pred(e)) {
                waiters.splice(waiters.indexOf(w), 1);
                w.resolve(e);
              }
          }
          i = buffer.indexOf('\n\n');
        }
      });
      resolve(res);
    });
    req.on('error', reject);
  });
  return {
    ready,
    events,
    until(pred: (e: SseEvent) => boolean, ms = 5_000): Promise<SseEvent> {
      const found = events.find(pred);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const t = setTimeout(
          () => reject(new Error(`no matching event in ${ms} ms: ${JSON.stringify(events)}`)),
          ms,
        );
        waiters.push({
          pred,
          resolve: (e) => {
            clearTimeout(t);
            resolve(e);
          },
        });
      });
    },
    close() {
      req.destroy();
    },
  };
}

describe.each(databases.eachSupportedId())('live chat on %s', (id) => {
  let h: ApiHarness;
  let base: string;
  const customers: Record<string, string> = {};

  const as = async (who: string) =>
    who === 'agent' ? h.token('agent') : h.token('customer', { customerId: customers[who] });
  const call = async (who: string, method: 'GET' | 'POST', url: string, payload?: Record<string, unknown>) =>
    h.call({ method, url, token: await as(who), ...(payload === undefined ? {} : { payload }) });
  const at = (s: string) => {
    h.now.value = local(s);
  };
  const start = async (who: string, when: string, text = '你好，空调不制冷') => {
    at(when);
    const res = await call(who, 'POST', '/api/v1/chat/sessions', { text });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().session.id as string;
  };

  beforeAll(async () => {
    h = await apiHarness(databases, id);
    const admin = await h.token('admin');
    for (const [key, phone] of [
      ['a', '13600000001'],
      ['b', '13600000002'],
      ['c', '13600000003'],
      ['d', '13600000004'],
      ['e', '13600000005'],
      ['f', '13600000006'],
      ['g', '13600000007'],
    ]) {
      const res = await h.call({
        method: 'POST',
        url: '/api/v1/customers',
        token: admin,
        payload: { name: `顾客${key.toUpperCase()}`, phone },
      });
      customers[key] = res.json().id;
    }
    await h.app.listen({ port: 0, host: '127.0.0.1' });
    const addr = h.app.server.address();
    base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
  });
  afterAll(() => h.close());

  it('runs a session: customer asks, agent answers from the queue, first-reply time is recorded', async () => {
    const sid = await start('a', '2026-11-10T10:00:00');
    let queue = (await call('agent', 'GET', '/api/v1/chat/sessions?status=waiting')).json();
    expect(queue.items.map((s: { id: string }) => s.id)).toContain(sid);
    expect(queue.items[0]).toMatchObject({
      status: 'waiting',
      customerName: '顾客A',
      preview: '你好，空调不制冷',
    });
    expect(queue.items[0].number).toMatch(/^CH-20261110-\d{4}$/);

    at('2026-11-10T10:03:00');
    const reply = await call('agent', 'POST', `/api/v1/chat/sessions/${sid}/messages`, {
      text: '您好，我是客服小李',
    });
    expect(reply.statusCode).toBe(201);
    expect(reply.json().session).toMatchObject({
      status: 'active',
      firstReplyAt: local('2026-11-10T10:03:00').toISOString(),
      firstReplySeconds: 180,
      agentName: 'agent-u',
    });
    at('2026-11-10T10:04:00');
    await call('a', 'POST', `/api/v1/chat/sessions/${sid}/messages`, { text: '好的，谢谢' });
    // A second agent message does not move the first reply.
    at('2026-11-10T10:05:00');
    await call('agent', 'POST', `/api/v1/chat/sessions/${sid}/messages`, { text: '已为您登记' });
    const got = (await call('a', 'GET', `/api/v1/chat/sessions/${sid}`)).json();
    expect(got.session).toMatchObject({ firstReplySeconds: 180, messageCount: 4 });
    expect(got.messages.map((m: { author: string; seq: number }) => [m.seq, m.author])).toEqual([
      [1, 'customer'],
      [2, 'agent'],
      [3, 'customer'],
      [4, 'agent'],
    ]);
    const after = (await call('a', 'GET', `/api/v1/chat/sessions/${sid}?after=2`)).json();
    expect(after.messages.map((m: { seq: number }) => m.seq)).toEqual([3, 4]);
    queue = (await call('agent', 'GET', '/api/v1/chat/sessions?status=waiting')).json();
    expect(queue.items.map((s: { id: string }) => s.id)).not.toContain(sid);
    const mine = (await call('agent', 'GET', '/api/v1/chat/sessions?status=active&mine=true')).json();
    expect(mine.items.map((s: { id: string }) => s.id)).toEqual([sid]);

    at('2026-11-10T10:06:00');
    const closed = await call('a', 'POST', `/api/v1/chat/sessions/${sid}/close`, { resolved: true });
    expect(closed.json()).toMatchObject({ status: 'closed', closedBy: 'customer', resolvedByBot: false });
    const audit = await h.deps.db
      .selectFrom('audit_log')
      .select('action')
      .where('entity_id', '=', sid)
      .orderBy('seq')
      .execute();
    expect(audit.map((a) => a.action)).toEqual([
      'chat.start',
      'chat.first-reply',
      'chat.message',
      'chat.message',
      'chat.close',
    ]);
  });

  it('measures the first reply across the 20:00 closing on the service-hours clock', async () => {
    const sid = await start('b', '2026-11-10T19:58:00');
    at('2026-11-11T08:02:00');
    const reply = await call('agent', 'POST', `/api/v1/chat/sessions/${sid}/messages`, { text: '早上好' });
    expect(reply.json().session).toMatchObject({ firstReplySeconds: 240, status: 'active' });
    const row = await h.deps.db
      .selectFrom('chat_sessions')
      .select(['first_reply_ms', 'first_reply_at', 'started_at'])
      .where('id', '=', sid)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({
      first_reply_ms: 240_000,
      first_reply_at: '2026-11-11T00:02:00.000Z',
      started_at: '2026-11-10T11:58:00.000Z',
    });
    await call('agent', 'POST', `/api/v1/chat/sessions/${sid}/close`, {});
  });

  it('keeps customers to their own sessions (404) and agents-only actions to agents', async () => {
    const sid = await start('g', '2026-11-12T15:00:00', '我的会话');
    for (const [method, url, payload] of [
      ['GET', `/api/v1/chat/sessions/${sid}`, undefined],
      ['POST', `/api/v1/chat/sessions/${sid}/messages`, { text: '偷看' }],
      ['POST', `/api/v1/chat/sessions/${sid}/close`, {}],
    ] as const) {
      const res = await call('f', method, url, payload);
      expect(res.statusCode, url).toBe(404);
    }
    const stream = await fetch(`${base}/api/v1/chat/sessions/${sid}/stream`, {
      headers: { authorization: `Bearer ${await as('f')}`, accept: 'text/event-stream' },
    });
    expect(stream.status).toBe(404);
    const list = (await call('f', 'GET', '/api/v1/chat/sessions')).json();
    expect(list.items.map((s: { id: string }) => s.id)).not.toContain(sid);
    const own = (await call('g', 'GET', '/api/v1/chat/sessions')).json();
    expect(own.items.map((s: { id: string }) => s.id)).toEqual([sid]);
    // Agents cannot open a session as a customer; customers cannot post bot messages or link requests.
    expect((await call('agent', 'POST', '/api/v1/chat/sessions', { text: '测试' })).statusCode).toBe(403);
    expect(
      (await call('g', 'POST', `/api/v1/chat/sessions/${sid}/messages`, { text: 'x', bot: true })).statusCode,
    ).toBe(403);
    expect(
      (await call('g', 'POST', `/api/v1/chat/sessions/${sid}/link`, { serviceRequestId: 'x' })).statusCode,
    ).toBe(403);
    expect(
      (await h.call({ method: 'GET', url: '/api/v1/chat/sessions', token: await h.token('technician') }))
        .statusCode,
    ).toBe(403);
  });

  it('answers bad input with field-level 400 or 409 and changes nothing', async () => {
    const sid = (await call('g', 'GET', '/api/v1/chat/sessions?status=open')).json().items[0].id as string;
    const snapshot = async () => ({
      audit: await countRows(h.deps, 'audit_log'),
      messages: (await h.deps.db.selectFrom('chat_messages').select('id').execute()).length,
      sessions: await h.deps.db.selectFrom('chat_sessions').select(['id', 'status', 'updated_at']).execute(),
    });
    const before = await snapshot();
    const empty = await call('g', 'POST', `/api/v1/chat/sessions/${sid}/messages`, { text: '   ' });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.details[0]).toMatchObject({ path: 'text' });
    const long = await call('g', 'POST', '/api/v1/chat/sessions', { text: 'x'.repeat(2001) });
    expect(long.statusCode).toBe(400);
    expect((await call('g', 'POST', '/api/v1/chat/sessions', {})).json().error.details[0].path).toBe('text');
    // One open session per customer.
    const twice = await call('g', 'POST', '/api/v1/chat/sessions', { text: '又一个问题' });
    expect(twice.statusCode).toBe(409);
    expect(
      (await call('agent', 'POST', `/api/v1/chat/sessions/${sid}/close`, { resolved: 'yes' })).statusCode,
    ).toBe(400);
    expect((await call('agent', 'GET', '/api/v1/chat/sessions?status=gone')).statusCode).toBe(400);
    const link = await call('agent', 'POST', `/api/v1/chat/sessions/${sid}/link`, {
      serviceRequestId: 'nope',
    });
    expect(link.statusCode).toBe(400);
    expect(link.json().error.details[0].path).toBe('serviceRequestId');
    expect(await snapshot()).toEqual(before);
    // A closed session takes no more messages.
    await call('agent', 'POST', `/api/v1/chat/sessions/${sid}/close`, {});
    const mid = await snapshot();
    expect(
      (await call('g', 'POST', `/api/v1/chat/sessions/${sid}/messages`, { text: '还在吗' })).statusCode,
    ).toBe(409);
    expect((await call('agent', 'POST', `/api/v1/chat/sessions/${sid}/close`, {})).statusCode).toBe(409);
    expect(await snapshot()).toEqual(mid);
  });

  it('links a chat to the service request it led to', async () => {
    const sid = await start('g', '2026-11-12T16:00:00', '洗衣机漏水');
    at('2026-11-12T16:01:00');
    const sr = await h.call({
      method: 'POST',
      url: '/api/v1/service-requests',
      token: await as('agent'),
      payload: { customerId: customers.g, channel: 'online', type: 'repair', description: '洗衣机漏水' },
    });
    expect(sr.statusCode).toBe(201);
    const other = await h.call({
      method: 'POST',
      url: '/api/v1/service-requests',
      token: await as('agent'),
      payload: { customerId: customers.f, channel: 'online', type: 'repair', description: '别人的请求' },
    });
    expect(
      (
        await call('agent', 'POST', `/api/v1/chat/sessions/${sid}/link`, {
          serviceRequestId: other.json().id,
        })
      ).statusCode,
    ).toBe(400);
    const linked = await call('agent', 'POST', `/api/v1/chat/sessions/${sid}/link`, {
      serviceRequestId: sr.json().id,
    });
    expect(linked.json()).toMatchObject({ serviceRequestId: sr.json().id });
    await call('g', 'POST', `/api/v1/chat/sessions/${sid}/close`, {});
  });

  it('computes Q-8.1-CHAT-RESPONSE as hand-computed (abandoned, bot-resolved, late)', async () => {
    // c: leaves after 2 min without a reply → excluded. d: leaves after 6 min → breach.
    let sid = await start('c', '2026-11-11T10:00:00');
    at('2026-11-11T10:02:00');
    expect((await call('c', 'POST', `/api/v1/chat/sessions/${sid}/close`, {})).json().status).toBe(
      'abandoned',
    );
    sid = await start('d', '2026-11-11T11:00:00');
    at('2026-11-11T11:06:00');
    expect((await call('d', 'POST', `/api/v1/chat/sessions/${sid}/close`, {})).json().status).toBe(
      'abandoned',
    );
    // e: the bot answers and the customer ends the session as resolved without asking for a human → ok.
    sid = await start('e', '2026-11-11T12:00:00');
    at('2026-11-11T12:00:05');
    const bot = await call('agent', 'POST', `/api/v1/chat/sessions/${sid}/messages`, {
      text: '请检查滤网',
      bot: true,
    });
    expect(bot.json()).toMatchObject({
      session: { status: 'waiting', firstReplyAt: null },
      message: { author: 'bot' },
    });
    at('2026-11-11T12:01:00');
    expect(
      (await call('e', 'POST', `/api/v1/chat/sessions/${sid}/close`, { resolved: true })).json(),
    ).toMatchObject({
      status: 'closed',
      resolvedByBot: true,
    });
    // f: the agent answers after 7 min → breach.
    sid = await start('f', '2026-11-12T09:00:00');
    at('2026-11-12T09:07:00');
    await call('agent', 'POST', `/api/v1/chat/sessions/${sid}/messages`, { text: '抱歉久等' });

    at('2026-11-29T10:00:00');
    const res = await h.call({
      method: 'GET',
      url: '/api/v1/kpis?from=2026-11-10&to=2026-11-13',
      token: await h.token('manager'),
    });
    const ind = res.json().indicators.find((i: { id: string }) => i.id === 'Q-8.1-CHAT-RESPONSE');
    // ok: a (3 min), b (4 min across 20:00), e (bot-resolved). Breaches: d (left after 6 min), f (7 min),
    // g at 15:00 (closed by the agent without a reply). Excluded: c and g at 16:00 (left within 5 min).
    expect(ind).toMatchObject({
      numerator: 3,
      denominator: 6,
      excluded: 2,
      pending: 0,
      target: 1,
      meets: false,
    });
    expect(ind.value).toBe(0.5);
    expect(ind.info).toMatchObject({ limitMinutes: 5, resolvedByBot: 1, calendar: 'service-hours' });
  });

  it('streams new messages live over SSE with a bearer token or the console cookie', async () => {
    at('2026-11-20T10:00:00');
    const sid = await start('a', '2026-11-20T10:00:00', '在线吗');
    const noAccept = await fetch(`${base}/api/v1/chat/sessions/${sid}/stream`, {
      headers: { authorization: `Bearer ${await as('a')}` },
    });
    expect(noAccept.status).toBe(400);
    const customerStream = openStream(`${base}/api/v1/chat/sessions/${sid}/stream`, {
      authorization: `Bearer ${await as('a')}`,
      accept: 'text/event-stream',
    });
    const res = await customerStream.ready;
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/event-stream/);
    const first = await customerStream.until((e) => e.event === 'message');
    expect(first.id).toBe('1');

    // The agent console: cookie session, queue stream and the session stream resumed after message 1.
    const login = await h.call({
      method: 'POST',
      url: '/api/v1/auth/session',
      payload: { username: 'agent-u', password: 'Test@12345' },
    });
    const cookie = String(login.headers['set-cookie']).split(';')[0];
    const agentStream = openStream(`${base}/api/v1/chat/sessions/${sid}/stream`, {
      cookie,
      accept: 'text/event-stream',
      'last-event-id': '1',
    });
    expect((await agentStream.ready).statusCode).toBe(200);
    await agentStream.until((e) => e.event === 'session');
    const queueStream = openStream(`${base}/api/v1/chat/queue/stream`, {
      cookie,
      accept: 'text/event-stream',
    });
    expect((await queueStream.ready).statusCode).toBe(200);

    at('2026-11-20T10:01:00');
    const reply = await h.call({
      method: 'POST',
      url: `/api/v1/chat/sessions/${sid}/messages`,
      headers: { cookie, 'x-csrf-token': login.json().csrfToken },
      payload: { text: '在的，请讲' },
    });
    expect(reply.statusCode).toBe(201);
    const live = await customerStream.until((e) => e.event === 'message' && e.id === '2');
    expect(JSON.parse(live.data)).toMatchObject({ author: 'agent', text: '在的，请讲' });
    const status = await customerStream.until(
      (e) => e.event === 'session' && JSON.parse(e.data).status === 'active',
    );
    expect(JSON.parse(status.data)).toMatchObject({ firstReplySeconds: 60 });
    await agentStream.until((e) => e.event === 'message' && e.id === '2');
    expect(agentStream.events.filter((e) => e.event === 'message').map((e) => e.id)).toEqual(['2']);
    await queueStream.until((e) => e.event === 'queue' && JSON.parse(e.data).sessionId === sid);
    customerStream.close();
    agentStream.close();
    queueStream.close();
    await call('a', 'POST', `/api/v1/chat/sessions/${sid}/close`, {});
  });

  it('ends open streams when the server shuts down, so a graceful close does not wait for them', async () => {
    const app2 = await buildApp({ deps: h.deps, now: () => h.now.value, webDir: null });
    await app2.listen({ port: 0, host: '127.0.0.1' });
    const addr = app2.server.address();
    const sid = await start('c', '2026-11-22T10:00:00', '关机测试');
    const stream = openStream(
      `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}/api/v1/chat/sessions/${sid}/stream`,
      { authorization: `Bearer ${await as('c')}`, accept: 'text/event-stream' },
    );
    const res = await stream.ready;
    await stream.until((e) => e.event === 'message');
    const ended = new Promise<void>((resolve) => res.on('end', () => resolve()));
    const t0 = Date.now();
    await app2.close();
    await ended;
    expect(Date.now() - t0).toBeLessThan(5_000);
    await call('c', 'POST', `/api/v1/chat/sessions/${sid}/close`, {});
  });

  if (id === 'postgres')
    it('fans out between two API instances through LISTEN/NOTIFY', async () => {
      const url = (h.deps as AppDeps & { handle: { databaseUrl: string } }).handle.databaseUrl;
      const second = connectDatabase({ databaseUrl: url, poolSize: 2 });
      const deps2: AppDeps = { ...h.deps, db: second.db };
      configureChatBus(second.db, { listenUrl: url });
      const app2 = await buildApp({ deps: deps2, now: () => h.now.value, webDir: null });
      await app2.listen({ port: 0, host: '127.0.0.1' });
      try {
        const addr = app2.server.address();
        const base2 = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
        const sid = await start('b', '2026-11-21T10:00:00', '另一台服务器');
        const stream = openStream(`${base2}/api/v1/chat/sessions/${sid}/stream`, {
          authorization: `Bearer ${await as('b')}`,
          accept: 'text/event-stream',
        });
        expect((await stream.ready).statusCode).toBe(200);
        await stream.until((e) => e.event === 'message' && e.id === '1');
        // Posted through instance 1; instance 2 hears of it by NOTIFY (well before its 15 s catch-up).
        at('2026-11-21T10:00:30');
        await call('agent', 'POST', `/api/v1/chat/sessions/${sid}/messages`, { text: '实例一的回复' });
        const e = await stream.until((x) => x.event === 'message' && x.id === '2', 3_000);
        expect(JSON.parse(e.data).text).toBe('实例一的回复');
        stream.close();
      } finally {
        await app2.close();
        await second.close();
      }
    });
});
