import { makeReference } from '../../src/cases/rules/reference';
import { caseSearch } from '../../src/console/cases/case-list';

const toArabicDigits = (text: string) => text.replace(/\d/g, (d) => '٠١٢٣٤٥٦٧٨٩'[Number(d)]!);

describe('caseSearch: what the case list’s search box asked for', () => {
  it('searches nothing when empty', () => {
    expect(caseSearch(undefined)).toBeUndefined();
    expect(caseSearch('')).toBeUndefined();
  });

  it('recognises a reference however it was typed', () => {
    const reference = makeReference('REQ', 4);
    const typed = toArabicDigits(reference.toLowerCase().replace(/-/g, ' '));
    expect(caseSearch(typed)).toEqual({ reference });
  });

  it('recognises a Saudi mobile in any usual form, as E.164', () => {
    expect(caseSearch('0501234567')).toEqual({ mobileE164: '+966501234567' });
    expect(caseSearch('٠٥٠١٢٣٤٥٦٧')).toEqual({ mobileE164: '+966501234567' });
  });

  it('searches anything else as text, a mistyped reference included', () => {
    expect(caseSearch('سارة')).toEqual({ text: 'سارة' });
    const reference = makeReference('REQ', 4);
    const mistyped = `${reference.slice(0, -1)}${(Number(reference.slice(-1)) + 1) % 10}`;
    expect(caseSearch(mistyped)).toEqual({ text: mistyped });
  });
});
