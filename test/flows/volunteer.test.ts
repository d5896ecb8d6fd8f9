import { loadProfile } from '../../src/config/load-profile';
import { startFlow } from '../../src/engine/run-step';
import { DEMO_PROFILE_PATH, FlowDriver } from '../support/flow-driver';

const demo = loadProfile(DEMO_PROFILE_PATH);

/** A person who accepted the notice and opened «التطوع», in `lang`. */
function volunteer(lang: 'ar' | 'en'): FlowDriver {
  const chat = new FlowDriver(demo);
  chat.send('السلام عليكم');
  chat.send(lang === 'ar' ? '١' : '2');
  chat.send('1');
  chat.send(lang === 'ar' ? 'التطوع' : 'Volunteer');
  expect(chat.state).toBe('volunteer.intro');
  return chat;
}

describe('volunteer sign-up (Arabic)', () => {
  it('signs up a volunteer, re-asking every wrong answer with its reason, with a correction at the summary', () => {
    const chat = volunteer('ar');
    expect(chat.send('يمكن')).toContain('لم أفهم');
    expect(chat.send('ابدأ التسجيل')).toContain('(1/5) اكتب اسمك الكامل');

    expect(chat.send('١٢٣')).toContain('اكتب إجابتك بالحروف');
    expect(chat.send('س'.repeat(101))).toContain('أطول من المسموح (الحد الأعلى للأحرف: 100)');
    expect(chat.send('سعد بن علي الحربي')).toContain('(2/5) اكتب رقم جوالك');

    expect(chat.send('0521234567')).toContain('رقم الجوال غير صحيح');
    expect(chat.send('جوالي')).toContain('رقم الجوال غير صحيح');
    expect(chat.send('٠٥٠١٢٣٤٥٦٧')).toContain('(3/5) في أي مدينة');

    expect(chat.send('1')).toContain('من فضلك اكتب اسم المدينة');
    const when = chat.send('رابغ');
    expect(when).toContain('(4/5) متى يمكنك التطوع');
    expect(when).toContain('3. مواسم الحج ورمضان');

    expect(chat.send('٥')).toContain('اختر رقمًا من 1 إلى 4');
    expect(chat.send('كل يوم')).toContain('لم أفهم');
    expect(chat.send('مواسم الحج ورمضان')).toContain('(5/5) ما مهاراتك');

    expect(chat.send('👍')).toContain('اكتب إجابتك بالحروف');
    expect(chat.send('خ'.repeat(501))).toContain('أطول من المسموح (الحد الأعلى للأحرف: 500)');
    const summary = chat.send('الإسعافات الأولية وقيادة الحافلات');
    expect(summary).toContain('• الاسم: سعد بن علي الحربي');
    expect(summary).toContain('+966501234567');
    expect(summary).toContain('• المدينة: رابغ');
    expect(summary).toContain('• الأوقات المتاحة: مواسم الحج ورمضان');
    expect(summary).toContain('• المهارات: الإسعافات الأولية وقيادة الحافلات');
    expect(chat.state).toBe('volunteer.summary');

    // A correction goes back to the summary, not through every question again.
    chat.send('تعديل بيان');
    expect(chat.send('الجوال')).toContain('(2/5)');
    expect(chat.send('٠٥٥١٢٣٤٥٦٧')).toContain('+966551234567');
    expect(chat.state).toBe('volunteer.summary');
    expect(chat.records).toEqual([]); // nothing reaches the coordinator before the confirmation

    const done = chat.send('نعم، سجّلني');
    expect(done).toMatch(/الرقم المرجعي: \u2066VOL-\d{4}-\d{2}\u2069/);
    expect(done).toContain('منسق التطوع');
    expect(chat.state).toBe('menu.main');
    expect(chat.records).toEqual([
      {
        kind: 'volunteer',
        data: {
          fullName: 'سعد بن علي الحربي',
          mobile: '+966551234567',
          city: 'رابغ',
          availability: 'seasons',
          skills: 'الإسعافات الأولية وقيادة الحافلات',
        },
      },
    ]);
  });

  it('goes back one question with «رجوع» and keeps the answers given', () => {
    const chat = volunteer('ar');
    chat.send('1');
    chat.send('سعد');
    expect(chat.send('رجوع')).toContain('(1/5)');
    expect(chat.send('سعد الحربي')).toContain('(2/5)');
    chat.send('0501234567');
    expect(chat.send('رجوع')).toContain('(2/5)');
    expect(chat.send('0501234567')).toContain('(3/5)');
  });

  it('discards a sign-up at the summary, and "not now" leaves without asking anything', () => {
    const chat = volunteer('ar');
    for (const answer of ['1', 'سعد', '0501234567', 'جدة', '1', 'التصوير']) chat.send(answer);
    expect(chat.state).toBe('volunteer.summary');
    expect(chat.send('إلغاء التسجيل')).toContain('ألغينا التسجيل');
    expect(chat.records).toEqual([]);

    const later = volunteer('ar');
    expect(later.send('ليس الآن')).toContain('حياك الله');
    expect(later.state).toBe('menu.main');
  });

  it('expires an unfinished sign-up politely, without sending it', () => {
    const chat = volunteer('ar');
    chat.send('1');
    chat.send('سعد');
    chat.wait(61);
    chat.send('0501234567');
    expect(chat.saidKeys()[0]).toBe('engine.expired');
    expect(chat.records).toEqual([]);
  });
});

describe('volunteer sign-up (English)', () => {
  it('signs up with English answers and wrong ones re-asked', () => {
    const chat = volunteer('en');
    expect(chat.send('Start signing up')).toContain('(1/5) Please type your full name');
    expect(chat.send('42')).toContain('Please type your answer in words');
    chat.send('Sara Ahmed');
    expect(chat.send('12345')).toContain('That mobile number is not valid');
    chat.send('+966 50 123 4567');
    expect(chat.send('!!')).toContain('Please type the name of the city');
    chat.send('Jeddah');
    expect(chat.send('Any time')).toContain('(5/5)');
    const summary = chat.send('Languages: English and Urdu');
    expect(summary).toContain('• When you are free: Any time');
    expect(chat.send('Yes, sign me up')).toMatch(/Reference number: VOL-\d{4}-\d{2}/);
    expect(chat.records[0]?.data).toMatchObject({ availability: 'flexible', city: 'Jeddah' });
  });
});

describe('the confirmation says only what is true', () => {
  /** Signs up in `lang`, the store answering that the sign-up reached staff (`told`) or nobody. */
  function signUp(lang: 'ar' | 'en', told: 'told' | 'nobody') {
    const chat = volunteer(lang);
    const stored = chat.recordOutputs;
    chat.recordOutputs = (kind, n) => ({ ...stored(kind, n), told });
    for (const answer of ['1', 'سعد الحربي', '0501234567', 'جدة', '1', 'التصوير']) chat.send(answer);
    return { done: chat.send('1') };
  }

  it('promises the coordinator’s call only when a coordinator received the sign-up', () => {
    const reached = signUp('ar', 'told');
    expect(reached.done).toContain('أبلغنا منسق التطوع، وسيتواصل معك قريبًا');
    const waiting = signUp('ar', 'nobody');
    expect(waiting.done).toMatch(/الرقم المرجعي: \u2066VOL-\d{4}-\d{2}\u2069/);
    expect(waiting.done).toContain('حُفظ تسجيلك في قائمة متطوعي الجمعية');
    expect(waiting.done).not.toContain('منسق التطوع');
  });

  it('says the same in English', () => {
    expect(signUp('en', 'told').done).toContain('We have told the volunteering coordinator');
    const waiting = signUp('en', 'nobody').done;
    expect(waiting).toContain("Your sign-up is kept in the association's list of volunteers");
    expect(waiting).not.toContain('coordinator');
  });

  it('does not promise the coordinator in its introduction, before anyone knows who will receive it', () => {
    const chat = volunteer('en');
    expect(chat.send('help')).not.toContain('coordinator will contact');
    expect(new FlowDriver(demo).translator.t('ar', 'volunteer.intro')).not.toContain('منسق');
  });
});

describe('volunteer sign-up when the association does not offer it', () => {
  it('says so and returns to the menu when started anyway (a link from another flow)', () => {
    const off = { ...demo, features: { volunteering: false, fieldHelp: false } };
    const chat = new FlowDriver(off);
    chat.send('hi');
    chat.send('1');
    chat.send('1');
    const { effects, snapshot } = startFlow(chat.engine, chat.snapshot, 'volunteer', {
      profile: off,
      now: chat.now,
      beneficiary: { ...chat.facts, consents: { ...chat.consents } },
      translate: (lang, key, params) => chat.translator.t(lang, key, params),
    });
    expect(effects.map((e) => (e.type === 'say' || e.type === 'askChoice' ? e.key : e.type))).toEqual([
      'volunteer.unavailable',
      'menu.title',
    ]);
    expect(`${snapshot.flowId}.${snapshot.state}`).toBe('menu.main');
  });
});
