import { toNumberedText } from '../../src/channels/numbered-text';
import { renderEffects } from '../../src/conversation/render-effects';
import type { CaseSummary } from '../../src/domain/beneficiary-facts';
import type { ConversationSnapshot } from '../../src/engine/flow';
import { startFlow } from '../../src/engine/run-step';
import { MAX_COMMENT } from '../../flows/survey';
import { FlowDriver } from '../support/flow-driver';

const finished = (
  reference: string,
  status: string,
  subject: string | null = 'food-basket',
): CaseSummary => ({
  reference,
  kind: reference.startsWith('CMP') ? 'complaint' : 'request',
  subject,
  status,
  updatedAt: '2026-11-20T08:00:00.000Z',
  dueDate: null,
});

/** A person at the main menu who accepted the notice, in `lang`. */
function atMenu(lang: 'ar' | 'en'): FlowDriver {
  const chat = new FlowDriver();
  chat.send('السلام عليكم');
  chat.send(lang === 'ar' ? '١' : '2');
  chat.send('1');
  expect(chat.state).toBe('menu.main');
  return chat;
}

/** What the survey starter does after a case is closed (the queues issue): startFlow with the case. */
function offerAfterClosedCase(chat: FlowDriver, caseReference: string): string {
  const startLang = chat.snapshot?.lang ?? chat.engine.defaultLang;
  const result = startFlow(
    chat.engine,
    chat.snapshot,
    'survey',
    {
      profile: chat.profile,
      now: chat.now,
      beneficiary: { ...chat.facts, consents: { ...chat.consents } },
      translate: (lang, key, params) => chat.translator.t(lang, key, params),
    },
    { caseReference },
  );
  chat.snapshot = JSON.parse(JSON.stringify(result.snapshot)) as ConversationSnapshot;
  chat.lastEffects = result.effects;
  chat.lastMessages = renderEffects(result.effects, startLang, chat.translator);
  return chat.lastMessages.map((m) => toNumberedText(m)).join('\n---\n');
}

describe('satisfaction survey (Arabic)', () => {
  it('asks the profile questions from the menu, re-asking every wrong answer with its reason', () => {
    const chat = atMenu('ar');
    const first = chat.send('قياس الرضا');
    expect(chat.saidKeys()).toEqual(['survey.intro', 'survey.ask.rating']);
    expect(first).toContain('(1/4) ما مدى رضاك عن الخدمة بشكل عام؟');
    expect(first).toContain('5. ممتاز');
    expect(first).not.toContain('. تخطي'); // the overall rating is required

    expect(chat.send('سبعة')).toContain('اختر تقييمًا من 1 (ضعيف) إلى 5 (ممتاز)');
    chat.send('10');
    expect(chat.saidKeys()).toEqual(['engine.choiceOutOfRange', 'survey.ask.rating']);
    chat.send('تخطي');
    expect(chat.saidKeys()).toEqual(['survey.required', 'survey.ask.rating']);
    chat.send({ media: [{ kind: 'image', mimeType: 'image/jpeg', sizeBytes: 1000 }] });
    expect(chat.saidKeys()).toEqual(['engine.mediaNotExpected', 'survey.ask.rating']);
    chat.send('👍');
    expect(chat.saidKeys()).toEqual(['engine.symbolsOnly', 'survey.ask.rating']);

    const second = chat.send('٤');
    expect(second).toContain('(2/4) ما مدى رضاك عن سرعة الإنجاز؟');
    expect(second).toContain('6. تخطي');
    expect(second).toContain('7. لاحقًا');
    expect(chat.send('تخطّي')).toContain('(3/4) هل تنصح غيرك بخدماتنا؟');

    expect(chat.send('ربما')).toContain('أجب بـ«نعم» أو «لا»');
    const comment = chat.send('ايوه');
    expect(comment).toContain('(4/4) هل لديك ملاحظة أو اقتراح؟');
    expect(comment).toContain(`حتى ${MAX_COMMENT} حرف`);

    expect(chat.send('ط'.repeat(MAX_COMMENT + 1))).toContain('ملاحظتك أطول من');
    expect(chat.records).toEqual([]); // nothing stored before the last answer

    const done = chat.send('الموظفون متعاونون، لكن الانتظار طويل');
    expect(done).toContain('سجّلنا تقييمك');
    expect(done).toContain('كيف نخدمك اليوم');
    expect(chat.state).toBe('menu.main');
    expect(chat.records).toEqual([
      {
        kind: 'surveyResponse',
        data: {
          caseReference: null,
          answers: {
            overall: 4,
            speed: null,
            recommend: 'yes',
            comment: 'الموظفون متعاونون، لكن الانتظار طويل',
          },
        },
      },
    ]);
  });

  it('offers the finished cases not rated yet, and goes back to that list from the first question', () => {
    const chat = atMenu('ar');
    chat.facts.cases = [
      finished('REQ-1111-11', 'under_review'),
      finished('REQ-2222-22', 'delivered'),
      finished('REQ-3333-33', 'closed', 'rent-aid'),
      finished('CMP-4444-44', 'resolved', 'delay'),
    ];
    chat.facts.surveyed = ['REQ-3333-33'];
    const list = chat.send({ choiceId: 'survey' });
    expect(chat.state).toBe('survey.chooseCase');
    expect(list).toContain('1. طلب سلة غذائية (\u2066REQ-2222-22\u2069)');
    expect(list).toContain('2. شكوى: تأخر الرد أو الخدمة (\u2066CMP-4444-44\u2069)');
    expect(list).toContain('3. رأيي في الجمعية بشكل عام');
    expect(list).not.toContain('REQ-1111-11'); // still under review
    expect(list).not.toContain('REQ-3333-33'); // rated already

    expect(chat.send('تمام')).toContain('عذرًا، لم أفهم ذلك');
    expect(chat.send('2')).toContain('بخصوص \u2066CMP-4444-44\u2069');
    expect(chat.send('رجوع')).toContain('أي خدمة تريد أن تعطينا رأيك فيها؟');
    chat.send('1');
    chat.send('٥');
    chat.send('⭐⭐⭐');
    chat.send('لا');
    chat.send('لا يوجد');
    expect(chat.records).toEqual([
      {
        kind: 'surveyResponse',
        data: {
          caseReference: 'REQ-2222-22',
          answers: { overall: 5, speed: 3, recommend: 'no', comment: null },
        },
      },
    ]);
  });

  it('goes back one question and keeps the new answer', () => {
    const chat = atMenu('ar');
    chat.send({ choiceId: 'survey' });
    chat.send('جيد');
    expect(chat.send('رجوع')).toContain('(1/4)');
    expect(chat.send('رجوع')).toContain('لا توجد خطوة سابقة هنا');
    chat.send('ممتاز');
    chat.send('٢');
    chat.send('تخطي');
    chat.send('تخطي');
    expect(chat.records[0]?.data).toEqual({
      caseReference: null,
      answers: { overall: 5, speed: 2, recommend: null, comment: null },
    });
  });

  it('respects «لاحقًا» at any question: nothing is stored, and the person is told where to find it', () => {
    const chat = atMenu('ar');
    chat.send({ choiceId: 'survey' });
    chat.send('4');
    const later = chat.send('لاحقاً');
    expect(later).toContain('يمكنك تقييم خدمتنا متى شئت');
    expect(chat.state).toBe('menu.main');
    expect(chat.records).toEqual([]);
  });

  it('is tied to the case when started after it was closed, and leaves after the idle time unsaved', () => {
    const chat = atMenu('ar');
    const offer = offerAfterClosedCase(chat, 'req ٤٨٢١ ٨٨');
    expect(offer).toContain('بخصوص \u2066REQ-4821-88\u2069');
    expect(chat.state).toBe('survey.ask');
    chat.send('3');
    chat.wait(61);
    chat.send('4');
    expect(chat.saidKeys()).toEqual(['engine.expired', 'menu.title']);
    expect(chat.records).toEqual([]);
  });

  it('refuses politely a second survey about a case already rated', () => {
    const chat = atMenu('ar');
    chat.facts.surveyed = ['REQ-4821-88'];
    const reply = offerAfterClosedCase(chat, 'REQ-4821-88');
    expect(chat.saidKeys()).toEqual(['survey.alreadyRated', 'menu.title']);
    expect(reply).toContain('سبق أن قيّمت خدمتنا بخصوص \u2066REQ-4821-88\u2069');
    expect(chat.state).toBe('menu.main');
  });

  it('says so when the store finds the case rated meanwhile (another channel, same moment)', () => {
    const chat = atMenu('ar');
    chat.recordOutputs = () => ({ stored: 'already' });
    offerAfterClosedCase(chat, 'REQ-4821-88');
    for (const answer of ['5', '5', 'نعم']) chat.send(answer);
    const reply = chat.send('تخطي');
    expect(reply).toContain('سبق أن قيّمت هذه الخدمة، وتقييمك الأول محفوظ لدينا');
    expect(reply).not.toContain('سجّلنا تقييمك');
  });

  it('stores nothing when every question was optional and skipped', () => {
    const chat = new FlowDriver();
    const profile = {
      ...chat.profile,
      survey: { questions: chat.profile.survey.questions.map((q) => ({ ...q, required: false })) },
    };
    const optional = new FlowDriver(profile);
    for (const text of ['hi', '1', '1']) optional.send(text);
    optional.send({ choiceId: 'survey' });
    for (const text of ['6', 'skip', 'تخطي', '1']) optional.send(text);
    expect(optional.saidKeys()).toEqual(['survey.nothingAnswered', 'menu.title']);
    expect(optional.records).toEqual([]);
  });
});

describe('satisfaction survey (English)', () => {
  it('is offered after a closed case, answered with words, stars and buttons', () => {
    const chat = atMenu('en');
    const offer = offerAfterClosedCase(chat, 'REQ-4821-88');
    expect(offer).toContain('regarding REQ-4821-88');
    expect(offer).toContain('(1/4) How satisfied are you with the service overall?');
    expect(offer).toContain('5. Excellent');

    expect(chat.send('amazing')).toContain('Please choose a rating from 1 to 5');
    expect(chat.send('very good')).toContain('(2/4)');
    expect(chat.send('⭐⭐')).toContain('(3/4) Would you recommend our services?');
    expect(chat.send('maybe')).toContain('Please answer "yes" or "no"');
    expect(chat.send({ choiceId: 'yes' })).toContain('(4/4) Any comment or suggestion?');
    expect(chat.send('Skip')).toContain('Your rating is recorded');
    expect(chat.records).toEqual([
      {
        kind: 'surveyResponse',
        data: {
          caseReference: 'REQ-4821-88',
          answers: { overall: 4, speed: 2, recommend: 'yes', comment: null },
        },
      },
    ]);
  });

  it('leaves for later from the list of cases, and asks the person to confirm nothing', () => {
    const chat = atMenu('en');
    chat.facts.cases = [finished('REQ-2222-22', 'delivered')];
    const list = chat.send({ choiceId: 'survey' });
    expect(list).toContain('1. Food basket request (REQ-2222-22)');
    expect(list).toContain('2. The association in general');
    expect(chat.send('later')).toContain('whenever you like from "Rate our service"');
    expect(chat.state).toBe('menu.main');
    expect(chat.records).toEqual([]);
  });

  it('lets "cancel" leave in the middle without storing anything', () => {
    const chat = atMenu('en');
    chat.send({ choiceId: 'survey' });
    chat.send('5');
    expect(chat.send('cancel')).toContain('Cancelled.');
    expect(chat.records).toEqual([]);
  });
});
