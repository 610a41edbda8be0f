import { describe, expect, it } from 'vitest';
import { agentOfChannel, parseAsteriskMasterCsv } from './asterisk-cdr';
import { callerDigits } from './call-rows';
import { parseGenericCalls } from './generic-csv';

const Z = 'Asia/Shanghai';
const base = [
  '',
  '13800001111',
  '8000',
  'agents',
  '"Li" <13800001111>',
  'PJSIP/trunk-00000001',
  'PJSIP/8001-00000002',
  'Queue',
  'support,t,,,300',
  '2026-11-02 09:00:00',
  '2026-11-02 09:00:12',
  '2026-11-02 09:03:00',
  '180',
  '168',
  'ANSWERED',
  'DOCUMENTATION',
];
const line = (cells: string[]) => cells.map((c) => `"${c}"`).join(',');

describe('Asterisk Master.csv', () => {
  it('reads the cdr_csv column order, with or without uniqueid/userfield/newcdrcolumns', () => {
    const text = [
      line(base), // 16 columns: no uniqueid → channel@start
      line([...base, '1762045200.7']),
      line([...base, '1762045200.8', '', 'acct', '1762045200.8', '3']), // newcdrcolumns: uniqueid#sequence
    ].join('\n');
    const r = parseAsteriskMasterCsv(text, { zone: Z });
    expect(r.errors).toEqual([]);
    expect(r.records.map((c) => c.externalId)).toEqual([
      'PJSIP/trunk-00000001@2026-11-02 09:00:00',
      '1762045200.7',
      '1762045200.8#3',
    ]);
    expect(r.records[0]).toMatchObject({
      caller: '13800001111',
      queue: 'support',
      agent: 'PJSIP/8001',
      queuedAt: Date.parse('2026-11-02T01:00:00Z'),
      answeredAt: Date.parse('2026-11-02T01:00:12Z'),
      disposition: 'ANSWERED',
    });
  });

  it('skips non-queue records, honours configured queue contexts, and maps CONGESTION to FAILED', () => {
    const ivr = [...base];
    ivr[7] = 'BackGround';
    const congested = [...base];
    congested[14] = 'CONGESTION';
    congested[6] = '';
    congested[10] = '';
    const header = line([
      'accountcode',
      'src',
      'dst',
      'dcontext',
      'clid',
      'channel',
      'dstchannel',
      'lastapp',
      'lastdata',
      'start',
      'answer',
      'end',
      'duration',
      'billsec',
      'disposition',
      'amaflags',
    ]);
    const text = [header, line(ivr), line(congested)].join('\n');
    const plain = parseAsteriskMasterCsv(text, { zone: Z });
    expect(plain).toMatchObject({ total: 2, skipped: 1, errors: [] });
    expect(plain.records[0]).toMatchObject({ disposition: 'FAILED', answeredAt: null, agent: null });
    const withContext = parseAsteriskMasterCsv(text, { zone: Z, queueContexts: ['agents'] });
    expect(withContext).toMatchObject({ skipped: 0 });
    expect(withContext.records).toHaveLength(2);
  });

  it('names agents and callers from channel and caller-id strings', () => {
    expect(agentOfChannel('SIP/8001-0000001a')).toBe('SIP/8001');
    expect(agentOfChannel('Local/8001@agents-00000003;1')).toBe('Local/8001@agents');
    expect(agentOfChannel('')).toBeNull();
    expect(callerDigits('"Wang" <+86 138-0000-1111>')).toBe('8613800001111');
    expect(callerDigits('anonymous')).toBeNull();
  });

  it('reports impossible times and answered-before-queued calls per row', () => {
    const early = [...base, 'u1'];
    early[10] = '2026-11-02 08:59:59';
    const r = parseAsteriskMasterCsv(line(early), { zone: Z });
    expect(r.errors.map((e) => [e.row, e.field])).toEqual([[1, 'answeredAt']]);
  });
});

describe('generic call CSV', () => {
  const row = (values: Record<string, string>, n = 2) => ({ row: n, values });
  it('derives the disposition, accepts aliases and rejects inconsistent rows', () => {
    const r = parseGenericCalls(
      [
        row({ callId: 'a', queuedAt: '2026-11-02 09:00:00', answeredAt: '2026-11-02 09:00:05' }),
        row({ call_id: 'b', queued_at: '2026-11-02 09:00:00', disposition: 'abandoned' }, 3),
        row(
          {
            callId: 'c',
            queuedAt: '2026-11-02 09:00:00',
            disposition: 'BUSY',
            answeredAt: '2026-11-02 09:00:01',
          },
          4,
        ),
        row({ callId: 'd', queuedAt: 'soon' }, 5),
        row({ callId: 'e', queuedAt: '2026-11-02 09:00:00', direction: 'sideways' }, 6),
      ],
      Z,
    );
    expect(r.records.map((c) => [c.externalId, c.disposition])).toEqual([
      ['a', 'ANSWERED'],
      ['b', 'NO ANSWER'],
    ]);
    expect(r.errors.map((e) => [e.row, e.field])).toEqual([
      [4, 'disposition'],
      [5, 'queuedAt'],
      [6, 'direction'],
    ]);
  });
});
