import ExcelJS from 'exceljs';
import { strFromU8, unzipSync } from 'fflate';
import { columnName, writeXlsx, xmlText, type XlsxSheet } from '../../src/console/exports/xlsx-writer';

const sheet: XlsxSheet = {
  name: 'requests',
  rightToLeft: true,
  frozenRows: 1,
  columns: [{ width: 20 }, { width: 12, format: 'date' }, { width: 10 }],
  rows: [
    { cells: ['الاسم', 'التاريخ', 'العدد'], style: 'header' },
    { cells: ['هدى <عبدالله> & "أم سارة"', new Date('2025-05-20T00:00:00Z'), 2.5] },
    // A bell and a lone surrogate from a pasted message, a literal `_x0041_`, a tab and a line break.
    { cells: ['a\u0007b\uD800c', '_x0041_', 'x\ty\nz'] },
    { cells: [null, null, Number.NaN] },
  ],
};

const parts = (file: Buffer) =>
  Object.fromEntries(Object.entries(unzipSync(new Uint8Array(file))).map(([k, v]) => [k, strFromU8(v)]));

describe('the XLSX writer', () => {
  it('writes the parts a spreadsheet program needs, and the same sheet always gives the same bytes', () => {
    const file = writeXlsx(sheet);
    expect([...file.subarray(0, 4)]).toEqual([0x50, 0x4b, 0x03, 0x04]); // a zip
    expect(Object.keys(parts(file)).sort()).toEqual([
      '[Content_Types].xml',
      '_rels/.rels',
      'xl/_rels/workbook.xml.rels',
      'xl/styles.xml',
      'xl/workbook.xml',
      'xl/worksheets/sheet1.xml',
    ]);
    expect(writeXlsx(sheet).equals(file)).toBe(true);
  });

  it('escapes what XML forbids, so a stray character cannot make the file unreadable', () => {
    const xml = parts(writeXlsx(sheet))['xl/worksheets/sheet1.xml']!;
    expect(xml).toContain('هدى &lt;عبدالله&gt; &amp; &quot;أم سارة&quot;');
    expect(xml).toContain('a_x0007_b_xD800_c');
    expect(xml).toContain('_x005F_x0041_');
    expect(xml).toContain('<t xml:space="preserve">x\ty\nz</t>');
    expect(xml).toContain('<sheetView rightToLeft="1"');
    expect(xml).toContain('state="frozen"');
    // The NaN cell is left empty, never written as a number Excel cannot read.
    expect(xml).not.toContain('NaN');
    expect(xmlText('plain _x12_ text')).toBe('plain _x12_ text');
  });

  it('is read back by another implementation: strings, a date with its format, numbers, fonts', async () => {
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(writeXlsx(sheet) as unknown as ArrayBuffer);
    const read = book.worksheets[0]!;
    expect(read.name).toBe('requests');
    expect(read.views[0]).toMatchObject({ rightToLeft: true, state: 'frozen', ySplit: 1 });
    expect(read.getRow(1).getCell(1).font?.bold).toBe(true);
    expect(read.getRow(2).getCell(1).value).toBe('هدى <عبدالله> & "أم سارة"');
    expect((read.getRow(2).getCell(2).value as Date).toISOString()).toBe('2025-05-20T00:00:00.000Z');
    expect(read.getRow(2).getCell(2).numFmt).toBe('yyyy-mm-dd');
    expect(read.getRow(2).getCell(3).value).toBe(2.5);
    expect(read.getColumn(1).width).toBe(20);
  });

  it('names columns as Excel does', () => {
    expect([0, 25, 26, 51, 52, 701, 702].map(columnName)).toEqual(['A', 'Z', 'AA', 'AZ', 'BA', 'ZZ', 'AAA']);
  });

  it('cuts a text to the 32,767 characters Excel accepts in a cell', () => {
    const long = { ...sheet, rows: [{ cells: ['ب'.repeat(40_000)] }] };
    const xml = parts(writeXlsx(long))['xl/worksheets/sheet1.xml']!;
    expect(xml).toContain(`>${'ب'.repeat(32_767)}</t>`);
  });
});
