import crypto from 'node:crypto';
import type { Calendar } from '../../domain/calendar';
import { maskPhone } from '../../domain/shared/masking';
import {
  isAgentSessionHeader,
  missingColumns,
  type ParsedAgentSession,
  type ParsedCall,
  type ParseResult,
  parseAsteriskMasterCsv,
  parseGenericAgentSessions,
  parseGenericCalls,
} from '../../integrations/pbx';
import { readTabularFile } from '../../integrations/tabular-file';
import { type AppDeps, type Ctx, inTransaction, type TxDeps } from '../app-deps';
import { appendAudit } from '../audit/append-audit';
import { AppError } from '../shared/app-error';
import { newId } from '../shared/ids';
import { localize } from '../shared/messages';
import { loadCalendars } from '../sla/calendar-store';
import { loadChannelSettings } from './channel-settings';

export const CALL_IMPORT_FORMATS = ['asterisk', 'generic', 'agent-sessions'] as const;
export type CallImportFormat = (typeof CALL_IMPORT_FORMATS)[number];

export interface CallImportReport {
  format: CallImportFormat;
  kind: 'calls' | 'agent-sessions';
  dryRun: boolean;
  /** Data rows read. */
  total: number;
  /** Rows that passed validation (new, duplicate or skipped). */
  accepted: number;
  rejected: number;
  /** Valid rows that are not hotline queue calls (Asterisk IVR-only, internal or outbound records). */
  skipped: number;
  /** Already imported earlier, or repeated in the file (de-duplicated by the PBX's id per source). */
  duplicates: number;
  imported: number;
  errors: { row: number; field: string; message: string }[];
}

const MAX_ROWS = 200_000;
const CHUNK = 500;

const fileError = (zh: string, en: string) => AppError.validation([{ path: 'file', message: { zh, en } }]);

function decodeText(buffer: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(buffer);
  } catch {
    return new TextDecoder('gb18030').decode(buffer);
  }
}

type Parsed =
  | { kind: 'calls'; source: 'asterisk' | 'generic'; result: ParseResult<ParsedCall> }
  | { kind: 'agent-sessions'; source: 'generic'; result: ParseResult<ParsedAgentSession> };

async function parseFile(
  file: { buffer: Buffer; filename: string },
  format: CallImportFormat,
  zone: string,
  queueContexts: readonly string[],
): Promise<Parsed> {
  if (format === 'asterisk') {
    if (file.buffer.subarray(0, 2).toString('latin1') === 'PK')
      throw fileError(
        'Asterisk 话单应为 Master.csv 文本文件',
        'An Asterisk CDR file is the Master.csv text file',
      );
    return {
      kind: 'calls',
      source: 'asterisk',
      result: parseAsteriskMasterCsv(decodeText(file.buffer), { zone, queueContexts }),
    };
  }
  let table: Awaited<ReturnType<typeof readTabularFile>>;
  try {
    table = await readTabularFile(file.buffer, file.filename);
  } catch {
    throw fileError('无法读取文件（须为 CSV 或 XLSX）', 'Cannot read the file (CSV or XLSX expected)');
  }
  const kind =
    format === 'agent-sessions' || isAgentSessionHeader(table.headers) ? 'agent-sessions' : 'calls';
  const missing = missingColumns(table.headers, kind);
  if (missing.length > 0)
    throw fileError(`缺少列：${missing.join('、')}`, `Missing column(s): ${missing.join(', ')}`);
  return kind === 'calls'
    ? { kind, source: 'generic', result: parseGenericCalls(table.rows, zone) }
    : { kind, source: 'generic', result: parseGenericAgentSessions(table.rows, zone) };
}

/** External ids of `source` that are already stored in `table`. */
async function existingIds(
  deps: AppDeps,
  table: 'call_records' | 'agent_sessions',
  source: string,
  ids: string[],
): Promise<Set<string>> {
  const found = new Set<string>();
  for (let i = 0; i < ids.length; i += CHUNK) {
    const rows = await deps.db
      .selectFrom(table)
      .select('external_id')
      .where('source', '=', source)
      .where('external_id', 'in', ids.slice(i, i + CHUNK))
      .execute();
    for (const r of rows) found.add(r.external_id);
  }
  return found;
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

async function insertCalls(
  tx: TxDeps,
  ctx: Ctx,
  calls: ParsedCall[],
  source: string,
  importId: string,
  hotline: Calendar,
): Promise<number> {
  // Callers that are known customers are linked through the phone blind index.
  const hashes = [...new Set(calls.flatMap((c) => (c.caller ? [tx.cipher.blindIndex(c.caller)] : [])))];
  const customerByHash = new Map<string, string>();
  for (let i = 0; i < hashes.length; i += CHUNK) {
    const rows = await tx.db
      .selectFrom('customers')
      .select(['id', 'phone_hash'])
      .where('phone_hash', 'in', hashes.slice(i, i + CHUNK))
      .orderBy('id')
      .execute();
    for (const r of rows) if (!customerByHash.has(r.phone_hash)) customerByHash.set(r.phone_hash, r.id);
  }
  const at = ctx.now.toISOString();
  let imported = 0;
  for (let i = 0; i < calls.length; i += CHUNK) {
    const values = calls.slice(i, i + CHUNK).map((c) => {
      const hash = c.caller ? tx.cipher.blindIndex(c.caller) : null;
      const waitEnd = c.answeredAt ?? c.endedAt;
      return {
        id: newId(),
        source,
        external_id: c.externalId,
        direction: c.direction,
        caller_enc: c.caller ? tx.cipher.encrypt(c.caller) : null,
        caller_hash: hash,
        caller_masked: c.caller ? maskPhone(c.caller) : null,
        customer_id: hash ? (customerByHash.get(hash) ?? null) : null,
        queue: c.queue,
        started_at: new Date(c.startedAt).toISOString(),
        queued_at: iso(c.queuedAt),
        answered_at: iso(c.answeredAt),
        ended_at: iso(c.endedAt),
        agent: c.agent,
        disposition: c.disposition,
        in_service_hours: hotline.isOpen(c.queuedAt ?? c.startedAt) ? 1 : 0,
        wait_ms: c.queuedAt !== null && waitEnd !== null ? waitEnd - c.queuedAt : null,
        recording_ref: c.recordingRef,
        import_id: importId,
        created_at: at,
      };
    });
    const r = await tx.db
      .insertInto('call_records')
      .values(values)
      .onConflict((oc) => oc.columns(['source', 'external_id']).doNothing())
      .executeTakeFirst();
    imported += Number(r.numInsertedOrUpdatedRows ?? 0);
  }
  return imported;
}

async function insertAgentSessions(
  tx: TxDeps,
  ctx: Ctx,
  sessions: ParsedAgentSession[],
  source: string,
  importId: string,
): Promise<number> {
  const at = ctx.now.toISOString();
  let imported = 0;
  for (let i = 0; i < sessions.length; i += CHUNK) {
    const r = await tx.db
      .insertInto('agent_sessions')
      .values(
        sessions.slice(i, i + CHUNK).map((s) => ({
          id: newId(),
          source,
          external_id: s.externalId,
          agent: s.agent,
          queue: s.queue,
          login_at: new Date(s.loginAt).toISOString(),
          logout_at: iso(s.logoutAt),
          import_id: importId,
          created_at: at,
          updated_at: at,
        })),
      )
      .onConflict((oc) => oc.columns(['source', 'external_id']).doNothing())
      .executeTakeFirst();
    imported += Number(r.numInsertedOrUpdatedRows ?? 0);
  }
  return imported;
}

/**
 * Imports hotline call records (Asterisk Master.csv or the generic CSV) or agent login sessions. Every row
 * is validated first; with any row error nothing is written, and a dry run only reports. Records already
 * imported (same source and PBX id) are counted as duplicates and left alone, so re-importing a file
 * imports nothing new. One audit record per import.
 */
export async function importCallRecords(
  deps: AppDeps,
  ctx: Ctx,
  file: { buffer: Buffer; filename: string },
  opts: { format: CallImportFormat; dryRun: boolean; queueContexts?: string[] },
): Promise<CallImportReport> {
  const [settings, calendars] = await Promise.all([loadChannelSettings(deps), loadCalendars(deps)]);
  const hotline = calendars(settings.hotline.calendar);
  const parsed = await parseFile(
    file,
    opts.format,
    deps.zone,
    opts.queueContexts ?? settings.hotline.queueContexts,
  );
  const { result } = parsed;
  if (result.total === 0) throw fileError('文件中没有数据行', 'The file has no data rows');
  if (result.total > MAX_ROWS)
    throw fileError(`单次最多导入 ${MAX_ROWS} 行`, `At most ${MAX_ROWS} rows per import`);

  // De-duplication: first occurrence in the file wins; ids already stored are skipped.
  const table = parsed.kind === 'calls' ? 'call_records' : 'agent_sessions';
  const firstById = new Map<string, (typeof result.records)[number]>();
  let duplicates = 0;
  for (const r of result.records) {
    if (firstById.has(r.externalId)) duplicates++;
    else firstById.set(r.externalId, r);
  }
  const stored = await existingIds(deps, table, parsed.source, [...firstById.keys()]);
  duplicates += stored.size;
  const fresh = [...firstById.values()].filter((r) => !stored.has(r.externalId));

  const errors = result.errors
    .map((e) => ({ row: e.row, field: e.field, message: localize(e.message, undefined) }))
    .sort((a, b) => a.row - b.row);
  const rejected = new Set(errors.map((e) => e.row)).size;
  const report: CallImportReport = {
    format: opts.format,
    kind: parsed.kind,
    dryRun: opts.dryRun,
    total: result.total,
    accepted: result.total - rejected,
    rejected,
    skipped: result.skipped,
    duplicates,
    imported: 0,
    errors,
  };
  if (opts.dryRun || errors.length > 0 || fresh.length === 0) return report;

  const importId = newId();
  const sha256 = crypto.createHash('sha256').update(file.buffer).digest('hex');
  report.imported = await inTransaction(deps, async (tx) => {
    const n =
      parsed.kind === 'calls'
        ? await insertCalls(tx, ctx, fresh as ParsedCall[], parsed.source, importId, hotline)
        : await insertAgentSessions(tx, ctx, fresh as ParsedAgentSession[], parsed.source, importId);
    await appendAudit(tx, ctx, {
      action: parsed.kind === 'calls' ? 'calls.import' : 'agent-sessions.import',
      entity: parsed.kind === 'calls' ? 'call-import' : 'agent-session-import',
      entityId: importId,
      after: {
        format: opts.format,
        source: parsed.source,
        filename: file.filename,
        sha256,
        total: report.total,
        imported: n,
        duplicates: report.duplicates + (fresh.length - n),
        skipped: report.skipped,
      },
    });
    return n;
  });
  // Rows another import stored meanwhile were skipped by the unique key.
  report.duplicates += fresh.length - report.imported;
  return report;
}
