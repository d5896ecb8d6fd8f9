import { createTranslator } from '../../src/i18n/translator';

describe('createTranslator: parameters inside Arabic text', () => {
  const t = createTranslator();

  it('isolates a reference number so it keeps its order in a right-to-left sentence', () => {
    expect(t.t('ar', 'handoff.opened', { ref: 'HND-4821-27' })).toContain('\u2066HND-4821-27\u2069');
  });

  it('leaves Arabic text with numbers in it (a Hijri date, a time) to the paragraph', () => {
    const text = t.t('ar', 'handoff.outOfHours', {
      dayHijri: 'الأحد 19 جمادى الآخرة 1448هـ',
      dayGregorian: '29 نوفمبر 2026م',
      time: '8:00 ص',
    });
    expect(text).toContain('الأحد 19 جمادى الآخرة 1448هـ الموافق 29 نوفمبر 2026م الساعة 8:00 ص');
    expect(text).not.toMatch(/[\u2066-\u2069]/);
  });

  it('picks a key variant by `context` in Arabic too, and falls back to the plain key', () => {
    expect(t.t('ar', 'survey.thanks', { context: 'already' })).toBe(t.t('ar', 'survey.thanks_already'));
    expect(t.t('ar', 'survey.thanks', { context: 'new' })).toBe(t.t('ar', 'survey.thanks'));
    expect(t.t('en', 'survey.thanks', { context: 'already' })).toBe(t.t('en', 'survey.thanks_already'));
  });
});

describe('createTranslator: one digit style per Arabic message, as the profile chooses', () => {
  const indic = createTranslator({ arabicDigits: 'arabic-indic' });
  const latin = createTranslator({ arabicDigits: 'latin' });
  const nationalId = { step: 2, total: 4, label: 'رقم الهوية', hint: '' };

  it('writes the digits of the text and numeric parameters in Arabic-Indic digits', () => {
    // locales/ar.json writes «(١٠ أرقام)»; step and total are numbers.
    expect(indic.t('ar', 'request.ask.nationalId', nationalId)).toBe('(٢/٤) اكتب رقم الهوية (١٠ أرقام). ');
    expect(indic.t('ar', 'request.invalid.tooLong', { max: 300 })).toContain('(الحد الأعلى للأحرف: ٣٠٠)');
    expect(indic.number('ar', 12)).toBe('١٢');
  });

  it('writes them all in Latin digits when the profile chooses Latin', () => {
    expect(latin.t('ar', 'request.ask.nationalId', nationalId)).toBe('(2/4) اكتب رقم الهوية (10 أرقام). ');
    expect(latin.t('ar', 'engine.choiceOutOfRange', { count: 2 })).toBe('اختر 1 أو 2.');
    expect(latin.number('ar', 12)).toBe('12');
  });

  it('leaves string parameters as written: references, phone numbers, codes, links', () => {
    const text = indic.t('ar', 'myData.link.code', { count: 10, code: '1234 5678' });
    expect(text).toContain('رمز الربط: \u20661234 5678\u2069');
    expect(text).toContain('خلال ١٠ دقائق');
    const phone = indic.t('ar', 'privacy.declined', { phone: '920000000' });
    expect(phone).toContain('920000000');
    expect(indic.t('ar', 'handoff.opened', { ref: 'HND-4821-27' })).toContain('HND-4821-27');
    // A Latin pattern written in the text itself is copied as written too.
    expect(indic.t('ar', 'request.ask.mobile', nationalId)).toContain('مثل 05XXXXXXXX');
  });

  it('still picks the plural form by the count, whichever the style', () => {
    const counts = [0, 1, 2, 3, 11, 100];
    const forms = (t: ReturnType<typeof createTranslator>) =>
      counts.map((count) => t.t('ar', 'complaint.attachments.received', { count }));
    expect(forms(indic)).toEqual([
      'لم يصل أي مرفق بعد.',
      'وصل مرفق واحد ✅',
      'وصل مرفقان ✅',
      'وصلت ٣ مرفقات ✅',
      'وصل ١١ مرفقًا ✅',
      'وصل ١٠٠ مرفق ✅',
    ]);
    expect(forms(latin).slice(3)).toEqual(['وصلت 3 مرفقات ✅', 'وصل 11 مرفقًا ✅', 'وصل 100 مرفق ✅']);
  });

  it('always writes English in Latin digits', () => {
    expect(indic.t('en', 'request.ask.nationalId', { ...nationalId, label: 'your ID' })).toMatch(/^\(2\/4\)/);
    expect(indic.t('en', 'complaint.attachments.received', { count: 3 })).toContain('3');
    expect(indic.number('en', 12)).toBe('12');
  });

  it('renders the same text the second time (compiled template) as the first (i18next)', () => {
    const fresh = createTranslator({ arabicDigits: 'arabic-indic' });
    const first = fresh.t('ar', 'request.submitted', {
      count: 5,
      ref: 'REQ-1-2',
      dueHijri: 'أ',
      dueGregorian: 'ب',
    });
    const again = fresh.t('ar', 'request.submitted', {
      count: 5,
      ref: 'REQ-1-2',
      dueHijri: 'أ',
      dueGregorian: 'ب',
    });
    expect(again).toBe(first);
    expect(first).toContain('خلال ٥ أيام عمل');
  });
});
