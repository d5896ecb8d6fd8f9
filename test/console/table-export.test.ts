import ExcelJS from 'exceljs';
import { toCsv, toXlsx, type ExportTable } from '../../src/console/exports/table-export';

const table: ExportTable = {
  name: 'cases',
  title: 'الحالات',
  rtl: true,
  columns: [
    { key: 'ref', label: 'الرقم المرجعي' },
    { key: 'name', label: 'الاسم' },
    { key: 'mobile', label: 'الجوال' },
    { key: 'n', label: 'العدد', type: 'number' },
  ],
  rows: [
    { ref: 'REQ-4821-27', name: 'سارة "أم خالد", الرياض', mobile: '+966501234567', n: 3 },
    { ref: 'REQ-1000-01', name: '=HYPERLINK("http://evil.example","click")', mobile: '-2+3+cmd|x', n: -1.5 },
    { ref: 'REQ-1000-02', name: '@SUM(1)', mobile: null, n: undefined },
  ],
};

describe('table exports', () => {
  it('write CSV as Excel opens Arabic correctly: a UTF-8 BOM, CRLF lines, quoted commas and quotes', () => {
    const csv = toCsv(table);
    expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(csv.toString('utf8').slice(1).split('\r\n')).toEqual([
      'الرقم المرجعي,الاسم,الجوال,العدد',
      'REQ-4821-27,"سارة ""أم خالد"", الرياض",+966501234567,3',
      `REQ-1000-01,"'=HYPERLINK(""http://evil.example"",""click"")",'-2+3+cmd|x,-1.5`,
      "REQ-1000-02,'@SUM(1),,",
      '',
    ]);
  });

  it('write an XLSX sheet right to left for Arabic, numbers as numbers, formulas never', async () => {
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await toXlsx(table)) as unknown as ArrayBuffer);
    const sheet = book.worksheets[0]!;
    expect(sheet.name).toBe('cases');
    expect(sheet.views[0]).toMatchObject({ rightToLeft: true, state: 'frozen', ySplit: 1 });
    expect(sheet.getRow(1).font?.bold).toBe(true);
    expect(sheet.getRow(2).values).toEqual([
      undefined,
      'REQ-4821-27',
      'سارة "أم خالد", الرياض',
      '+966501234567',
      3,
    ]);
    // A text that looks like a formula stays a text cell: XLSX has a separate cell type for formulas.
    expect(sheet.getRow(3).getCell(2).type).toBe(ExcelJS.ValueType.String);
    expect(sheet.getRow(3).getCell(4).value).toBe(-1.5);
  });
});
