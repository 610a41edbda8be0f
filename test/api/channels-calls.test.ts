// Hotline call records: Asterisk Master.csv and generic CSV imports, de-duplication, dry runs and
// rejected files, agent sessions, and Q-8.1-HOTLINE-15S / Q-8.1-HOTLINE-HOURS against hand-computed figures.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main';
import { type ApiHarness, apiHarness } from '../api-harness';
import { TestDatabases } from '../test-databases';

const databases = TestDatabases.create();

async function multipart(file: { bytes: string; filename: string }) {
  const fd = new FormData();
  fd.append('file', new Blob([file.bytes], { type: 'text/csv' }), file.filename);
  const res = new Response(fd);
  return {
    payload: Buffer.from(await res.arrayBuffer()),
    headers: { 'content-type': res.headers.get('content-type') as string },
  };
}

/** One Master.csv line in cdr_csv's column order (loguniqueid=yes, loguserfield=yes). */
function cdr(f: {
  src: string;
  dcontext?: string;
  dstchannel?: string;
  lastapp?: string;
  lastdata?: string;
  start: string;
  answer?: string;
  end: string;
  disposition: string;
  uniqueid: string;
  userfield?: string;
}): string {
  const cells = [
    '',
    f.src,
    '8000',
    f.dcontext ?? 'from-trunk',
    `"Caller" <${f.src}>`,
    'SIP/trunk-0000001a',
    f.dstchannel ?? '',
    f.lastapp ?? 'Queue',
    f.lastdata ?? 'support,t',
    f.start,
    f.answer ?? '',
    f.end,
    '60',
    '50',
    f.disposition,
    'DOCUMENTATION',
    f.uniqueid,
    f.userfield ?? '',
  ];
  return cells.map((c) => (/^\d+$/.test(c) && c.length < 4 ? c : `"${c.replace(/"/g, '""')}"`)).join(',');
}

// Hand-computed: queue calls in service hours 1, 2, 3, 4, 5, 9 → denominator 6; within 15 s: 1 (10 s),
// 2 (15 s) → 2/6. 6 is queued at 21:00 (out of hours); 7 (IVR only) and 8 (outbound) are not queue calls.
const MASTER_CSV = `${[
  cdr({
    src: '13877001122',
    dstchannel: 'SIP/8001-00000002',
    start: '2026-11-02 09:00:00',
    answer: '2026-11-02 09:00:10',
    end: '2026-11-02 09:05:00',
    disposition: 'ANSWERED',
    uniqueid: '1762045200.1',
    userfield: '20261102-090000-1762045200.1.wav',
  }),
  cdr({
    src: '13877003333',
    dstchannel: 'SIP/8002-00000004',
    start: '2026-11-02 10:00:00',
    answer: '2026-11-02 10:00:15',
    end: '2026-11-02 10:03:00',
    disposition: 'ANSWERED',
    uniqueid: '1762048800.2',
  }),
  cdr({
    src: '13877004444',
    dstchannel: 'SIP/8001-00000006',
    start: '2026-11-02 11:00:00',
    answer: '2026-11-02 11:00:40',
    end: '2026-11-02 11:04:00',
    disposition: 'ANSWERED',
    uniqueid: '1762052400.3',
  }),
  cdr({
    src: '13877005555',
    start: '2026-11-02 11:30:00',
    end: '2026-11-02 11:30:20',
    disposition: 'NO ANSWER',
    uniqueid: '1762054200.4',
  }),
  cdr({
    src: '13877006666',
    start: '2026-11-02 11:40:00',
    end: '2026-11-02 11:40:03',
    disposition: 'NO ANSWER',
    uniqueid: '1762054800.5',
  }),
  cdr({
    src: '13877007777',
    dstchannel: 'SIP/8003-00000008',
    start: '2026-11-02 21:00:00',
    answer: '2026-11-02 21:00:05',
    end: '2026-11-02 21:02:00',
    disposition: 'ANSWERED',
    uniqueid: '1762088400.6',
  }),
  cdr({
    src: '13877008888',
    dcontext: 'ivr-main',
    lastapp: 'Playback',
    lastdata: 'welcome',
    start: '2026-11-02 12:00:00',
    answer: '2026-11-02 12:00:00',
    end: '2026-11-02 12:00:30',
    disposition: 'ANSWERED',
    uniqueid: '1762056000.7',
  }),
  cdr({
    src: '8001',
    dcontext: 'from-internal',
    dstchannel: 'SIP/trunk-00000010',
    lastapp: 'Dial',
    lastdata: 'SIP/trunk/13900000000',
    start: '2026-11-02 13:00:00',
    answer: '2026-11-02 13:00:08',
    end: '2026-11-02 13:01:00',
    disposition: 'ANSWERED',
    uniqueid: '1762059600.8',
  }),
  cdr({
    src: '13877009999',
    dstchannel: 'SIP/8002-00000012',
    start: '2026-11-02 19:59:50',
    answer: '2026-11-02 20:00:20',
    end: '2026-11-02 20:03:00',
    disposition: 'ANSWERED',
    uniqueid: '1762084790.9',
  }),
].join('\n')}\n`;

// Generic export: G1 in time, G2 abandoned, G3 queued at 07:59:59 (out of hours), G4 late → 1/3.
const GENERIC_CSV = `callId,caller,queuedAt,answeredAt,endedAt,agent,disposition
G1,13900001111,2026-11-03 10:00:00,2026-11-03 10:00:05,2026-11-03 10:03:00,agent-1,ANSWERED
G2,13900002222,2026-11-03T10:10:00+08:00,,2026-11-03T10:11:00+08:00,,NO ANSWER
G3,,2026-11-03 07:59:59,2026-11-03 08:00:03,2026-11-03 08:02:00,agent-2,ANSWERED
G4,139-0000-3333,2026-11-03 12:00:00,2026-11-03 12:00:20,2026-11-03 12:05:00,agent-1,ANSWERED
`;

// Staffed hours: 11-02 08:00–17:00 = 9 h; 11-03 08:00–15:00 + (API) 19:00–20:00 = 8 h; 11-04 08:00–09:00 = 1 h.
const SESSIONS_CSV = `agent,loginAt,logoutAt
A,2026-11-02 07:30:00,2026-11-02 12:00:00
B,2026-11-02 11:00:00,2026-11-02 17:00:00
A,2026-11-03 08:00:00,2026-11-03 15:00:00
`;

describe.each(databases.eachSupportedId())('hotline call records on %s', (id) => {
  let h: ApiHarness;
  let manager: string;
  let customerId: string;
  const counts = async () => {
    const n = async (t: 'call_records' | 'agent_sessions' | 'audit_log') =>
      Number(
        (
          await h.deps.db
            .selectFrom(t)
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    return {
      calls: await n('call_records'),
      sessions: await n('agent_sessions'),
      audit: await n('audit_log'),
    };
  };
  const upload = async (bytes: string, filename: string, query: string, token = manager) => {
    const body = await multipart({ bytes, filename });
    return h.call({
      method: 'POST',
      url: `/api/v1/calls/import${query}`,
      token,
      headers: body.headers,
      payload: body.payload,
    });
  };
  const kpi = async (from: string, to: string) => {
    const res = await h.call({ method: 'GET', url: `/api/v1/kpis?from=${from}&to=${to}`, token: manager });
    expect(res.statusCode).toBe(200);
    const all = res.json().indicators as { id: string }[];
    return (k: string) => all.find((i) => i.id === k) as Record<string, unknown>;
  };

  beforeAll(async () => {
    h = await apiHarness(databases, id);
    manager = await h.token('manager');
    const c = await h.call({
      method: 'POST',
      url: '/api/v1/customers',
      token: manager,
      payload: { name: '黄女士', phone: '13877001122' },
    });
    customerId = c.json().id;
  });
  afterAll(() => h.close());

  it('reports no hotline figures before any call is recorded', async () => {
    const get = await kpi('2026-11-01', '2026-12-01');
    expect(get('Q-8.1-HOTLINE-15S')).toMatchObject({ value: null, denominator: 0, target: 0.85 });
    expect(get('Q-8.1-CHAT-RESPONSE')).toMatchObject({ value: null, denominator: 0 });
  });

  it('dry-runs an Asterisk Master.csv without writing anything', async () => {
    const before = await counts();
    const res = await upload(MASTER_CSV, 'Master.csv', '?format=asterisk&dryRun=true');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      format: 'asterisk',
      kind: 'calls',
      dryRun: true,
      total: 9,
      rejected: 0,
      skipped: 2,
      duplicates: 0,
      imported: 0,
      errors: [],
    });
    expect(await counts()).toEqual(before);
  });

  it('rejects a file with one bad line entirely, with row-level errors', async () => {
    const before = await counts();
    const bad = `${MASTER_CSV}${cdr({ src: '1380000', start: '2026-11-31 10:00:00', end: '2026-11-02 10:00:01', disposition: 'RINGING', uniqueid: 'x.10' })}\n"only","three","columns"\n`;
    const res = await upload(bad, 'Master.csv', '?format=asterisk');
    expect(res.statusCode).toBe(200);
    const r = res.json();
    expect(r).toMatchObject({ total: 11, rejected: 2, imported: 0 });
    expect(r.errors.map((e: { row: number; field: string }) => [e.row, e.field])).toEqual([
      [10, 'start'],
      [10, 'disposition'],
      [11, 'line'],
    ]);
    expect(r.errors[0].message).toContain('YYYY-MM-DD HH:MM:SS');
    expect(await counts()).toEqual(before);
    // Bad request parameters and files are 400 and change nothing either.
    expect((await upload(MASTER_CSV, 'Master.csv', '?format=avaya')).statusCode).toBe(400);
    const noHeader = await upload('a,b\n1,2\n', 'calls.csv', '?format=generic');
    expect(noHeader.statusCode).toBe(400);
    expect(noHeader.json().error.details[0]).toMatchObject({ path: 'file' });
    expect((await upload('', 'Master.csv', '?format=asterisk')).statusCode).toBe(400);
    expect(await counts()).toEqual(before);
  });

  it('imports the Asterisk queue calls once: a re-import adds nothing', async () => {
    const before = await counts();
    const res = await upload(MASTER_CSV, 'Master.csv', '?format=asterisk');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ total: 9, rejected: 0, skipped: 2, duplicates: 0, imported: 7 });
    const after = await counts();
    expect(after.calls).toBe(before.calls + 7);
    expect(after.audit).toBe(before.audit + 1);
    const again = await upload(MASTER_CSV, 'Master.csv', '?format=asterisk');
    expect(again.json()).toMatchObject({ total: 9, duplicates: 7, imported: 0 });
    expect(await counts()).toEqual(after);

    const first = await h.deps.db
      .selectFrom('call_records')
      .selectAll()
      .where('external_id', '=', '1762045200.1')
      .executeTakeFirstOrThrow();
    expect(first).toMatchObject({
      source: 'asterisk',
      direction: 'inbound',
      queued_at: '2026-11-02T01:00:00.000Z',
      answered_at: '2026-11-02T01:00:10.000Z',
      agent: 'SIP/8001',
      queue: 'support',
      disposition: 'ANSWERED',
      in_service_hours: 1,
      wait_ms: 10_000,
      caller_masked: '138****1122',
      customer_id: customerId,
      recording_ref: '20261102-090000-1762045200.1.wav',
    });
    // The number is encrypted at rest and found by its blind index.
    expect(first.caller_enc).not.toContain('13877001122');
    expect(h.deps.cipher.decrypt(first.caller_enc as string)).toBe('13877001122');
    expect(first.caller_hash).toBe(h.deps.cipher.blindIndex('13877001122'));
    const late = await h.deps.db
      .selectFrom('call_records')
      .select(['in_service_hours', 'answered_at', 'agent'])
      .where('external_id', 'in', ['1762088400.6', '1762054200.4'])
      .orderBy('external_id')
      .execute();
    expect(late).toEqual([
      { in_service_hours: 1, answered_at: null, agent: null },
      { in_service_hours: 0, answered_at: '2026-11-02T13:00:05.000Z', agent: 'SIP/8003' },
    ]);
    const list = await h.call({
      method: 'GET',
      url: '/api/v1/calls?from=2026-11-02&to=2026-11-03',
      token: manager,
    });
    expect(list.json().total).toBe(7);
    expect(list.json().items.every((c: { caller: string }) => /\*{4}/.test(c.caller))).toBe(true);
  });

  it('imports the generic CSV through the CLI as well, with the same de-duplication', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aftercare-calls-'));
    const file = path.join(dir, 'calls.csv');
    fs.writeFileSync(file, GENERIC_CSV);
    try {
      const res = await upload(GENERIC_CSV, 'calls.csv', '?format=generic');
      expect(res.json()).toMatchObject({ kind: 'calls', total: 4, rejected: 0, imported: 4 });
      const g3 = await h.deps.db
        .selectFrom('call_records')
        .select(['in_service_hours', 'caller_enc', 'queued_at'])
        .where('source', '=', 'generic')
        .where('external_id', '=', 'G3')
        .executeTakeFirstOrThrow();
      expect(g3).toEqual({ in_service_hours: 0, caller_enc: null, queued_at: '2026-11-02T23:59:59.000Z' });
      const again = await upload(GENERIC_CSV, 'calls.csv', '');
      expect(again.json()).toMatchObject({ duplicates: 4, imported: 0 });
      if (id === 'sqlite') {
        // The CLI runs the same use case on its own database.
        const data = path.join(dir, 'data');
        const out: string[] = [];
        const write = process.stdout.write.bind(process.stdout);
        process.stdout.write = ((chunk: string) => {
          out.push(String(chunk));
          return true;
        }) as typeof process.stdout.write;
        try {
          const args = ['node', 'aftercare', 'calls', 'import', file, '--data', data, '--json'];
          expect(await main([...args, '--dry-run'])).toBe(0);
          expect(await main(args)).toBe(0);
          expect(await main(args)).toBe(0);
          expect(
            await main(['node', 'aftercare', 'calls', 'import', file, '--format', 'avaya', '--data', data]),
          ).toBe(2);
        } finally {
          process.stdout.write = write;
        }
        const reports = out.filter((l) => l.startsWith('{')).map((l) => JSON.parse(l));
        expect(reports.map((r) => [r.dryRun, r.imported, r.duplicates])).toEqual([
          [true, 0, 0],
          [false, 4, 0],
          [false, 0, 4],
        ]);
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('takes agent sessions from a CSV and from the ACD API', async () => {
    const res = await upload(SESSIONS_CSV, 'sessions.csv', '?format=generic');
    expect(res.json()).toMatchObject({ kind: 'agent-sessions', total: 3, imported: 3 });
    expect((await upload(SESSIONS_CSV, 'sessions.csv', '?format=agent-sessions')).json()).toMatchObject({
      duplicates: 3,
      imported: 0,
    });
    const post = (payload: Record<string, unknown>) =>
      h.call({ method: 'POST', url: '/api/v1/calls/agent-sessions', token: manager, payload });
    const login = await post({ agent: 'C', loginAt: '2026-11-03T19:00:00+08:00', externalId: 'acd-77' });
    expect(login.statusCode).toBe(201);
    expect(login.json()).toMatchObject({ agent: 'C', logoutAt: null });
    const logout = await post({
      agent: 'C',
      loginAt: '2026-11-03T19:00:00+08:00',
      logoutAt: '2026-11-04T09:00:00+08:00',
      externalId: 'acd-77',
    });
    expect(logout.statusCode).toBe(200);
    expect(logout.json()).toMatchObject({ id: login.json().id, logoutAt: '2026-11-04T01:00:00.000Z' });
    const before = await counts();
    const bad = await post({ agent: '', loginAt: '2026-11-03 19:00', logoutAt: '2026-11-03T18:00:00+08:00' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details.map((d: { path: string }) => d.path)).toEqual(
      expect.arrayContaining(['agent', 'loginAt']),
    );
    const backwards = await post({
      agent: 'D',
      loginAt: '2026-11-03T19:00:00+08:00',
      logoutAt: '2026-11-03T18:00:00+08:00',
    });
    expect(backwards.json().error.details[0].path).toBe('logoutAt');
    const future = await post({ agent: 'D', loginAt: '2026-12-30T19:00:00+08:00' });
    expect(future.statusCode).toBe(400);
    expect(await counts()).toEqual(before);
    // Customers and technicians may not feed the ACD.
    expect(
      (
        await h.call({
          method: 'POST',
          url: '/api/v1/calls/agent-sessions',
          token: await h.token('technician'),
          payload: {},
        })
      ).statusCode,
    ).toBe(403);
  });

  it('computes Q-8.1-HOTLINE-15S and Q-8.1-HOTLINE-HOURS as hand-computed', async () => {
    // Asterisk 2/6 on 11-02, generic 1/3 on 11-03 → 3/9.
    let get = await kpi('2026-11-02', '2026-11-05');
    expect(get('Q-8.1-HOTLINE-15S')).toMatchObject({
      numerator: 3,
      denominator: 9,
      value: 1 / 3,
      target: 0.85,
      meets: false,
      excluded: 0,
      info: { answerSeconds: 15, shortAbandonSeconds: 0, abandoned: 3, outsideServiceHours: 2 },
    });
    expect(get('Q-8.1-HOTLINE-HOURS')).toMatchObject({
      numerator: 2,
      denominator: 3,
      value: 2 / 3,
      target: 1,
      meets: false,
      breaches: ['2026-11-04'],
      info: { staffedHours: { '2026-11-02': 9, '2026-11-03': 8, '2026-11-04': 1 }, sevenByTwentyFour: false },
    });
    get = await kpi('2026-11-02', '2026-11-03');
    expect(get('Q-8.1-HOTLINE-15S')).toMatchObject({ numerator: 2, denominator: 6 });
    expect(get('Q-8.1-HOTLINE-HOURS')).toMatchObject({ numerator: 1, denominator: 1, value: 1, meets: true });

    // A configured short-abandon exclusion (5 s) drops the call abandoned after 3 s, and is disclosed.
    const admin = await h.token('admin');
    const bad = await h.call({
      method: 'PUT',
      url: '/api/v1/channels/settings',
      token: admin,
      payload: { hotline: { shortAbandonSeconds: -1, calendar: 'nope' } },
    });
    expect(bad.statusCode).toBe(400);
    const put = await h.call({
      method: 'PUT',
      url: '/api/v1/channels/settings',
      token: admin,
      payload: { hotline: { shortAbandonSeconds: 5 } },
    });
    expect(put.statusCode).toBe(200);
    expect(put.json()).toMatchObject({ hotline: { shortAbandonSeconds: 5, answerSeconds: 15 }, version: 1 });
    get = await kpi('2026-11-02', '2026-11-03');
    expect(get('Q-8.1-HOTLINE-15S')).toMatchObject({
      numerator: 2,
      denominator: 5,
      excluded: 1,
      info: { shortAbandonSeconds: 5, settingsVersion: 1 },
    });
    await h.call({
      method: 'PUT',
      url: '/api/v1/channels/settings',
      token: admin,
      payload: { hotline: { shortAbandonSeconds: 0 } },
    });
    expect(
      (await h.call({ method: 'PUT', url: '/api/v1/channels/settings', token: manager, payload: {} }))
        .statusCode,
    ).toBe(200);
    expect(
      (
        await h.call({ method: 'GET', url: '/api/v1/channels/settings', token: await h.token('agent') })
      ).json().version,
    ).toBe(3);
  });
});
