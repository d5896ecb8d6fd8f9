import { loadProfile } from '../../src/config/load-profile';
import { startFlow } from '../../src/engine/run-step';
import { DEMO_PROFILE_PATH, FlowDriver } from '../support/flow-driver';

const demo = loadProfile(DEMO_PROFILE_PATH);
/** The demo association with field help switched on (its default kinds: health, lost, guidance). */
const withFieldHelp = { ...demo, features: { volunteering: true, fieldHelp: true } };
const MINA = { latitude: 21.4133, longitude: 39.8933 };
const photo = { media: [{ kind: 'image' as const, mimeType: 'image/jpeg', sizeBytes: 40_000 }] };

/** A person who accepted the notice and opened field help, in `lang`. */
function askingForHelp(lang: 'ar' | 'en'): FlowDriver {
  const chat = new FlowDriver(withFieldHelp);
  chat.send('السلام عليكم');
  chat.send(lang === 'ar' ? '١' : '2');
  chat.send('1');
  chat.send(lang === 'ar' ? 'مساعدة ميدانية' : 'Field help');
  expect(chat.state).toBe('field-help.chooseKind');
  return chat;
}

describe('field help (Arabic)', () => {
  it('takes an urgent health call with a shared pin, re-asking every wrong answer with its reason', () => {
    const chat = askingForHelp('ar');
    expect(chat.send('٩')).toContain('اختر رقمًا من 1 إلى 3');
    const where = chat.send('مساعدة صحية');
    // Health is urgent: what to do if life is at risk comes first, before any question.
    expect(chat.saidKeys()[0]).toBe('fieldHelp.urgent');
    expect(where).toContain('997');
    // The question travels as a location request (a "share location" button where the channel has one).
    expect(chat.lastMessages.map((m) => m.kind)).toEqual(['location-request', 'choices']);

    expect(chat.send(photo)).toContain('نحتاج موقعك');
    expect(chat.send('👍')).toContain('اكتب إجابتك بالحروف');
    expect(chat.send('م'.repeat(301))).toContain('أطول من المسموح (الحد الأعلى للأحرف: 300)');
    const details = chat.send({ location: MINA });
    expect(details).toContain('وصلنا موقعك');
    expect(details).toContain('(مساعدة صحية)');

    expect(chat.send('...')).toContain('اكتب إجابتك بالحروف');
    expect(chat.send({ location: MINA })).toContain('الموقع غير مطلوب هنا');
    expect(chat.records).toEqual([]);
    const done = chat.send('والدي كبير في السن وأصابه إعياء من الحر');
    expect(done).toContain('طلبك العاجل');
    expect(done).toMatch(/الرقم المرجعي: \u2066FIE-\d{4}-\d{2}\u2069/);
    expect(chat.state).toBe('menu.main');
    expect(chat.records).toEqual([
      {
        kind: 'fieldHelp',
        data: {
          kind: 'health',
          urgent: true,
          location: MINA,
          where: null,
          details: 'والدي كبير في السن وأصابه إعياء من الحر',
        },
      },
    ]);
  });

  it('takes a place described in words when no pin is shared, and goes back with «رجوع»', () => {
    const chat = askingForHelp('ar');
    const where = chat.send('تائه أو مفقود');
    expect(chat.saidKeys()[0]).toBe('fieldHelp.askLocation'); // not urgent: no emergency numbers
    expect(where).not.toContain('997');
    chat.send('منى، مخيم ١٢ قرب الجسر');
    expect(chat.send('رجوع')).toContain('أين أنت الآن');
    expect(chat.send('رجوع')).toContain('ما نوع المساعدة');
    chat.send('2');
    chat.send('عرفات قرب جبل الرحمة');
    const done = chat.send('ابني عمره ٨ سنوات ضاع منا');
    expect(done).toContain('مندوب الجمعية الميداني المناوب');
    expect(done).not.toContain('العاجل');
    expect(chat.records[0]?.data).toEqual({
      kind: 'lost',
      urgent: false,
      location: null,
      where: 'عرفات قرب جبل الرحمة',
      details: 'ابني عمره ٨ سنوات ضاع منا',
    });
  });
});

describe('field help (English)', () => {
  it('lets the place be skipped', () => {
    const chat = askingForHelp('en');
    expect(chat.send('Guidance')).toContain('Where are you now?');
    expect(chat.send('Skip')).toContain('Briefly type what you need (Guidance)');
    expect(chat.send('42')).toContain('Please type your answer in words');
    const done = chat.send('We cannot find the bus station to Muzdalifah');
    expect(done).toMatch(/Reference number: FIE-\d{4}-\d{2}/);
    expect(done).toContain('field representative on duty');
    expect(chat.records[0]?.data).toMatchObject({ kind: 'guidance', location: null, where: null });
  });

  it('answers help at the location question with how to share it', () => {
    const chat = askingForHelp('en');
    chat.send('1');
    chat.send('help');
    expect(chat.saidKeys()).toEqual(['fieldHelp.help.location', 'fieldHelp.askLocation', 'fieldHelp.orSkip']);
  });
});

describe('the confirmation says a field representative was told only when one was', () => {
  /** A non-urgent (`2`: lost) or urgent (`1`: health) call, the store answering who received it. */
  function call(lang: 'ar' | 'en', kind: '1' | '2', told: 'told' | 'nobody'): string {
    const chat = askingForHelp(lang);
    const stored = chat.recordOutputs;
    chat.recordOutputs = (k, n) => ({ ...stored(k, n), told });
    chat.send(kind);
    chat.send({ location: MINA });
    return chat.send(lang === 'ar' ? 'نحتاج من يرشدنا' : 'We need someone to guide us');
  }

  it('with a field representative on duty: they were alerted', () => {
    expect(call('ar', '2', 'told')).toContain('أبلغنا مندوب الجمعية الميداني المناوب');
    expect(call('ar', '1', 'told')).toContain('أبلغنا مندوب الجمعية الميداني المناوب الآن');
    expect(call('en', '2', 'told')).toContain(
      "We have alerted the association's field representative on duty",
    );
  });

  it('with nobody on duty: recorded, followed up in working hours, and the number to call now', () => {
    const ar = call('ar', '2', 'nobody');
    expect(ar).toContain('لا يوجد الآن مندوب ميداني مناوب يستلمه');
    expect(ar).toContain('\u2066920000000\u2069'); // the demo association's phone
    expect(ar).not.toContain('أبلغنا');
    const urgent = call('ar', '1', 'nobody');
    expect(urgent).toContain('طلبك العاجل');
    expect(urgent).toContain('911');
    expect(urgent).not.toContain('أبلغنا');
    const en = call('en', '2', 'nobody');
    expect(en).toContain('No field representative is on duty right now');
    expect(en).toContain('call the association on 920000000');
    expect(en).not.toContain('alerted');
  });
});

describe('field help when the association does not offer it', () => {
  it('is not in the demo menu, and says so when started anyway', () => {
    const chat = new FlowDriver(demo);
    chat.send('hi');
    chat.send('1');
    chat.send('1');
    expect(chat.snapshot?.choices.map((c) => c.id)).not.toContain('field-help');
    const { effects } = startFlow(chat.engine, chat.snapshot, 'field-help', {
      profile: demo,
      now: chat.now,
      beneficiary: { ...chat.facts, consents: { ...chat.consents } },
      translate: (lang, key, params) => chat.translator.t(lang, key, params),
    });
    expect(effects.map((e) => (e.type === 'say' || e.type === 'askChoice' ? e.key : e.type))).toEqual([
      'fieldHelp.unavailable',
      'menu.title',
    ]);
  });
});
