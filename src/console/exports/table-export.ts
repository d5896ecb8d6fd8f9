import ExcelJS from 'exceljs';
import { z } from 'zod';

/** A table as every console export sees it: localised headers, plain values. */
export interface ExportTable {
  /** File and sheet name (ASCII). */
  name: string;
  title: string;
  /** Arabic sheets open right to left. */
  rtl: boolean;
  columns: { key: string; label: string; type?: 'text' | 'number' }[];
  rows: Record<string, string | number | null | undefined>[];
}

export const ExportQuery = z.object({
  format: z.enum(['csv', 'xlsx']).default('csv'),
  lang: z.enum(['ar', 'en']).optional().describe('language of headers and labels (default: the console’s)'),
});

const BOM = '\uFEFF';

/**
 * A text cell Excel would run as a formula (`=HYPERLINK(…)`, `@SUM(…)`, `+cmd|…`) gets a leading
 * apostrophe (OWASP's CSV-injection advice). Plain signed numbers and phone numbers (`+9665…`) stay as
 * they are: Excel reads them as numbers, which run nothing.
 */
function defuse(text: string): string {
  if (/^[=@\t\r]/.test(text)) return `'${text}`;
  if (/^[+-]/.test(text) && !/^[+-]\d[\d\s.]*$/.test(text)) return `'${text}`;
  return text;
}

function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  const text = defuse(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** CSV as Excel opens it correctly: UTF-8 with a byte-order mark (Arabic stays Arabic), CRLF lines. */
export function toCsv(table: ExportTable): Buffer {
  const lines = [
    table.columns.map((c) => csvCell(c.label)).join(','),
    ...table.rows.map((row) => table.columns.map((c) => csvCell(row[c.key])).join(',')),
  ];
  return Buffer.from(BOM + lines.join('\r\n') + '\r\n', 'utf8');
}

/** An XLSX workbook of one sheet: bold frozen header, numbers as numbers, right to left for Arabic. */
export async function toXlsx(table: ExportTable): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Tawasul';
  workbook.created = new Date(0); // the same table gives the same file
  const sheet = workbook.addWorksheet(table.name.slice(0, 31), {
    views: [{ state: 'frozen', ySplit: 1, rightToLeft: table.rtl }],
  });
  sheet.columns = table.columns.map((c) => ({
    header: c.label,
    key: c.key,
    width: Math.min(
      60,
      Math.max(
        10,
        c.label.length + 2,
        ...table.rows.slice(0, 200).map((r) => String(r[c.key] ?? '').length + 2),
      ),
    ),
  }));
  sheet.getRow(1).font = { bold: true };
  for (const row of table.rows) {
    sheet.addRow(
      Object.fromEntries(table.columns.map((c) => [c.key, row[c.key] === undefined ? null : row[c.key]])),
    );
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

export async function exportTable(
  table: ExportTable,
  format: 'csv' | 'xlsx',
): Promise<{ contentType: string; body: Buffer }> {
  return format === 'csv'
    ? { contentType: 'text/csv; charset=utf-8', body: toCsv(table) }
    : {
        contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        body: await toXlsx(table),
      };
}
