// The generic call-centre export: a CSV (or XLSX) with a header row. Calls: callId, caller, queuedAt,
// answeredAt, endedAt, agent, disposition (optional startedAt, direction, queue, recording). Agent
// sessions (staffed hours): agent, loginAt, logoutAt (optional sessionId, queue). Times are ISO 8601
// instants with an offset, or local wall times 'YYYY-MM-DD HH:MM:SS' in the deployment's zone.
import { CALL_DISPOSITIONS, type CallDisposition, parseExternalTime } from '../../domain/channels';
import type { TabularRow } from '../tabular-file';
import {
  callerDigits,
  checkCallTimes,
  issue,
  type ParsedAgentSession,
  type ParsedCall,
  type ParseResult,
  type RowIssue,
} from './call-rows';

const CALL_COLUMNS: Record<string, string> = {
  callid: 'callId',
  id: 'callId',
  uniqueid: 'callId',
  呼叫id: 'callId',
  呼叫编号: 'callId',
  caller: 'caller',
  callerid: 'caller',
  ani: 'caller',
  主叫: 'caller',
  主叫号码: 'caller',
  startedat: 'startedAt',
  呼入时间: 'startedAt',
  queuedat: 'queuedAt',
  排队时间: 'queuedAt',
  进入队列时间: 'queuedAt',
  answeredat: 'answeredAt',
  接听时间: 'answeredAt',
  endedat: 'endedAt',
  结束时间: 'endedAt',
  挂机时间: 'endedAt',
  agent: 'agent',
  坐席: 'agent',
  disposition: 'disposition',
  result: 'disposition',
  结果: 'disposition',
  direction: 'direction',
  方向: 'direction',
  queue: 'queue',
  队列: 'queue',
  recording: 'recording',
  recordingref: 'recording',
  录音: 'recording',
};

const SESSION_COLUMNS: Record<string, string> = {
  sessionid: 'sessionId',
  agent: 'agent',
  坐席: 'agent',
  loginat: 'loginAt',
  login: 'loginAt',
  签入时间: 'loginAt',
  logoutat: 'logoutAt',
  logout: 'logoutAt',
  签出时间: 'logoutAt',
  queue: 'queue',
  队列: 'queue',
};

export function columnKey(header: string, columns: Record<string, string>): string | undefined {
  return columns[
    header
      .trim()
      .toLowerCase()
      .replace(/[\s_-]/g, '')
  ];
}

function mapRow(values: Record<string, string>, columns: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [h, v] of Object.entries(values)) {
    const k = columnKey(h, columns);
    if (k && v.trim() !== '') out[k] = v.trim();
  }
  return out;
}

/** True when the header row is an agent-session file (loginAt column). */
export function isAgentSessionHeader(headers: readonly string[]): boolean {
  return headers.some((h) => columnKey(h, SESSION_COLUMNS) === 'loginAt');
}

/** Columns a file must have, or the whole file is rejected. */
export function missingColumns(headers: readonly string[], kind: 'calls' | 'agent-sessions'): string[] {
  const have = new Set(headers.map((h) => columnKey(h, kind === 'calls' ? CALL_COLUMNS : SESSION_COLUMNS)));
  const required = kind === 'calls' ? ['callId'] : ['agent', 'loginAt'];
  const out = required.filter((c) => !have.has(c));
  if (kind === 'calls' && !have.has('queuedAt') && !have.has('startedAt')) out.push('queuedAt');
  return out;
}

const DISPOSITION_ALIASES: Record<string, CallDisposition> = {
  NOANSWER: 'NO ANSWER',
  NO_ANSWER: 'NO ANSWER',
  ABANDONED: 'NO ANSWER',
  未接: 'NO ANSWER',
  放弃: 'NO ANSWER',
  已接: 'ANSWERED',
  接通: 'ANSWERED',
  忙: 'BUSY',
  失败: 'FAILED',
  CONGESTION: 'FAILED',
};

function readTime(
  v: Record<string, string>,
  field: string,
  row: number,
  zone: string,
  errors: RowIssue[],
): number | null {
  const text = v[field];
  if (text === undefined) return null;
  const ms = parseExternalTime(text, zone);
  if (ms === undefined) {
    errors.push(
      issue(
        row,
        field,
        '时间应为带时区的 ISO 8601 或 YYYY-MM-DD HH:MM:SS',
        'Time must be ISO 8601 with offset or YYYY-MM-DD HH:MM:SS',
      ),
    );
    return null;
  }
  return ms;
}

export function parseGenericCalls(rows: readonly TabularRow[], zone: string): ParseResult<ParsedCall> {
  const result: ParseResult<ParsedCall> = { total: rows.length, records: [], errors: [], skipped: 0 };
  for (const r of rows) {
    const v = mapRow(r.values, CALL_COLUMNS);
    const errors: RowIssue[] = [];
    if (!v.callId) errors.push(issue(r.row, 'callId', '呼叫编号不能为空', 'callId is required'));
    else if (v.callId.length > 200)
      errors.push(issue(r.row, 'callId', '呼叫编号最长 200 个字符', 'callId is at most 200 characters'));
    const queuedAt = readTime(v, 'queuedAt', r.row, zone, errors);
    const startedAt = readTime(v, 'startedAt', r.row, zone, errors) ?? queuedAt;
    const answeredAt = readTime(v, 'answeredAt', r.row, zone, errors);
    const endedAt = readTime(v, 'endedAt', r.row, zone, errors);
    if (startedAt === null && !errors.some((e) => e.field === 'queuedAt' || e.field === 'startedAt'))
      errors.push(issue(r.row, 'queuedAt', '进入队列时间不能为空', 'queuedAt is required'));
    let disposition: CallDisposition | undefined;
    if (v.disposition) {
      const d = v.disposition.toUpperCase().replace(/\s+/g, ' ');
      disposition = (CALL_DISPOSITIONS as readonly string[]).includes(d)
        ? (d as CallDisposition)
        : (DISPOSITION_ALIASES[d.replace(/ /g, '_')] ?? DISPOSITION_ALIASES[v.disposition]);
      if (!disposition)
        errors.push(
          issue(
            r.row,
            'disposition',
            '呼叫结果应为 ANSWERED、NO ANSWER、BUSY 或 FAILED',
            'disposition must be ANSWERED, NO ANSWER, BUSY or FAILED',
          ),
        );
    } else disposition = answeredAt !== null ? 'ANSWERED' : 'NO ANSWER';
    if (disposition === 'ANSWERED' && answeredAt === null && !errors.some((e) => e.field === 'answeredAt'))
      errors.push(
        issue(r.row, 'answeredAt', '已接听的呼叫缺少接听时间', 'An answered call needs answeredAt'),
      );
    if (disposition && disposition !== 'ANSWERED' && answeredAt !== null)
      errors.push(
        issue(
          r.row,
          'disposition',
          '有接听时间的呼叫结果应为 ANSWERED',
          'A call with answeredAt must be ANSWERED',
        ),
      );
    const dir = (v.direction ?? 'inbound').toLowerCase();
    const direction =
      dir === 'inbound' || dir === '呼入'
        ? 'inbound'
        : dir === 'outbound' || dir === '呼出'
          ? 'outbound'
          : null;
    if (!direction)
      errors.push(
        issue(r.row, 'direction', '方向应为 inbound 或 outbound', 'direction must be inbound or outbound'),
      );
    if (errors.length > 0 || startedAt === null || !disposition || !direction || !v.callId) {
      result.errors.push(...errors);
      continue;
    }
    const call: ParsedCall = {
      row: r.row,
      externalId: v.callId,
      direction,
      caller: v.caller ? callerDigits(v.caller) : null,
      queue: v.queue?.slice(0, 100) ?? null,
      startedAt,
      queuedAt,
      answeredAt,
      endedAt,
      agent: v.agent?.slice(0, 100) ?? null,
      disposition,
      recordingRef: v.recording?.slice(0, 500) ?? null,
    };
    const problems = checkCallTimes(call);
    if (problems.length > 0) result.errors.push(...problems);
    else result.records.push(call);
  }
  return result;
}

export function parseGenericAgentSessions(
  rows: readonly TabularRow[],
  zone: string,
): ParseResult<ParsedAgentSession> {
  const result: ParseResult<ParsedAgentSession> = { total: rows.length, records: [], errors: [], skipped: 0 };
  for (const r of rows) {
    const v = mapRow(r.values, SESSION_COLUMNS);
    const errors: RowIssue[] = [];
    if (!v.agent) errors.push(issue(r.row, 'agent', '坐席不能为空', 'agent is required'));
    else if (v.agent.length > 100)
      errors.push(issue(r.row, 'agent', '坐席最长 100 个字符', 'agent is at most 100 characters'));
    const loginAt = readTime(v, 'loginAt', r.row, zone, errors);
    const logoutAt = readTime(v, 'logoutAt', r.row, zone, errors);
    if (loginAt === null && !errors.some((e) => e.field === 'loginAt'))
      errors.push(issue(r.row, 'loginAt', '签入时间不能为空', 'loginAt is required'));
    if (loginAt !== null && logoutAt !== null && logoutAt < loginAt)
      errors.push(issue(r.row, 'logoutAt', '签出时间早于签入时间', 'logoutAt is before loginAt'));
    if (errors.length > 0 || loginAt === null || !v.agent) {
      result.errors.push(...errors);
      continue;
    }
    result.records.push({
      row: r.row,
      externalId: v.sessionId?.slice(0, 200) ?? `${v.agent}@${new Date(loginAt).toISOString()}`,
      agent: v.agent,
      queue: v.queue?.slice(0, 100) ?? null,
      loginAt,
      logoutAt,
    });
  }
  return result;
}
