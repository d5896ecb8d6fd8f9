import ExcelJS from 'exceljs';
import { toCsv, toXlsx, type ExportTable } from '../../src/console/exports/table-export';

const table: ExportTable = {
  name: 'cases',
  title: 'الحالات',
  rtl: true,
  timeZone: 'Asia/Riyadh',
  columns: [
    { key: 'ref', label: 'الرقم المرجعي' },
    { key: 'name', label: 'الاسم' },
    { key: 'mobile', label: 'الجوال' },
    { key: 'n', label: 'العدد', type: 'number' },
    { key: 'created', label: 'التاريخ', type: 'datetime' },
    { key: 'due', label: 'الاستحقاق', type: 'date' },
  ],
  rows: [
    {
      ref: 'REQ-4821-27',
      name: 'سارة "أم خالد", الرياض',
      mobile: '+966501234567',
      n: 3,
      created: '2025-05-04T21:30:00.000Z',
      due: '2025-05-20',
    },
    { ref: 'REQ-1000-01', name: '=HYPERLINK("http://evil.example","click")', mobile: '-2+3+cmd|x', n: -1.5 },
    { ref: '1029384756', name: '@SUM(1)', mobile: '0501234567', n: undefined },
  ],
};

const readXlsx = async (t: ExportTable) => {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(toXlsx(t) as unknown as ArrayBuffer);
  return book.worksheets[0]!;
};

describe('table exports', () => {
  it('write CSV as Excel opens it: a UTF-8 BOM, CRLF, phone numbers and IDs as text, local dates', () => {
    const csv = toCsv(table);
    expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(csv.toString('utf8').slice(1).split('\r\n')).toEqual([
      'الرقم المرجعي,الاسم,الجوال,العدد,التاريخ,الاستحقاق',
      // A bare +9665… would be read as 9.67E+11: `="…"` keeps it text. 21:30 UTC is 00:30 in Riyadh.
      'REQ-4821-27,"سارة ""أم خالد"", الرياض","=""+966501234567""",3,2025-05-05 00:30,2025-05-20',
      `REQ-1000-01,"'=HYPERLINK(""http://evil.example"",""click"")",'-2+3+cmd|x,-1.5,,`,
      // A numeric ID and a mobile with its leading zero stay text too.
      `"=""1029384756""",'@SUM(1),"=""0501234567""",,,`,
      '',
    ]);
  });

  it('write an XLSX sheet right to left for Arabic: string cells for text, numbers, real dates', async () => {
    const sheet = await readXlsx(table);
    expect(sheet.name).toBe('cases');
    expect(sheet.views[0]).toMatchObject({ rightToLeft: true, state: 'frozen', ySplit: 1 });
    expect(sheet.getRow(1).font?.bold).toBe(true);
    const row = sheet.getRow(2);
    expect(row.getCell(3).type).toBe(ExcelJS.ValueType.String);
    expect(row.getCell(3).value).toBe('+966501234567');
    expect(row.getCell(4).value).toBe(3);
    // Date cells with a date format, at the association's wall-clock time (Excel dates have no zone).
    expect(row.getCell(5).type).toBe(ExcelJS.ValueType.Date);
    expect((row.getCell(5).value as Date).toISOString()).toBe('2025-05-05T00:30:00.000Z');
    expect(row.getCell(5).numFmt).toBe('yyyy-mm-dd hh:mm');
    expect(row.getCell(6).type).toBe(ExcelJS.ValueType.Date);
    expect((row.getCell(6).value as Date).toISOString()).toBe('2025-05-20T00:00:00.000Z');
    expect(row.getCell(6).numFmt).toBe('yyyy-mm-dd');
    // A text that looks like a formula, or like a number, stays a string cell.
    expect(sheet.getRow(3).getCell(2).type).toBe(ExcelJS.ValueType.String);
    expect(sheet.getRow(3).getCell(4).value).toBe(-1.5);
    expect(sheet.getRow(4).getCell(1).value).toBe('1029384756');
    expect(sheet.getRow(4).getCell(3).value).toBe('0501234567');
  });

  it('say under the rows when rows were cut, in both formats', async () => {
    const cut = { ...table, rtl: false, note: 'Only the first 3 of 12 rows.' };
    expect(toCsv(cut).toString('utf8').trimEnd().split('\r\n').at(-1)).toBe('Only the first 3 of 12 rows.');
    const sheet = await readXlsx(cut);
    expect(sheet.views[0]).toMatchObject({ rightToLeft: false });
    expect(sheet.getRow(6).getCell(1).value).toBe('Only the first 3 of 12 rows.');
  });
});
