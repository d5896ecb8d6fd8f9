import { normaliseForMatching } from '../../src/domain/text/arabic-normalise';
import { matchingFold } from '../../src/store/matching-fold-sql';
import { describeEachDatabase } from '../support/databases';

/** Spellings people type for the same names and words; NFKC-only forms are left out (SQL does not apply it). */
const SAMPLES = [
  'نورة',
  'نوره',
  'القحطانى',
  'القحطاني',
  'أحمد',
  'إبراهيم',
  'آل سعود',
  'مُحَمَّد',
  'عبـــدالله',
  'مسؤول',
  'رئيس',
  'ﺗ',
  'رقم ١٢٣ و ۴۵۶',
  '  «سارة»، (العتيبي)؟ ',
  'Omar-Saleh: "x"',
  'a\u200Fb\u2066c\u2069',
].filter((s) => s.normalize('NFKC') === s);

describeEachDatabase('the SQL matching fold', (getDb) => {
  it('folds text in the database exactly as normaliseForMatching does', async () => {
    for (const sample of SAMPLES) {
      const params: unknown[] = [sample];
      const fold = matchingFold((value) => `$${params.push(value)}`);
      const found = await getDb().query<{ folded: string }>(`SELECT ${fold('$1::text')} AS folded`, params);
      expect({ sample, folded: found.rows[0]?.folded }).toEqual({
        sample,
        folded: normaliseForMatching(sample),
      });
    }
    expect(normaliseForMatching('نوره')).toBe(normaliseForMatching('نورة'));
  });
});
