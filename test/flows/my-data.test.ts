import type { BeneficiaryFacts } from '../../src/domain/beneficiary-facts';
import { FlowDriver } from '../support/flow-driver';

const SERVICE_CONSENT_AT = '2026-11-20T08:00:00.000Z';

/** What the store knows about Huda: contact details, two channels, one request, one volunteer sign-up. */
const HUDA: Partial<BeneficiaryFacts> = {
  contact: { fullName: 'هدى سالم', mobile: '+966501234567' },
  cases: [
    {
      reference: 'REQ-4821-88',
      kind: 'request',
      subject: 'food-basket',
      status: 'submitted',
      updatedAt: '2026-11-20T08:00:00.000Z',
      dueDate: '2026-12-13',
    },
  ],
  held: {
    channels: ['webchat', 'whatsapp'],
    consents: [{ purpose: 'service', version: '2026-01', granted: true, at: SERVICE_CONSENT_AT }],
    caseCount: 3,
    registrations: [{ reference: 'VOL-5521-40', kind: 'volunteer' }],
  },
};

/** A person who accepted the notice and opened «بياناتي», in `lang`. */
function open(
  lang: 'ar' | 'en',
  facts: Partial<BeneficiaryFacts> = HUDA,
): { chat: FlowDriver; overview: string } {
  const chat = new FlowDriver();
  chat.facts = { ...chat.facts, ...facts };
  chat.send('السلام عليكم');
  chat.send(lang === 'ar' ? '١' : '2');
  chat.send('1');
  const overview = chat.send(lang === 'ar' ? 'بياناتي' : 'My data');
  expect(chat.state).toBe('my-data.choose');
  return { chat, overview };
}

describe('my data (Arabic)', () => {
  it('shows what is held: contact, channels, consent with version and date, cases, sign-ups', () => {
    const { overview } = open('ar');
    expect(overview).toContain('• الاسم: هدى سالم');
    expect(overview).toContain('+966501234567');
    expect(overview).toContain('واتساب');
    expect(overview).toContain('محادثة الموقع');
    expect(overview).toContain('2026-01');
    expect(overview).toContain('20 نوفمبر 2026');
    // Three cases in all; the one listed, then a sign that there are more.
    expect(overview).toContain('لديك 3 معاملات');
    expect(overview).toContain('REQ-4821-88');
    expect(overview).toContain('…');
    expect(overview).toContain('تسجيل تطوع');
    expect(overview).toContain('VOL-5521-40');
    expect(overview).toContain('1. تصحيح الاسم أو الجوال');
  });

  it('corrects name and mobile, re-asking every wrong answer with its reason, then saves both', () => {
    const { chat } = open('ar');
    expect(chat.send('ربما')).toContain('لم أفهم');
    expect(chat.send('تصحيح الاسم أو الجوال')).toContain('ما الذي تريد تصحيحه');
    expect(chat.send('٣')).toContain('اختر 1 أو 2');
    expect(chat.send('الاسم')).toContain('المسجل الآن: هدى سالم');

    expect(chat.send('👍')).toContain('اكتب إجابتك بالحروف');
    expect(chat.send('م'.repeat(101))).toContain('أطول من المسموح (الحد الأعلى للأحرف: 100)');
    expect(chat.send({ media: [{ kind: 'image', mimeType: 'image/jpeg', sizeBytes: 9 }] })).toContain(
      'الملف غير مطلوب هنا',
    );
    const review = chat.send('هدى سالم العتيبي');
    expect(review).toContain('• الاسم: من «هدى سالم» إلى «هدى سالم العتيبي»');
    expect(chat.state).toBe('my-data.confirmContact');

    chat.send('تصحيح بيان آخر');
    chat.send('2');
    expect(chat.send('0521234567')).toContain('رقم الجوال غير صحيح');
    expect(chat.send('١٢٣')).toContain('رقم الجوال غير صحيح');
    const both = chat.send('٠٥٥ ١٢٣ ٤٥٦٧');
    expect(both).toContain('هدى سالم العتيبي');
    expect(both).toContain('+966551234567');
    expect(chat.records).toEqual([]); // nothing is stored before "save"

    const saved = chat.send('حفظ التصحيح');
    expect(saved).toContain('تم حفظ بياناتك المصححة');
    expect(chat.state).toBe('menu.main');
    expect(chat.records).toEqual([
      { kind: 'contactCorrection', data: { fullName: 'هدى سالم العتيبي', mobile: '+966551234567' } },
    ]);
  });

  it('goes back a step with «رجوع», and a discarded correction changes nothing', () => {
    const { chat } = open('ar');
    chat.send('1');
    chat.send('1');
    expect(chat.send('رجوع')).toContain('ما الذي تريد تصحيحه');
    chat.send('2');
    chat.send('0551234567');
    expect(chat.send('إلغاء التصحيح')).toContain('لم نغيّر شيئًا');
    expect(chat.state).toBe('my-data.choose');
    expect(chat.records).toEqual([]);
  });

  it('explains deletion before asking, then opens a tracked request with its reference and due date', () => {
    const { chat } = open('ar');
    const explained = chat.send('طلب حذف بياناتي');
    expect(explained).toContain('لا تُمحى بل تُجهَّل');
    expect(explained).toContain('خلال 30 يومًا');
    expect(chat.send('ربما لاحقًا')).toContain('لم أفهم');
    expect(chat.records).toEqual([]);
    chat.recordOutputs = () => ({
      ref: 'DAT-7310-52',
      dueHijri: 'الثلاثاء 2 رجب 1448هـ',
      dueGregorian: '22 ديسمبر 2026م',
    });
    const done = chat.send('نعم، احذف بياناتي');
    expect(done).toContain('الرقم المرجعي: \u2066DAT-7310-52\u2069');
    expect(done).toContain('22 ديسمبر 2026');
    expect(chat.records).toEqual([{ kind: 'dataDeletion', data: {} }]);
    expect(chat.state).toBe('menu.main');
  });

  it('keeps the data when the person says no, and never opens a second deletion request', () => {
    const { chat } = open('ar');
    chat.send('2');
    expect(chat.send('لا، أبقِ بياناتي')).toContain('بياناتك باقية كما هي');
    expect(chat.state).toBe('my-data.choose');

    const pending = open('ar', {
      ...HUDA,
      cases: [
        {
          reference: 'DAT-7310-52',
          kind: 'deletion',
          subject: null,
          status: 'open',
          updatedAt: '2026-11-21T08:00:00.000Z',
          dueDate: '2026-12-21',
        },
      ],
    }).chat;
    const reply = pending.send('2');
    expect(pending.saidKeys()).toEqual(['myData.delete.alreadyOpen', 'myData.whatNext']);
    expect(reply).toContain('DAT-7310-52');
    expect(reply).toContain('21 ديسمبر 2026');
    expect(pending.records).toEqual([]);
  });

  it('withdraws consent only after explaining it, then offers consent again or deletion', () => {
    const { chat } = open('ar');
    const explained = chat.send('سحب موافقتي');
    expect(explained).toContain('لا يحذف ما حفظناه');
    expect(chat.send('لا، أبقِ موافقتي')).toContain('موافقتك باقية');
    expect(chat.consents).toEqual({ service: '2026-01' });

    chat.send('3');
    const withdrawn = chat.send('1');
    expect(withdrawn).toContain('تم سحب موافقتك');
    expect(withdrawn).toContain('920000000');
    expect(chat.lastEffects).toContainEqual({
      type: 'recordConsent',
      purpose: 'service',
      version: '2026-01',
      granted: false,
    });
    expect(chat.consents).toEqual({});
    expect(chat.state).toBe('my-data.withdrawn');
    expect(chat.send('طيب')).toContain('لم أفهم');

    // Without consent the menu is not available: "menu" leads to the privacy notice.
    chat.send('القائمة');
    expect(chat.state).toBe('greeting.chooseLanguage');
  });

  it('lets a person who withdrew consent agree again, back to the menu', () => {
    const { chat } = open('ar');
    chat.send('3');
    chat.send('1');
    const back = chat.send('أوافق');
    expect(chat.saidKeys()).toEqual(['privacy.thanks', 'menu.title']);
    expect(back).toContain('كيف نخدمك اليوم');
    expect(chat.consents).toEqual({ service: '2026-01' });
  });

  it('lets a person who withdrew consent still ask for deletion', () => {
    const { chat } = open('ar');
    chat.send('3');
    chat.send('1');
    expect(chat.send('طلب حذف بياناتي')).toContain('لا تُمحى بل تُجهَّل');
    chat.send('1');
    expect(chat.records).toEqual([{ kind: 'dataDeletion', data: {} }]);
  });
});

describe('my data (English)', () => {
  it('shows an empty record honestly and corrects the mobile number', () => {
    const { chat, overview } = open('en', {});
    expect(overview).toContain('• Name: not recorded');
    expect(overview).toContain('You have no cases.');
    expect(overview).toContain('Volunteering and field help: not recorded');
    chat.send('Correct my name or mobile');
    expect(chat.send('Mobile number')).toContain('recorded now: not recorded');
    expect(chat.send('call me')).toContain('That mobile number is not valid');
    expect(chat.send('+966 55 123 4567')).toContain('• Mobile: from not recorded to +966551234567');
    expect(chat.send('Save the correction')).toContain('Your corrected details are saved');
    expect(chat.records).toEqual([{ kind: 'contactCorrection', data: { mobile: '+966551234567' } }]);
  });

  it('explains deletion and withdrawal in English', () => {
    const { chat } = open('en');
    expect(chat.send('Ask to delete my data')).toContain('not wiped but anonymised');
    expect(chat.send('No, keep my data')).toContain('your data stays as it is');
    expect(chat.send('Withdraw my consent')).toContain('does not delete what we already hold');
    expect(chat.send('Yes, withdraw my consent')).toContain('Your consent is withdrawn');
    expect(chat.consents).toEqual({});
    chat.send('help');
    expect(chat.saidKeys()).toEqual(['myData.help.withdrawn', 'myData.consent.reconsider']);
  });

  it('shows the data again on request', () => {
    const { chat } = open('en');
    expect(chat.send('Show my data again')).toContain('Your data held by');
    expect(chat.state).toBe('my-data.choose');
  });
});

describe('«بياناتي»: linking another channel by a one-time code', () => {
  it('shows a code in one channel: a record asked of the store, and how to type it in the other', () => {
    const { chat } = open('ar');
    expect(chat.send('ربط قناة أخرى بحسابي')).toContain('أعطني رمز ربط');
    const shown = chat.send('أعطني رمز ربط');
    expect(chat.records.at(-1)).toEqual({ kind: 'linkCode', data: {} });
    expect(shown).toContain('رمز الربط: \u20661234 5678\u2069'); // kept left to right in Arabic text
    expect(shown).toContain('خلال 10 دقائق');
    expect(chat.state).not.toMatch(/^my-data\./);
  });

  it('takes a code as people type it, in any digits and with separators, and nothing else', () => {
    const { chat } = open('en');
    chat.send('Link another channel to my account');
    expect(chat.send('I have a code from the other channel')).toContain('8-digit link code');
    expect(chat.send('0551234567')).toContain('A link code has 8 digits');
    expect(chat.send('my number is 12345678 thanks')).toContain('A link code has 8 digits');
    expect(chat.state).toBe('my-data.linkEnter');
    expect(chat.send('١٢٣٤-٥٦٧٨')).toContain('This channel is now linked to your account');
    expect(chat.records.at(-1)).toEqual({ kind: 'linkChannel', data: { code: '12345678' } });
  });

  it('answers each outcome of a typed code in its own words', () => {
    const answers: Record<string, string> = {
      invalid: 'That code is wrong or has expired',
      same: 'already linked to your account',
      deletionOpen: 'request to delete your data is open',
      tooMany: 'paused for an hour',
    };
    for (const [outcome, text] of Object.entries(answers)) {
      const { chat } = open('en');
      chat.recordOutputs = () => ({ outcome });
      chat.send('Link another channel to my account');
      chat.send('I have a code from the other channel');
      expect(chat.send('1234 5678')).toContain(text);
    }
  });
});
