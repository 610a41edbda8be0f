import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';

export interface TabularRow {
  /** 1-based row number in the file, header = row 1. */
  row: number;
  values: Record<string, string>;
}

function cellText(v: ExcelJS.CellValue): string {
  if (v == null) return '';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    if ('text' in v && typeof v.text === 'string') return v.text;
    if ('result' in v) return cellText(v.result as ExcelJS.CellValue);
    if ('richText' in v) return v.richText.map((r) => r.text).join('');
    return '';
  }
  return String(v);
}

/** UTF-8 when the bytes are valid UTF-8; otherwise GB18030 (a superset of GBK, what Excel saves "CSV" as on Chinese Windows). */
function decodeText(buffer: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(buffer);
  } catch {
    return new TextDecoder('gb18030').decode(buffer);
  }
}

/** Reads a CSV (UTF-8 or GBK, BOM tolerated) or XLSX (first sheet) into rows keyed by header text. */
export async function readTabularFile(
  buffer: Buffer,
  filename: string,
): Promise<{ headers: string[]; rows: TabularRow[] }> {
  if (/\.xlsx$/i.test(filename) || buffer.subarray(0, 2).toString('latin1') === 'PK') {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(buffer as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    if (!ws) return { headers: [], rows: [] };
    const headerRow = ws.getRow(1);
    const headers: string[] = [];
    headerRow.eachCell({ includeEmpty: true }, (cell, col) => {
      headers[col - 1] = cellText(cell.value).trim();
    });
    const rows: TabularRow[] = [];
    ws.eachRow({ includeEmpty: false }, (r, n) => {
      if (n === 1) return;
      const values: Record<string, string> = {};
      headers.forEach((h, i) => {
        if (h) values[h] = cellText(r.getCell(i + 1).value).trim();
      });
      if (Object.values(values).some((v) => v !== '')) rows.push({ row: n, values });
    });
    return { headers, rows };
  }
  const records = parse(decodeText(buffer), {
    bom: true,
    skip_empty_lines: true,
    relax_column_count: true,
    trim: true,
  }) as string[][];
  const [headerRow = [], ...body] = records;
  const headers = headerRow.map((h) => h.trim());
  return {
    headers,
    rows: body.map((cells, i) => ({
      row: i + 2,
      values: Object.fromEntries(headers.map((h, j) => [h, cells[j] ?? ''])),
    })),
  };
}
