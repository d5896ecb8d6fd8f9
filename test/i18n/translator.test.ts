import { createTranslator } from '../../src/i18n/translator';

describe('createTranslator: parameters inside Arabic text', () => {
  const t = createTranslator();

  it('isolates a reference number so it keeps its order in a right-to-left sentence', () => {
    expect(t.t('ar', 'handoff.opened', { ref: 'HND-4821-27' })).toContain('\u2066HND-4821-27\u2069');
  });

  it('leaves Arabic text with numbers in it (a Hijri date, a time) to the paragraph', () => {
    const text = t.t('ar', 'handoff.outOfHours', {
      dayHijri: 'الأحد، 19 جمادى الآخرة 1448 هـ',
      dayGregorian: 'الأحد، 29 نوفمبر 2026',
      time: '8:00 ص',
    });
    expect(text).toContain('الأحد، 19 جمادى الآخرة 1448 هـ الموافق الأحد، 29 نوفمبر 2026 الساعة 8:00 ص');
    expect(text).not.toMatch(/[\u2066-\u2069]/);
  });

  it('picks a key variant by `context` in Arabic too, and falls back to the plain key', () => {
    expect(t.t('ar', 'survey.thanks', { context: 'already' })).toBe(t.t('ar', 'survey.thanks_already'));
    expect(t.t('ar', 'survey.thanks', { context: 'new' })).toBe(t.t('ar', 'survey.thanks'));
    expect(t.t('en', 'survey.thanks', { context: 'already' })).toBe(t.t('en', 'survey.thanks_already'));
  });
});
