// Asterisk cdr_csv `Master.csv`: no header, one call detail record per line, in the order cdr_csv.c writes
// them: accountcode, src, dst, dcontext, clid, channel, dstchannel, lastapp, lastdata, start, answer, end,
// duration, billsec, disposition, amaflags, then uniqueid (loguniqueid=yes) and userfield
// (loguserfield=yes), then peeraccount, linkedid, sequence (newcdrcolumns=yes). Times are local wall times
// 'YYYY-MM-DD HH:MM:SS' of the PBX (the deployment's zone unless usegmtime=yes).
//
// Queue entry: a record is a hotline queue call when its last application is Queue() or its
// dcontext is one of the configured agent-queue contexts. Its `start` is the moment the caller entered
// the human-agent queue, which holds when the dialplan starts the queue leg's CDR at queue entry (the IVR
// runs in its own CDR, e.g. `ResetCDR()` or `Set(CDR_PROP(disable)=…)` before `Queue()`, or Asterisk ≥ 12
// where the bridge with the agent gets its own record). A human answered when the disposition is
// ANSWERED and an agent channel (dstchannel) took the call; `answer` is then the agent's pickup. Other
// records (IVR only, internal, outbound) are skipped, not imported.
import { parse } from 'csv-parse/sync';
import type { CallDisposition } from '../../domain/channels';
import { parseLocalDateTime } from '../../domain/channels';
import { callerDigits, checkCallTimes, issue, type ParsedCall, type ParseResult } from './call-rows';

export const ASTERISK_COLUMNS = [
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
  'uniqueid',
  'userfield',
  'peeraccount',
  'linkedid',
  'sequence',
] as const;

const MIN_COLUMNS = 16;

const DISPOSITIONS: Record<string, CallDisposition> = {
  ANSWERED: 'ANSWERED',
  'NO ANSWER': 'NO ANSWER',
  BUSY: 'BUSY',
  FAILED: 'FAILED',
  CONGESTION: 'FAILED',
};

export interface AsteriskOptions {
  zone: string;
  /** dcontexts whose records are agent-queue calls even when lastapp is not Queue. */
  queueContexts?: readonly string[];
}

/** 'SIP/8001-0000001a' → 'SIP/8001'; 'Local/8001@agents-00000003;1' → 'Local/8001@agents'. */
export function agentOfChannel(channel: string): string | null {
  const c = channel.trim();
  if (!c) return null;
  return c.replace(/;\d+$/, '').replace(/-[0-9a-f]{6,}$/i, '');
}

const RECORDING_RE = /\.(wav|wav49|gsm|mp3|ogg|opus|flac)$/i;

export function parseAsteriskMasterCsv(text: string, opts: AsteriskOptions): ParseResult<ParsedCall> {
  const lines = parse(text, {
    bom: true,
    skip_empty_lines: true,
    relax_column_count: true,
    relax_quotes: true,
  }) as string[][];
  const result: ParseResult<ParsedCall> = { total: 0, records: [], errors: [], skipped: 0 };
  const queueContexts = new Set(opts.queueContexts ?? []);
  lines.forEach((cells, i) => {
    const row = i + 1;
    // Tolerate a header line added by hand.
    if (i === 0 && cells[9]?.trim().toLowerCase() === 'start') return;
    result.total++;
    if (cells.length < MIN_COLUMNS) {
      result.errors.push(
        issue(
          row,
          'line',
          `应至少有 ${MIN_COLUMNS} 列，实际 ${cells.length} 列`,
          `Expected at least ${MIN_COLUMNS} columns, got ${cells.length}`,
        ),
      );
      return;
    }
    const f = Object.fromEntries(
      ASTERISK_COLUMNS.map((name, j) => [name, (cells[j] ?? '').trim()]),
    ) as Record<(typeof ASTERISK_COLUMNS)[number], string>;
    const isQueue = f.lastapp.toLowerCase() === 'queue' || queueContexts.has(f.dcontext);
    const errorsBefore = result.errors.length;
    const time = (field: 'start' | 'answer' | 'end', required: boolean): number | null => {
      if (!f[field]) {
        if (required) result.errors.push(issue(row, field, '时间不能为空', 'Time is required'));
        return null;
      }
      const v = parseLocalDateTime(f[field], opts.zone);
      if (v === undefined) {
        result.errors.push(
          issue(row, field, '时间格式应为 YYYY-MM-DD HH:MM:SS', 'Time must be YYYY-MM-DD HH:MM:SS'),
        );
        return null;
      }
      return v;
    };
    const start = time('start', true);
    const answer = time('answer', false);
    const end = time('end', false);
    const disposition = DISPOSITIONS[f.disposition.toUpperCase()];
    if (!disposition)
      result.errors.push(
        issue(
          row,
          'disposition',
          `未知的呼叫结果：${f.disposition}`,
          `Unknown disposition: ${f.disposition}`,
        ),
      );
    if (result.errors.length > errorsBefore || start === null || !disposition) return;
    if (!isQueue) {
      result.skipped++;
      return;
    }
    const agent = agentOfChannel(f.dstchannel);
    const humanAnswered = disposition === 'ANSWERED' && agent !== null && answer !== null;
    const call: ParsedCall = {
      row,
      externalId: f.uniqueid
        ? f.sequence
          ? `${f.uniqueid}#${f.sequence}`
          : f.uniqueid
        : `${f.channel}@${f.start}`,
      direction: 'inbound',
      caller: callerDigits(f.src) ?? callerDigits(f.clid),
      queue:
        f.lastapp.toLowerCase() === 'queue' && f.lastdata
          ? f.lastdata.split(/[,|]/)[0].trim() || f.dcontext
          : f.dcontext || null,
      startedAt: start,
      queuedAt: start,
      answeredAt: humanAnswered ? answer : null,
      endedAt: end,
      agent: humanAnswered ? agent : null,
      disposition,
      recordingRef: RECORDING_RE.test(f.userfield) ? f.userfield : null,
    };
    const problems = checkCallTimes(call);
    if (problems.length > 0) result.errors.push(...problems);
    else result.records.push(call);
  });
  return result;
}
