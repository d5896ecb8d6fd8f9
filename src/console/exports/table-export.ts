import { z } from 'zod';
import { writeXlsx, type XlsxColumnFormat } from './xlsx-writer';

/**
 * A column's kind, which decides how Excel reads it: `text` stays text whatever it looks like (phone
 * numbers, references, IDs), `number` is a number, `date` a local date (`YYYY-MM-DD`), `datetime` an
 * instant (ISO 8601) shown at the association's local time.
 */
export type ColumnType = 'text' | 'number' | 'date' | 'datetime';

/** A table as every console export sees it: localised headers, plain values. */
export interface ExportTable {
  /** File and sheet name (ASCII). */
  name: string;
  title: string;
  /** Arabic sheets open right to left. */
  rtl: boolean;
  columns: { key: string; label: string; type?: ColumnType }[];
  rows: Record<string, string | number | null | undefined>[];
  /** The association's time zone, for `datetime` columns (default UTC). */
  timeZone?: string;
  /** Said in the file under the rows, e.g. that rows were cut at a limit. */
  note?: string;
}

export const ExportQuery = z.object({
  format: z.enum(['csv', 'xlsx']).default('csv'),
  lang: z.enum(['ar', 'en']).optional().describe('language of headers and labels (default: the console’s)'),
});

const BOM = '\uFEFF';

/**
 * A text cell Excel would run as a formula (`=HYPERLINK(…)`, `@SUM(…)`, `+cmd|…`) gets a leading
 * apostrophe (OWASP's CSV-injection advice).
 */
function defuse(text: string): string {
  if (/^[=@\t\r]/.test(text)) return `'${text}`;
  if (/^[+-]/.test(text) && !/^[+-]\d[\d\s.]*$/.test(text)) return `'${text}`;
  return text;
}

/**
 * Text Excel would turn into a number or a date when it opens a CSV: `+966501234567` becomes 9.67E+11,
 * `0501234567` loses its zero, a long ID its last digits, `1-2` becomes a date.
 */
const LOOKS_NUMERIC = /^[+-]?[\d\s.,:/-]*\d[\d\s.,:/-]*$/;

/**
 * Such text is written as `="…"`: Excel (every version, opened by a double click) shows exactly the text,
 * as text, with nothing added to the cell's value. We chose it over a leading tab or apostrophe, which
 * Excel keeps in the value (a tab breaks lookups and copy-paste into WhatsApp; an apostrophe is shown
 * by other programs). The text is only digits, signs, spaces and separators, so nothing can be smuggled
 * into the formula. Programs that do not evaluate formulas read `="…"` literally: they should take the
 * XLSX, where these are string cells.
 */
function textCell(text: string): string {
  if (LOOKS_NUMERIC.test(text)) return `"=""${text}"""`;
  const safe = defuse(text);
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** One formatter per zone: building one costs far more than using it (10,000 rows: 1.2 s against 0.1 s). */
const wallClockFormats = new Map<string, Intl.DateTimeFormat>();

/** The wall-clock parts of an instant in `timeZone`. */
function wallClock(instant: Date, timeZone: string): { date: string; time: string } {
  let format = wallClockFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    wallClockFormats.set(timeZone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(instant).map((p) => [p.type, p.value]));
  return { date: `${parts.year}-${parts.month}-${parts.day}`, time: `${parts.hour}:${parts.minute}` };
}

type Value = string | number | null | undefined;

function csvCell(value: Value, type: ColumnType, timeZone: string): string {
  if (value === null || value === undefined || value === '') return '';
  if (type === 'number' && typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  // Dates as `YYYY-MM-DD HH:MM`, which Excel reads as a date in any locale.
  if (type === 'datetime') {
    const at = new Date(String(value));
    if (!Number.isNaN(at.getTime())) {
      const { date, time } = wallClock(at, timeZone);
      return `${date} ${time}`;
    }
  }
  if (type === 'date' && /^\d{4}-\d{2}-\d{2}$/.test(String(value))) return String(value);
  return textCell(String(value));
}

/**
 * CSV as Excel opens it correctly: UTF-8 with a byte-order mark (without it Excel reads Arabic as
 * Latin-1), CRLF lines, text that looks like a number kept as text. A note (rows cut) is the last line.
 */
export function toCsv(table: ExportTable): Buffer {
  const zone = table.timeZone ?? 'UTC';
  const lines = [
    table.columns.map((c) => textCell(c.label)).join(','),
    ...table.rows.map((row) =>
      table.columns.map((c) => csvCell(row[c.key], c.type ?? 'text', zone)).join(','),
    ),
  ];
  if (table.note) lines.push(textCell(table.note));
  return Buffer.from(BOM + lines.join('\r\n') + '\r\n', 'utf8');
}

/**
 * An XLSX cell's value: text as a string cell whatever it looks like, numbers as numbers, dates as date
 * cells. Excel dates have no time zone: an instant is written as its wall-clock time in the association's
 * zone (as a Date whose UTC fields are those), which is what staff expect to read.
 */
function xlsxValue(value: Value, type: ColumnType, timeZone: string): string | number | Date | null {
  if (value === null || value === undefined || value === '') return null;
  if (type === 'number') return typeof value === 'number' && Number.isFinite(value) ? value : String(value);
  if (type === 'date' && /^\d{4}-\d{2}-\d{2}$/.test(String(value))) return new Date(`${value}T00:00:00Z`);
  if (type === 'datetime') {
    const at = new Date(String(value));
    if (!Number.isNaN(at.getTime())) {
      const { date, time } = wallClock(at, timeZone);
      return new Date(`${date}T${time}:00Z`);
    }
  }
  return String(value);
}

const FORMATS: Partial<Record<ColumnType, XlsxColumnFormat>> = { date: 'date', datetime: 'datetime' };

/** An XLSX workbook of one sheet: bold frozen header, typed cells, right to left for Arabic. */
export function toXlsx(table: ExportTable): Buffer {
  const zone = table.timeZone ?? 'UTC';
  const rows: Parameters<typeof writeXlsx>[0]['rows'] = [
    { cells: table.columns.map((c) => c.label), style: 'header' },
    ...table.rows.map((row) => ({
      cells: table.columns.map((c) => xlsxValue(row[c.key], c.type ?? 'text', zone)),
    })),
  ];
  // An empty row, then the note in bold red, as staff would mark it by hand.
  if (table.note) rows.push({ cells: [] }, { cells: [table.note], style: 'note' });
  return writeXlsx({
    name: table.name,
    rightToLeft: table.rtl,
    frozenRows: 1,
    columns: table.columns.map((c) => ({
      width: Math.min(
        60,
        Math.max(
          c.type === 'datetime' ? 18 : 10,
          c.label.length + 2,
          ...table.rows.slice(0, 200).map((r) => String(r[c.key] ?? '').length + 2),
        ),
      ),
      format: FORMATS[c.type ?? 'text'],
    })),
    rows,
  });
}

export async function exportTable(
  table: ExportTable,
  format: 'csv' | 'xlsx',
): Promise<{ contentType: string; body: Buffer }> {
  return format === 'csv'
    ? { contentType: 'text/csv; charset=utf-8', body: toCsv(table) }
    : {
        contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        body: toXlsx(table),
      };
}
