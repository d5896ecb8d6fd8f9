import { zipSync, strToU8 } from 'fflate';

/**
 * A minimal XLSX (Office Open XML spreadsheet) writer: one sheet of typed cells, a frozen header, right to
 * left when asked, column widths and four styles. The console's exports only ever write such a sheet, so
 * this replaces exceljs, whose reading side pulled deprecated packages (unzipper → fstream → rimraf 2,
 * glob 7, inflight) into production. The parts and their order follow ECMA-376 Part 1 (SpreadsheetML);
 * the zip is fflate's (no dependencies of its own).
 */

/** A cell: text (always a string cell), a number, a date (its UTC fields are the wall-clock time shown). */
export type XlsxCell = string | number | Date | null;

export type XlsxColumnFormat = 'date' | 'datetime';

export interface XlsxSheet {
  /** ASCII; cut to Excel's 31 characters. */
  name: string;
  rightToLeft: boolean;
  /** Rows kept in view while scrolling (the header). */
  frozenRows: number;
  columns: { width: number; format?: XlsxColumnFormat }[];
  rows: { cells: XlsxCell[]; style?: 'header' | 'note' }[];
}

/** Indexes into cellXfs in STYLES below. */
const STYLE = { header: 1, date: 2, datetime: 3, note: 4 } as const;

const STYLES = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
<numFmts count="2"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/><numFmt numFmtId="165" formatCode="yyyy-mm-dd hh:mm"/></numFmts>
<fonts count="3"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font><font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font><font><b/><sz val="11"/><color rgb="FFB00020"/><name val="Calibri"/><family val="2"/></font></fonts>
<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>
<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>
<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>
<cellXfs count="5"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/><xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="0" fontId="2" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>
<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>
</styleSheet>`;

const CONTENT_TYPES = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>
<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>
<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>
</Types>`;

const ROOT_RELS = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>
</Relationships>`;

const WORKBOOK_RELS = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>
</Relationships>`;

/** Excel refuses a cell longer than this. */
const MAX_CELL_TEXT = 32767;

/** Control characters and lone surrogates: XML 1.0 allows neither, even escaped as `&#…;`. */
const FORBIDDEN_IN_XML =
  // eslint-disable-next-line no-control-regex -- finding the control characters is the point
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * Text as SpreadsheetML holds it: XML-escaped, and characters XML 1.0 forbids (control characters, lone
 * surrogates) written as Excel's `_xHHHH_` escapes, so a stray character in a beneficiary's message cannot
 * make the whole file unreadable. A literal `_xHHHH_` in the text has its underscore escaped the same way,
 * so Excel shows it as written.
 */
export function xmlText(text: string): string {
  return text
    .replace(/_(x[0-9A-Fa-f]{4}_)/g, '_x005F_$1')
    .replace(FORBIDDEN_IN_XML, (c) => `_x${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}_`)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

/** `A`, …, `Z`, `AA`, …: the column's letters for a 0-based index. */
export function columnName(index: number): string {
  let name = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) {
    name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  }
  return name;
}

/** Days since 1899-12-30, Excel's (1900 date system) serial date; the fraction is the time of day. */
function serialDate(date: Date): number {
  return date.getTime() / 86_400_000 + 25_569;
}

function cellXml(ref: string, value: XlsxCell, style: number): string {
  const s = style ? ` s="${style}"` : '';
  if (value === null) return style ? `<c r="${ref}"${s}/>` : '';
  if (typeof value === 'number') {
    return Number.isFinite(value) ? `<c r="${ref}"${s}><v>${value}</v></c>` : cellXml(ref, null, style);
  }
  if (value instanceof Date) return `<c r="${ref}"${s}><v>${serialDate(value)}</v></c>`;
  const text = xmlText(value.slice(0, MAX_CELL_TEXT));
  return `<c r="${ref}"${s} t="inlineStr"><is><t xml:space="preserve">${text}</t></is></c>`;
}

function sheetXml(sheet: XlsxSheet): string {
  const lastColumn = columnName(Math.max(sheet.columns.length, 1) - 1);
  const cols = sheet.columns
    .map((c, i) => {
      const style = c.format ? ` style="${STYLE[c.format]}"` : '';
      return `<col min="${i + 1}" max="${i + 1}" width="${c.width}" customWidth="1"${style}/>`;
    })
    .join('');
  const rows = sheet.rows
    .map((row, r) => {
      const rowStyle = row.style ? STYLE[row.style] : 0;
      const cells = row.cells
        .map((value, c) => {
          // A date without its column's format would show as a bare serial number.
          const format = sheet.columns[c]?.format ?? 'datetime';
          const style = rowStyle || (value instanceof Date ? STYLE[format] : 0);
          return cellXml(`${columnName(c)}${r + 1}`, value, style);
        })
        .join('');
      const attrs = rowStyle ? ` s="${rowStyle}" customFormat="1"` : '';
      return `<row r="${r + 1}"${attrs}>${cells}</row>`;
    })
    .join('\n');
  const frozen = sheet.frozenRows
    ? `<pane ySplit="${sheet.frozenRows}" topLeftCell="A${sheet.frozenRows + 1}" activePane="bottomLeft" state="frozen"/>` +
      `<selection pane="bottomLeft" activeCell="A${sheet.frozenRows + 1}" sqref="A${sheet.frozenRows + 1}"/>`
    : '';
  const rtl = sheet.rightToLeft ? ' rightToLeft="1"' : '';
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">
<dimension ref="A1:${lastColumn}${Math.max(sheet.rows.length, 1)}"/>
<sheetViews><sheetView${rtl} tabSelected="1" workbookViewId="0">${frozen}</sheetView></sheetViews>
<sheetFormatPr defaultRowHeight="15"/>
${cols ? `<cols>${cols}</cols>` : ''}
<sheetData>
${rows}
</sheetData>
</worksheet>`;
}

function workbookXml(name: string): string {
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">
<bookViews><workbookView/></bookViews>
<sheets><sheet name="${xmlText(name.slice(0, 31))}" sheetId="1" r:id="rId1"/></sheets>
</workbook>`;
}

/**
 * The workbook as a .xlsx file. Every entry carries the same fixed time (1980-01-01, the zip format's
 * earliest), so the same sheet always gives the same bytes.
 */
export function writeXlsx(sheet: XlsxSheet): Buffer {
  const zipped = zipSync(
    {
      '[Content_Types].xml': strToU8(CONTENT_TYPES),
      '_rels/.rels': strToU8(ROOT_RELS),
      'xl/workbook.xml': strToU8(workbookXml(sheet.name)),
      'xl/_rels/workbook.xml.rels': strToU8(WORKBOOK_RELS),
      'xl/styles.xml': strToU8(STYLES),
      'xl/worksheets/sheet1.xml': strToU8(sheetXml(sheet)),
    },
    { level: 6, mtime: new Date(1980, 0, 1) },
  );
  return Buffer.from(zipped.buffer, zipped.byteOffset, zipped.byteLength);
}
