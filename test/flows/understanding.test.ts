import type { CaseSummary } from '../../src/domain/beneficiary-facts';
import { parseReference } from '../../src/cases/rules/reference';
import { FlowDriver } from '../support/flow-driver';

/*
 * Issue 19, as a person writes: free text at the menu and at resting states (intents, references,
 * questions), everyday yes and no, the salaam returned, and general questions without consent, in
 * Arabic and in English, through the real flows and texts.
 */

function validRef(prefix: string, body: string): string {
  for (let check = 0; check < 100; check++) {
    const ref = parseReference(`${prefix}${body}${String(check).padStart(2, '0')}`);
    if (ref) return ref;
  }
  throw new Error(`no check digits for ${prefix}${body}`);
}
const OWN = validRef('REQ', '4821');
const SOMEONE_ELSES = validRef('REQ', '9044');
const OWN_CASE: CaseSummary = {
  reference: OWN,
  kind: 'request',
  subject: 'food-basket',
  status: 'under_review',
  updatedAt: '2026-11-20T08:00:00.000Z',
  dueDate: '2026-12-13',
};
const toArabicDigits = (text: string) => text.replace(/\d/g, (d) => '٠١٢٣٤٥٦٧٨٩'[Number(d)] ?? d);

/** A person at the main menu in `lang`, having typed their way there (no buttons). */
function atMenu(lang: 'ar' | 'en'): FlowDriver {
  const chat = new FlowDriver();
  chat.facts = { ...chat.facts, cases: [OWN_CASE] };
  chat.send(lang === 'ar' ? 'السلام عليكم' : 'hello');
  chat.send(lang === 'ar' ? 'عربي' : 'English');
  chat.send(lang === 'ar' ? 'نعم' : 'yes');
  expect(chat.state).toBe('menu.main');
  return chat;
}

describe('free text at the main menu', () => {
  it.each([
    ['ar', 'ودي أرفع طلب سلة غذائية', 'service-request.requirements'],
    ['ar', 'طلبي وش صار عليه', 'request-status.list'],
    ['ar', 'أبغى أحد من الموظفين', 'handoff.about'],
    ['ar', 'ابي اشتكي على تأخر الرد', 'complaint.chooseCategory'],
    ['ar', 'عندي اقتراح', 'complaint.describe'],
    ['ar', 'احذفوا بياناتي', 'my-data.deleteExplain'],
    ['ar', 'ابي اتطوع معكم', 'volunteer.intro'],
    ['en', 'I want to apply for the food basket', 'service-request.requirements'],
    ['en', 'what happened to my request', 'request-status.list'],
    ['en', 'can I talk to a real person', 'handoff.about'],
    ['en', 'I have a complaint about the delay', 'complaint.chooseCategory'],
    ['en', 'please delete my data', 'my-data.deleteExplain'],
  ] as const)('(%s) «%s» starts %s', (lang, text, state) => {
    const chat = atMenu(lang);
    chat.send(text);
    expect(chat.state).toMatch(new RegExp(`^${state.split('.')[0]}\\.`));
    expect(chat.state).toBe(state);
  });

  it('asks "did you mean" for text that fits two flows equally, and goes where the person picks', () => {
    const chat = atMenu('ar');
    const reply = chat.send('طلب');
    expect(chat.saidKeys()).toEqual(['menu.didYouMean']);
    expect(reply).toContain('تقديم طلب خدمة');
    expect(reply).toContain('حالة الطلب');
    chat.send('2');
    expect(chat.state).toBe('request-status.list');
  });

  it('answers a question from the FAQ first, then offers another (Arabic dialect and English)', () => {
    const ar = atMenu('ar');
    expect(ar.send('وش اوقات الدوام عندكم؟')).toContain('من الأحد إلى الخميس');
    expect(ar.state).toBe('inquiries.more');
    const en = atMenu('en');
    expect(en.send('what are your working hours?')).toContain('Sunday to Thursday');
    expect(en.state).toBe('inquiries.more');
  });

  it('offers a person when a question has no answer', () => {
    const chat = atMenu('ar');
    const reply = chat.send('هل عندكم مواقف للسيارات؟');
    expect(chat.saidKeys()).toEqual(['inquiries.notFound', 'inquiries.notFoundNext']);
    expect(reply).toContain('التحدث مع موظف');
    chat.send('2');
    expect(chat.state).toBe('handoff.about');
  });

  it('says what it can do when it does not understand, with the menu again', () => {
    const chat = atMenu('en');
    chat.send('blue elephants');
    expect(chat.saidKeys()).toEqual(['menu.notUnderstood', 'menu.title']);
    expect(chat.state).toBe('menu.main');
  });
});

describe('a reference anywhere', () => {
  it.each([
    ['as issued', OWN],
    ['without dashes, lower case', OWN.replace(/-/g, '').toLowerCase()],
    ['in Arabic-Indic digits inside a sentence', `وين وصل ${toArabicDigits(OWN)}`],
  ])('opens the person’s own case typed at the menu (%s)', (_how, typed) => {
    const chat = atMenu('ar');
    chat.send(typed);
    expect(chat.state).toBe('request-status.details');
    expect(chat.saidKeys()[0]).toBe('status.details');
  });

  it('answers another person’s reference like an unknown one, and a mistyped one as mistyped', () => {
    const chat = atMenu('en');
    chat.send(SOMEONE_ELSES);
    expect(chat.saidKeys()).toEqual(['status.notFound', 'menu.title']);
    chat.send(OWN.replace(/\d$/, (d) => String((Number(d) + 1) % 10)));
    expect(chat.saidKeys()).toEqual(['status.mistyped', 'menu.title']);
    expect(chat.state).toBe('menu.main');
  });

  it('opens it from a resting state of another flow too (after an FAQ answer)', () => {
    const chat = atMenu('ar');
    chat.send('ما أوقات الدوام؟');
    expect(chat.state).toBe('inquiries.more');
    chat.send(OWN);
    expect(chat.state).toBe('request-status.details');
  });

  it('lets an intent leave a resting state: «أبغى أقدم طلب» after an answer', () => {
    const chat = atMenu('ar');
    chat.send('ما أوقات الدوام؟');
    chat.send('أبغى أقدم طلب');
    expect(chat.state).toMatch(/^service-request\./);
  });
});

describe('yes and no where a yes/no question is asked', () => {
  function atConsent(lang: 'ar' | 'en'): FlowDriver {
    const chat = new FlowDriver();
    chat.send('hi');
    chat.send(lang === 'ar' ? '1' : '2');
    expect(chat.state).toBe('greeting.consent');
    return chat;
  }

  it.each(['نعم', 'ايه', 'ايوه اوافق', 'أكيد', 'موافق', 'تمام', 'اوكي'])(
    'accepts the notice on «%s»',
    (yes) => {
      const chat = atConsent('ar');
      chat.send(yes);
      expect(chat.consents).toEqual({ service: expect.any(String) });
      expect(chat.state).toBe('menu.main');
    },
  );

  it.each(['yes', 'ok sure', 'I agree'])('accepts the notice on "%s"', (yes) => {
    const chat = atConsent('en');
    chat.send(yes);
    expect(chat.state).toBe('menu.main');
  });

  it.each(['لا', 'لا شكرا', 'ما ابي', 'مو موافق', 'no', 'no thanks'])('declines on «%s»', (no) => {
    const chat = atConsent('ar');
    chat.send(no);
    expect(chat.consents).toEqual({});
    expect(chat.state).toBe('greeting.declined');
  });

  it('asks again on anything else, without guessing', () => {
    const chat = atConsent('ar');
    chat.send('يمكن بعدين');
    expect(chat.saidKeys()).toEqual(['engine.notUnderstood', 'privacy.notice', 'privacy.ask']);
    expect(chat.state).toBe('greeting.consent');
  });

  it('confirms with a yes and keeps with a no at the deletion question', () => {
    const chat = atMenu('ar');
    chat.send('ابي احذف بياناتي');
    expect(chat.state).toBe('my-data.deleteExplain');
    chat.send('لا');
    expect(chat.saidKeys()[0]).toBe('myData.delete.kept');
    chat.send({ choiceId: 'delete' });
    chat.send('ايه');
    expect(chat.records.map((r) => r.kind)).toEqual(['dataDeletion']);
  });
});

describe('courtesy', () => {
  it('returns the salaam before the welcome, and before the menu', () => {
    const chat = new FlowDriver();
    const first = chat.send('السلام عليكم ورحمة الله وبركاته');
    expect(chat.saidKeys()).toEqual(['engine.courtesy.salaam', 'greeting.welcome']);
    expect(first).toContain('وعليكم السلام');
    chat.send('1');
    chat.send('1');
    chat.send('السلام عليكم');
    expect(chat.saidKeys()).toEqual(['engine.courtesy.salaam', 'menu.title']);
  });

  it('returns the greeting and reads the rest: «السلام عليكم ابي اقدم طلب»', () => {
    const chat = atMenu('ar');
    chat.send('السلام عليكم ابي اقدم طلب');
    expect(chat.saidKeys()[0]).toBe('engine.courtesy.salaam');
    expect(chat.state).toMatch(/^service-request\./);
  });

  it('says good morning back in English, and asks the current question again', () => {
    const chat = atMenu('en');
    chat.send({ choiceId: 'complaint' });
    chat.send('good morning');
    expect(chat.saidKeys()).toEqual(['engine.courtesy.morning', 'complaint.chooseKind']);
  });
});

describe('general questions without consent', () => {
  function declined(lang: 'ar' | 'en'): FlowDriver {
    const chat = new FlowDriver();
    chat.send('hello');
    chat.send(lang === 'ar' ? '1' : '2');
    chat.send(lang === 'ar' ? 'لا' : 'no');
    expect(chat.state).toBe('greeting.declined');
    return chat;
  }

  it('answers working hours after a refusal, records nothing, and keeps the offer to consent', () => {
    const ar = declined('ar');
    expect(ar.send('وش أوقات الدوام؟')).toContain('من الأحد إلى الخميس');
    expect(ar.saidKeys()).toEqual(['privacy.reconsider']);
    expect(ar.state).toBe('greeting.declined');
    expect([ar.consents, ar.records]).toEqual([{}, []]);
    const en = declined('en');
    expect(en.send('what are your working hours?')).toContain('Sunday to Thursday');
  });

  it('explains that a service needs consent, without asking anything personal', () => {
    const chat = declined('ar');
    chat.send('ابي اقدم طلب سلة غذائية');
    expect(chat.saidKeys()).toEqual(['privacy.needsConsent', 'privacy.reconsider']);
    expect(chat.state).toBe('greeting.declined');
  });
});

describe("the association's own words (profile `intents`)", () => {
  it('adds phrases to an intent: «بطانيات الشتاء» starts a request where the profile says so', () => {
    const plain = atMenu('ar');
    plain.send('ابي بطانيات الشتاء');
    expect(plain.state).toBe('menu.main');

    const chat = new FlowDriver({ ...atMenu('ar').profile, intents: { apply: ['بطانيات'] } });
    chat.facts = { ...chat.facts, cases: [OWN_CASE] };
    chat.send('السلام عليكم');
    chat.send('1');
    chat.send('نعم');
    chat.send('ابي بطانيات الشتاء');
    expect(chat.state).toMatch(/^service-request\./);
  });
});
