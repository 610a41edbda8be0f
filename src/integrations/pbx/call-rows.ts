// What the PBX adapters hand to the import use case: normalised call and agent-session rows (UTC ms),
// plus bilingual row-level errors.
import type { CallDirection, CallDisposition } from '../../domain/channels';

export interface RowIssue {
  /** 1-based line (Asterisk) or row number with the header as row 1 (CSV/XLSX with a header). */
  row: number;
  field: string;
  message: { zh: string; en: string };
}

export interface ParsedCall {
  row: number;
  externalId: string;
  direction: CallDirection;
  /** Digits of the calling number, or null when withheld. */
  caller: string | null;
  queue: string | null;
  startedAt: number;
  queuedAt: number | null;
  answeredAt: number | null;
  endedAt: number | null;
  agent: string | null;
  disposition: CallDisposition;
  recordingRef: string | null;
}

export interface ParsedAgentSession {
  row: number;
  externalId: string;
  agent: string;
  queue: string | null;
  loginAt: number;
  logoutAt: number | null;
}

export interface ParseResult<T> {
  total: number;
  records: T[];
  errors: RowIssue[];
  /** Rows that are valid but not hotline queue calls (IVR-only, internal, outbound legs). */
  skipped: number;
}

export const issue = (row: number, field: string, zh: string, en: string): RowIssue => ({
  row,
  field,
  message: { zh, en },
});

/** Digits of a calling number; '"Name" <138…>' caller-id strings give their number. Withheld → null. */
export function callerDigits(raw: string): string | null {
  const m = /<([^>]*)>/.exec(raw);
  const digits = (m ? m[1] : raw).replace(/[^\d+]/g, '').replace(/^\+/, '');
  return digits.length >= 3 ? digits : null;
}

/** Checks the order of a call's times; returns the issues. */
export function checkCallTimes(c: Omit<ParsedCall, 'externalId' | 'direction'>): RowIssue[] {
  const out: RowIssue[] = [];
  if (c.queuedAt !== null && c.queuedAt < c.startedAt)
    out.push(issue(c.row, 'queuedAt', '进入队列时间早于呼入时间', 'queuedAt is before the call started'));
  if (c.answeredAt !== null && c.answeredAt < (c.queuedAt ?? c.startedAt))
    out.push(
      issue(c.row, 'answeredAt', '接听时间早于进入队列时间', 'answeredAt is before the call was queued'),
    );
  if (c.endedAt !== null && c.endedAt < Math.max(c.startedAt, c.answeredAt ?? 0, c.queuedAt ?? 0))
    out.push(
      issue(
        c.row,
        'endedAt',
        '结束时间早于呼入或接听时间',
        'endedAt is before the call started or was answered',
      ),
    );
  if (c.disposition === 'ANSWERED' && c.answeredAt === null && c.agent !== null)
    out.push(issue(c.row, 'answeredAt', '已接听的呼叫缺少接听时间', 'An answered call needs answeredAt'));
  return out;
}
