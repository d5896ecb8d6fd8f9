import fc from 'fast-check';
import { z } from 'zod';
import { createFlowRegistry } from '../../flows';
import { loadProfile } from '../../src/config/load-profile';
import type { Profile } from '../../src/config/profile-schema';
import { InboundMessage, type InboundMessageInput } from '../../src/domain/inbound-message';
import { OutboundMessage } from '../../src/domain/outbound-message';
import type { Lang } from '../../src/domain/lang';
import type { AnyFlow, BeneficiaryFacts, ConversationSnapshot, StateNode } from '../../src/engine/flow';
import { toFlowInput } from '../../src/engine/flow-input';
import { FlowRegistry } from '../../src/engine/flow-registry';
import { EngineConfigError } from '../../src/engine/engine-config-error';
import { runStep } from '../../src/engine/run-step';
import { ConversationSnapshotSchema } from '../../src/engine/snapshot-schema';
import { LOCALES } from '../../src/i18n/translator';
import { DEMO_PROFILE_PATH, FlowDriver } from '../support/flow-driver';

// Loaded once: a driver per test is then cheap (the YAML parse is the slow part).
const profile = loadProfile(DEMO_PROFILE_PATH);
const registry = createFlowRegistry();
const IDLE = profile.conversation.idleMinutes;

type Input = string | Partial<InboundMessageInput>;

/**
 * Every state a conversation can rest in, how a person gets there (after a first "hello"; `LANG`
 * is the language choice), and the keys its question says. A test below fails when a registered
 * flow gains a state that is missing here, so new flows get the same robustness checks.
 */
interface Place {
  at: string;
  path: Input[];
  prompt: string[];
  /** Reasons this state gives instead of the engine's generic ones, by odd-input name (or 'long text'). */
  reasons?: Record<string, string>;
  /** Where "back" rests when the state's back goes through a router, with that place's question. */
  back?: { at: string; prompt: string[] };
  /** What the store knows about the person (their cases, say), when the place depends on it. */
  facts?: Partial<BeneficiaryFacts>;
  /**
   * The state deliberately answers nothing: in a conversation with staff what the person writes is for
   * staff, not the bot. Odd inputs then get no reply (unless `reasons` names one) and stay there.
   */
  quiet?: boolean;
  /** Where "menu" and "cancel" lead when the state asks before leaving, with that place's question. */
  leave?: { at: string; prompt: string[] };
  /** The association profile the place needs (a flow only some associations offer); default the demo. */
  profile?: Profile;
  /** Odd inputs this state takes as an answer (a location pin where a place is asked), with where they lead. */
  takes?: Record<string, string>;
  /**
   * Where the menu itself sends the person from here, when not to the main menu (after consent is
   * withdrawn it shows the privacy notice again), with that place's question.
   */
  menuLeadsTo?: { at: string; prompt: string[] };
}
const LANG = '<language>';
const PLACES: Place[] = [
  { at: 'greeting.chooseLanguage', path: [], prompt: ['greeting.welcome'] },
  { at: 'greeting.consent', path: [LANG], prompt: ['privacy.notice', 'privacy.ask'] },
  {
    at: 'greeting.declined',
    path: [LANG, '2'],
    prompt: ['privacy.declined', 'privacy.askAnything', 'privacy.reconsider'],
  },
  {
    at: 'menu.main',
    path: [LANG, '1'],
    prompt: ['menu.title'],
    reasons: { 'long text': 'menu.notUnderstood' },
  },
  {
    at: 'menu.didYouMean',
    path: [LANG, '1', 'طلب'],
    prompt: ['menu.didYouMean'],
    back: { at: 'menu.main', prompt: ['menu.title'] },
  },
  { at: 'inquiries.ask', path: [LANG, '1', '1'], prompt: ['inquiries.prompt'] },
  {
    at: 'inquiries.pickResult',
    path: [LANG, '1', '1', 'complaint request'],
    prompt: ['inquiries.severalFound'],
  },
  { at: 'inquiries.services', path: [LANG, '1', '1', '7'], prompt: ['inquiries.pickService'] },
  { at: 'inquiries.more', path: [LANG, '1', '1', 'ما شروط المساعدة'], prompt: ['inquiries.more'] },
  {
    at: 'inquiries.notFound',
    path: [LANG, '1', '1', 'quantum chromodynamics'],
    prompt: ['inquiries.notFound', 'inquiries.notFoundNext'],
  },
  ...serviceRequestPlaces(),
  ...requestStatusPlaces(),
  ...requestInfoPlaces(),
  ...complaintPlaces(),
  ...surveyPlaces(),
  ...handoffPlaces(),
  ...myDataPlaces(),
  ...volunteerPlaces(),
  ...fieldHelpPlaces(),
];

/** The request flow for the demo's food basket: five questions, then two documents. */
function serviceRequestPlaces(): Place[] {
  const photo = {
    media: [{ kind: 'image' as const, mimeType: 'image/jpeg', sizeBytes: 2048, ref: 'a'.repeat(64) }],
  };
  const start = [LANG, '1', '2'];
  const fields = [...start, '1', '1', 'محمد أحمد علي', '١٠٠٠٠٠٠٠٠٨', '٠٥٠١٢٣٤٥٦٧', '1', '5'];
  const summary = [...fields, photo, '1', photo];
  const unreadable = 'request.documents.unreadable';
  return [
    { at: 'service-request.chooseService', path: start, prompt: ['request.chooseService'] },
    {
      at: 'service-request.requirements',
      path: [...start, '1'],
      prompt: ['request.requirements', 'request.ready'],
    },
    {
      at: 'service-request.askField',
      path: [...start, '1', '1'],
      prompt: ['request.ask.text'],
      reasons: {
        'emoji only': 'request.invalid.text',
        'punctuation only': 'request.invalid.text',
        'a sticker': 'request.invalid.fileNotAnswer',
        'an image': 'request.invalid.fileNotAnswer',
        'long text': 'request.invalid.tooLong',
      },
      back: { at: 'service-request.requirements', prompt: ['request.requirements', 'request.ready'] },
    },
    {
      at: 'service-request.documents',
      path: fields,
      prompt: ['request.documents.missing'],
      reasons: {
        'emoji only': 'request.documents.expected',
        'punctuation only': 'request.documents.expected',
        'a sticker': unreadable,
        'an image': unreadable,
        'long text': 'request.documents.expected',
      },
      back: { at: 'service-request.askField', prompt: ['request.ask.number'] },
    },
    {
      at: 'service-request.whichDocument',
      path: [...fields, photo],
      prompt: ['request.documents.whichFile'],
      reasons: { 'a sticker': unreadable, 'an image': unreadable },
    },
    { at: 'service-request.summary', path: summary, prompt: ['request.summary', 'request.summaryQuestion'] },
    { at: 'service-request.chooseEdit', path: [...summary, '2'], prompt: ['request.whatToEdit'] },
    {
      at: 'service-request.declaration',
      path: [...summary, '1'],
      prompt: ['request.declaration.text', 'request.declaration.question'],
    },
  ];
}
/** Request status: none yet, or one request of the person's own, waiting for the committee. */
function requestStatusPlaces(): Place[] {
  const start = [LANG, '1', '3'];
  const facts: Partial<BeneficiaryFacts> = {
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
  };
  const notAReference = { 'long text': 'status.notAReference' };
  return [
    {
      at: 'request-status.empty',
      path: start,
      prompt: ['status.none', 'status.noneNext'],
      reasons: notAReference,
    },
    { at: 'request-status.list', path: start, facts, prompt: ['status.list'], reasons: notAReference },
    {
      at: 'request-status.details',
      path: [...start, '1'],
      facts,
      prompt: ['status.details', 'status.due', 'status.next.submitted', 'status.detailsNext'],
      reasons: notAReference,
    },
  ];
}

/**
 * Sending missing information: the committee asked for the ID number, the family size and both
 * documents of a food-basket request. With a request waiting, the menu offers it third.
 */
function requestInfoPlaces(): Place[] {
  const waiting = (reference: string) => ({
    reference,
    kind: 'request' as const,
    subject: 'food-basket',
    status: 'needs_info',
    updatedAt: '2026-11-20T08:00:00.000Z',
    dueDate: '2026-12-13',
    missing: {
      fields: ['national-id', 'family-size'],
      documents: ['id-copy', 'income-proof'],
      reason: 'صورة الهوية غير واضحة',
    },
  });
  const facts: Partial<BeneficiaryFacts> = { cases: [waiting('REQ-4821-88')] };
  const photo = {
    media: [{ kind: 'image' as const, mimeType: 'image/jpeg', sizeBytes: 2048, ref: 'b'.repeat(64) }],
  };
  const start = [LANG, '1', '3'];
  const fields = [...start, '١٠٠٠٠٠٠٠٠٨', '5'];
  const summary = [...fields, photo, '1', photo];
  const unreadable = 'request.documents.unreadable';
  return [
    {
      at: 'request-info.chooseRequest',
      path: start,
      facts: { cases: [waiting('REQ-4821-88'), waiting('REQ-1234-56')] },
      prompt: ['requestInfo.chooseRequest'],
    },
    {
      at: 'request-info.askField',
      path: start,
      facts,
      prompt: ['request.ask.nationalId'],
      reasons: {
        'emoji only': 'request.invalid.nationalId.format',
        'punctuation only': 'request.invalid.nationalId.format',
        'a sticker': 'request.invalid.fileNotAnswer',
        'an image': 'request.invalid.fileNotAnswer',
        'long text': 'request.invalid.nationalId.format',
      },
      // The first question: back asks it again.
      back: { at: 'request-info.askField', prompt: ['request.ask.nationalId'] },
    },
    {
      at: 'request-info.documents',
      path: fields,
      facts,
      prompt: ['request.documents.missing'],
      reasons: {
        'emoji only': 'request.documents.expected',
        'punctuation only': 'request.documents.expected',
        'a sticker': unreadable,
        'an image': unreadable,
        'long text': 'request.documents.expected',
      },
      back: { at: 'request-info.askField', prompt: ['request.ask.number'] },
    },
    {
      at: 'request-info.whichDocument',
      path: [...fields, photo],
      facts,
      prompt: ['request.documents.whichFile'],
      reasons: { 'a sticker': unreadable, 'an image': unreadable },
    },
    {
      at: 'request-info.summary',
      path: summary,
      facts,
      prompt: ['requestInfo.summary', 'requestInfo.summaryQuestion'],
      back: { at: 'request-info.askField', prompt: ['request.ask.nationalId'] },
    },
  ];
}

/** A complaint about a delay, and a suggestion (the only kind that may be anonymous). */
function complaintPlaces(): Place[] {
  const start = [LANG, '1', '4'];
  const described = [...start, '1', '2', 'تأخر صرف السلة الغذائية ثلاثة أشهر'];
  const summary = [...described, '1'];
  const attachmentReasons = {
    'emoji only': 'complaint.attachments.expected',
    'punctuation only': 'complaint.attachments.expected',
    'a sticker': 'complaint.attachments.wrongType',
    'an image': 'complaint.attachments.unreadable',
    'long text': 'complaint.attachments.expected',
  };
  return [
    { at: 'complaint.chooseKind', path: start, prompt: ['complaint.chooseKind'] },
    { at: 'complaint.chooseCategory', path: [...start, '1'], prompt: ['complaint.chooseCategory'] },
    {
      at: 'complaint.describe',
      path: [...start, '1', '2'],
      prompt: ['complaint.askDescription.complaint'],
      reasons: {
        'emoji only': 'complaint.invalid.noLetters',
        'punctuation only': 'complaint.invalid.noLetters',
        'a sticker': 'complaint.invalid.fileFirst',
        'an image': 'complaint.invalid.fileFirst',
        'long text': 'complaint.invalid.tooLong',
      },
      back: { at: 'complaint.chooseCategory', prompt: ['complaint.chooseCategory'] },
    },
    {
      at: 'complaint.attachments',
      path: described,
      prompt: ['complaint.attachments.ask'],
      reasons: attachmentReasons,
    },
    {
      at: 'complaint.anonymity',
      path: [...start, '2', 'تمديد ساعات الاستقبال يوم الخميس', '1'],
      prompt: ['complaint.askAnonymous'],
    },
    {
      at: 'complaint.summary',
      path: summary,
      prompt: ['complaint.summary', 'complaint.summaryAttachments', 'complaint.summaryQuestion'],
    },
    { at: 'complaint.chooseEdit', path: [...summary, '2'], prompt: ['complaint.whatToEdit'] },
  ];
}
/** The satisfaction survey from the menu: about a delivered request, or general (its first question). */
function surveyPlaces(): Place[] {
  const start = [LANG, '1', { choiceId: 'survey' }];
  const finished: Partial<BeneficiaryFacts> = {
    cases: [
      {
        reference: 'REQ-4821-88',
        kind: 'request',
        subject: 'food-basket',
        status: 'delivered',
        updatedAt: '2026-11-20T08:00:00.000Z',
        dueDate: null,
      },
    ],
  };
  return [
    { at: 'survey.chooseCase', path: start, facts: finished, prompt: ['survey.chooseCase'] },
    {
      at: 'survey.ask',
      path: start,
      prompt: ['survey.ask.rating'],
      reasons: { 'long text': 'survey.invalid.rating' },
      back: { at: 'survey.ask', prompt: ['engine.cannotGoBack', 'survey.ask.rating'] },
    },
  ];
}

/** Talking to a person: what it is about, then the quiet wait for staff, and ending it. */
function handoffPlaces(): Place[] {
  const start = [LANG, '1', { choiceId: 'handoff' }];
  const open: Partial<BeneficiaryFacts> = { openHandoff: { reference: 'HND-4821-88', claimed: false } };
  return [
    {
      at: 'handoff.about',
      path: start,
      prompt: ['handoff.about'],
      reasons: {
        'a sticker': 'handoff.fileLater',
        'an image': 'handoff.fileLater',
        'long text': 'handoff.reasonTooLong',
      },
    },
    {
      at: 'handoff.waiting',
      path: start,
      facts: open,
      prompt: ['handoff.waiting'],
      quiet: true,
      // A button from an older message is not a message for staff: it is answered.
      reasons: { 'a stale button press': 'engine.staleChoice' },
      leave: { at: 'handoff.confirmEnd', prompt: ['handoff.confirmEnd'] },
    },
    {
      at: 'handoff.confirmEnd',
      path: [...start, 'القائمة'],
      facts: open,
      prompt: ['handoff.confirmEnd'],
      leave: { at: 'menu.main', prompt: ['handoff.ended', 'menu.title'] },
    },
  ];
}
/** «بياناتي» for a person with a name, a mobile and one request on record. */
function myDataPlaces(): Place[] {
  const start = [LANG, '1', { choiceId: 'my-data' }];
  const notACode = 'myData.link.notACode';
  const facts: Partial<BeneficiaryFacts> = {
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
  };
  const text = { 'emoji only': 'request.invalid.text', 'punctuation only': 'request.invalid.text' };
  const mobile = 'request.invalid.mobile';
  return [
    { at: 'my-data.choose', path: start, facts, prompt: ['myData.whatNext'] },
    { at: 'my-data.correctWhich', path: [...start, '1'], facts, prompt: ['myData.correct.which'] },
    {
      at: 'my-data.askName',
      path: [...start, '1', '1'],
      facts,
      prompt: ['myData.correct.askName'],
      reasons: { ...text, 'long text': 'request.invalid.tooLong' },
    },
    {
      at: 'my-data.askMobile',
      path: [...start, '1', '2'],
      facts,
      prompt: ['myData.correct.askMobile'],
      reasons: { 'emoji only': mobile, 'punctuation only': mobile, 'long text': mobile },
    },
    {
      at: 'my-data.confirmContact',
      path: [...start, '1', '1', 'هدى سالم العتيبي'],
      facts,
      prompt: ['myData.correct.review', 'myData.correct.question'],
    },
    {
      at: 'my-data.deleteExplain',
      path: [...start, '2'],
      facts,
      prompt: ['myData.delete.explain', 'myData.delete.question'],
    },
    {
      at: 'my-data.withdrawExplain',
      path: [...start, '3'],
      facts,
      prompt: ['myData.consent.explain', 'myData.consent.question'],
    },
    {
      at: 'my-data.withdrawn',
      path: [...start, '3', '1'],
      facts,
      prompt: ['myData.consent.reconsider'],
      menuLeadsTo: { at: 'greeting.chooseLanguage', prompt: ['greeting.welcome'] },
    },
    { at: 'my-data.linkWhich', path: [...start, '4'], facts, prompt: ['myData.link.which'] },
    {
      at: 'my-data.linkEnter',
      path: [...start, '4', '2'],
      facts,
      prompt: ['myData.link.askCode'],
      reasons: { 'emoji only': notACode, 'punctuation only': notACode, 'long text': notACode },
    },
  ];
}

/** Volunteer sign-up on the demo profile (volunteering on): five questions, a summary. */
function volunteerPlaces(): Place[] {
  const start = [LANG, '1', { choiceId: 'volunteer' }];
  const text = { 'emoji only': 'request.invalid.text', 'punctuation only': 'request.invalid.text' };
  const mobile = 'request.invalid.mobile';
  const city = 'request.invalid.city';
  const summary = [...start, '1', 'سعد الحربي', '0501234567', 'رابغ', '3', 'الإسعافات الأولية'];
  return [
    { at: 'volunteer.intro', path: start, prompt: ['volunteer.intro', 'volunteer.ready'] },
    {
      at: 'volunteer.askName',
      path: [...start, '1'],
      prompt: ['volunteer.ask.fullName'],
      reasons: { ...text, 'long text': 'request.invalid.tooLong' },
    },
    {
      at: 'volunteer.askMobile',
      path: [...start, '1', 'سعد الحربي'],
      prompt: ['volunteer.ask.mobile'],
      reasons: { 'emoji only': mobile, 'punctuation only': mobile, 'long text': mobile },
    },
    {
      at: 'volunteer.askCity',
      path: [...start, '1', 'سعد الحربي', '0501234567'],
      prompt: ['volunteer.ask.city'],
      reasons: { 'emoji only': city, 'punctuation only': city, 'long text': city },
    },
    {
      at: 'volunteer.askAvailability',
      path: [...start, '1', 'سعد الحربي', '0501234567', 'رابغ'],
      prompt: ['volunteer.ask.availability'],
    },
    {
      at: 'volunteer.askSkills',
      path: summary.slice(0, -1),
      prompt: ['volunteer.ask.skills'],
      reasons: { ...text, 'long text': 'request.invalid.tooLong' },
    },
    { at: 'volunteer.summary', path: summary, prompt: ['volunteer.summary', 'volunteer.summaryQuestion'] },
    { at: 'volunteer.chooseEdit', path: [...summary, '2'], prompt: ['volunteer.whatToEdit'] },
  ];
}

/** Field help, which the demo does not offer: the demo with `features.fieldHelp` on; a person who is lost. */
function fieldHelpPlaces(): Place[] {
  const withFieldHelp: Profile = { ...profile, features: { volunteering: true, fieldHelp: true } };
  const start = [LANG, '1', { choiceId: 'field-help' }];
  const text = { 'emoji only': 'request.invalid.text', 'punctuation only': 'request.invalid.text' };
  const photo = 'fieldHelp.invalid.photoNotPlace';
  return [
    { at: 'field-help.chooseKind', path: start, profile: withFieldHelp, prompt: ['fieldHelp.chooseKind'] },
    {
      at: 'field-help.askLocation',
      path: [...start, '2'],
      profile: withFieldHelp,
      prompt: ['fieldHelp.askLocation', 'fieldHelp.orSkip'],
      reasons: { ...text, 'a sticker': photo, 'an image': photo, 'long text': 'request.invalid.tooLong' },
      takes: { 'a location pin': 'field-help.askDetails' },
    },
    {
      at: 'field-help.askDetails',
      path: [...start, '2', '1'],
      profile: withFieldHelp,
      prompt: ['fieldHelp.askDetails'],
      reasons: { ...text, 'long text': 'request.invalid.tooLong' },
    },
  ];
}
const LANGS: Lang[] = ['ar', 'en'];
const LANGUAGE_CHOICE: Record<Lang, string> = { ar: '1', en: '2' };

/** A fresh conversation resting in `place`, in `lang` (the language question itself has none yet). */
function arrive(place: Place, lang: Lang): FlowDriver {
  const chat = new FlowDriver(place.profile ?? profile);
  if (place.facts) chat.facts = { ...chat.facts, ...place.facts };
  chat.send('hello');
  for (const step of place.path) chat.send(step === LANG ? LANGUAGE_CHOICE[lang] : step);
  expect(chat.state).toBe(place.at);
  expect(chat.saidKeys().slice(-place.prompt.length)).toEqual(place.prompt);
  return chat;
}

function flowOf(snapshot: ConversationSnapshot): AnyFlow {
  const flow = registry.get(snapshot.flowId);
  if (!flow) throw new Error(`snapshot names unknown flow ${snapshot.flowId}`);
  return flow;
}

function nodeOf(place: Place): StateNode {
  const [flowId = '', state = ''] = place.at.split('.');
  const node = registry.require(flowId).states[state];
  if (!node) throw new Error(`no state ${place.at}`);
  return node;
}

function placeOf(at: string): Place {
  const place = PLACES.find((p) => p.at === at);
  if (!place) throw new Error(`no place ${at} in PLACES`);
  return place;
}

/** A key exists when the locale has it, or has it as a counted string (`key_one`, `key_other`...). */
function inLocale(lang: Lang, key: string): boolean {
  let node: unknown = LOCALES[lang];
  const path = key.split('.');
  const last = path.pop() ?? '';
  for (const part of path) node = (node as Record<string, unknown> | undefined)?.[part];
  const leaf = node as Record<string, unknown> | undefined;
  return typeof leaf?.[last] === 'string' || typeof leaf?.[`${last}_other`] === 'string';
}

/**
 * What a person could notice after any step: a reply, in texts that exist in both languages, that
 * every channel can send; a snapshot the next step accepts (known flow, version and state; valid context).
 */
function expectSound(chat: FlowDriver, reply: string): void {
  // Only a quiet place (a conversation with staff) may leave a message without a reply.
  const silent = chat.saidKeys().length === 0 && PLACES.some((p) => p.quiet && p.at === chat.state);
  if (!silent) expect(reply.trim()).not.toBe('');
  for (const key of chat.saidKeys()) {
    expect([key, inLocale('ar', key), inLocale('en', key)]).toEqual([key, true, true]);
  }
  const messages = chat.lastMessages;
  if (!silent) expect(messages.length).toBeGreaterThan(0);
  for (const message of messages) expect(OutboundMessage.safeParse(message).success).toBe(true);

  const snapshot = chat.snapshot;
  expect(ConversationSnapshotSchema.safeParse(snapshot).success).toBe(true);
  if (!snapshot) return;
  const flow = flowOf(snapshot);
  expect(snapshot.flowVersion).toBe(flow.version);
  expect(Object.hasOwn(flow.states, snapshot.state)).toBe(true);
  expect(flow.states[snapshot.state]?.final).toBeFalsy();
  expect(flow.contextSchema.safeParse(snapshot.context).success).toBe(true);
}

/** Sends and checks soundness; returns the reply. */
function send(chat: FlowDriver, input: Input): string {
  const reply = chat.send(input);
  expectSound(chat, reply);
  return reply;
}

const LONG_TEXT = 'أريد أن أسأل عن شروط المساعدة والمستندات المطلوبة لأسرتي. '.repeat(200).slice(0, 10_000);

/**
 * Messages no state here asks for: each gets a reason, then the same question again. A future state
 * that accepts a document or a location needs its own expectation for those.
 */
const ODD_INPUTS: { name: string; input: Input; reason: string }[] = [
  { name: 'empty text', input: '', reason: 'engine.emptyMessage' },
  { name: 'whitespace', input: ' \n\t\u00a0 ', reason: 'engine.emptyMessage' },
  { name: 'emoji only', input: '👍🙂', reason: 'engine.symbolsOnly' },
  { name: 'punctuation only', input: '؟!...', reason: 'engine.symbolsOnly' },
  { name: 'a sticker', input: { media: [{ kind: 'sticker' }] }, reason: 'engine.mediaNotExpected' },
  {
    name: 'an image',
    input: { media: [{ kind: 'image', mimeType: 'image/jpeg', sizeBytes: 48_000 }] },
    reason: 'engine.mediaNotExpected',
  },
  {
    name: 'a location pin',
    input: { location: { latitude: 21.42, longitude: 39.82 } },
    reason: 'engine.locationNotExpected',
  },
  { name: 'a stale button press', input: { choiceId: 'not-offered' }, reason: 'engine.staleChoice' },
];

/** Invisible marks that phones and copy-paste put around an answer. */
const WRAPPED_ONE = [
  '\u200f١\u200b',
  '\u200e1\u200e',
  '\u2067١\u2069',
  '\ufeff1',
  '\u200c١\u200d',
  ' ١ \u200f',
];

const GLOBAL_WORDS = {
  menu: ['القائمة', 'menu', '٠'],
  back: ['رجوع', 'back'],
  cancel: ['إلغاء', 'cancel'],
  help: ['مساعدة', 'help'],
} as const;

describe('runStep: the places table', () => {
  it('lists every state a conversation can rest in, for every registered flow', () => {
    // Final states and states with an unconditional `always` are passed through, never rested in; a
    // state without a prompt asks nothing (the menu's `understand`, which reads text for other states).
    const resting = registry.all().flatMap((flow) =>
      Object.entries(flow.states)
        .filter(([, node]) => !node.final && !node.always?.some((t) => t.guard === undefined) && node.prompt)
        .map(([state]) => `${flow.id}.${state}`),
    );
    expect(PLACES.map((p) => p.at).sort()).toEqual(resting.sort());
  });
});

describe.each(PLACES)('runStep in $at', (place) => {
  const node = nodeOf(place);
  const flow = registry.require(place.at.split('.')[0] ?? '');
  const honours = (word: keyof typeof GLOBAL_WORDS) => flow.globalWords?.includes(word) ?? true;

  describe.each(LANGS)('(%s)', (lang) => {
    it.each(ODD_INPUTS)('answers $name with a reason and asks again', ({ name, input, reason }) => {
      const chat = arrive(place, lang);
      const before = chat.snapshot;
      send(chat, input);
      const takenTo = place.takes?.[name];
      if (takenTo) {
        expect(chat.state).toBe(takenTo);
        return;
      }
      const said = place.reasons?.[name] ?? (place.quiet ? undefined : reason);
      expect(chat.saidKeys()).toEqual(said ? [said, ...place.prompt] : []);
      expect(chat.state).toBe(place.at);
      expect(chat.snapshot?.choices).toEqual(before?.choices);
      expect(chat.snapshot?.lang).toBe(before?.lang);
    });

    it('answers a 10,000-character text without echoing it back', () => {
      expect(LONG_TEXT).toHaveLength(10_000);
      const chat = arrive(place, lang);
      const reply = send(chat, LONG_TEXT);
      expect(reply.length).toBeLessThan(3_000);
      if (place.at.startsWith('inquiries.')) return; // a long question is still a question
      expect(chat.saidKeys()).toEqual(
        place.quiet ? [] : [place.reasons?.['long text'] ?? 'engine.notUnderstood', ...place.prompt],
      );
      expect(chat.state).toBe(place.at);
    });

    it.each(WRAPPED_ONE)('reads %j as choice 1, exactly like "1"', (wrapped) => {
      const plain = arrive(place, lang);
      send(plain, '1');
      expect(plain.saidKeys()[0] ?? '').not.toMatch(/^engine\./); // "1" is a real answer here
      const chat = arrive(place, lang);
      send(chat, wrapped);
      expect([chat.state, chat.saidKeys(), chat.consents]).toEqual([
        plain.state,
        plain.saidKeys(),
        plain.consents,
      ]);
    });

    it.each(GLOBAL_WORDS.help)('"%s" says the help of this state, then asks again', (word) => {
      const chat = arrive(place, lang);
      const choices = chat.snapshot?.choices;
      send(chat, word);
      expect(chat.state).toBe(place.at);
      if (!honours('help')) return;
      expect(chat.saidKeys()).toEqual([node.help ?? 'engine.help', ...place.prompt]);
      expect(chat.snapshot?.choices).toEqual(choices);
    });

    it.each(GLOBAL_WORDS.back)('"%s" follows the state\'s back, or says there is none', (word) => {
      const chat = arrive(place, lang);
      send(chat, word);
      const target = node.back?.target;
      if (!honours('back')) {
        expect(chat.state).toBe(place.at);
      } else if (place.back) {
        expect(chat.state).toBe(place.back.at);
        expect(chat.saidKeys()).toEqual(place.back.prompt);
      } else if (target) {
        const [flowId] = place.at.split('.');
        const to = placeOf(`${flowId}.${target}`);
        expect(chat.state).toBe(to.at);
        expect(chat.saidKeys()).toEqual(to.prompt);
      } else {
        expect(chat.saidKeys()).toEqual(['engine.cannotGoBack', ...place.prompt]);
        expect(chat.state).toBe(place.at);
      }
    });

    it.each(GLOBAL_WORDS.cancel)('"%s" leaves for the menu where cancelling applies', (word) => {
      const chat = arrive(place, lang);
      send(chat, word);
      if (!honours('cancel')) {
        // The greeting has nothing to cancel to: there is no menu before consent.
        expect(chat.state).toBe(place.at);
        expect(chat.saidKeys()).not.toContain('engine.cancelled');
      } else if (place.leave) {
        expect(chat.saidKeys()).toEqual(place.leave.prompt);
        expect(chat.state).toBe(place.leave.at);
      } else if (place.at === 'menu.main') {
        expect(chat.saidKeys()).toEqual(['engine.nothingToCancel', 'menu.title']);
        expect(chat.state).toBe('menu.main');
      } else if (place.menuLeadsTo) {
        expect(chat.saidKeys()).toEqual(['engine.cancelled', ...place.menuLeadsTo.prompt]);
        expect(chat.state).toBe(place.menuLeadsTo.at);
      } else {
        expect(chat.saidKeys()).toEqual(['engine.cancelled', 'menu.title']);
        expect(chat.state).toBe('menu.main');
      }
    });

    it.each(GLOBAL_WORDS.menu)('"%s" shows the main menu where it applies', (word) => {
      const chat = arrive(place, lang);
      send(chat, word);
      if (!honours('menu')) {
        expect(chat.state).toBe(place.at);
      } else if (place.leave) {
        expect(chat.saidKeys()).toEqual(place.leave.prompt);
        expect(chat.state).toBe(place.leave.at);
      } else if (place.menuLeadsTo) {
        expect(chat.saidKeys()).toEqual(place.menuLeadsTo.prompt);
        expect(chat.state).toBe(place.menuLeadsTo.at);
      } else {
        expect(chat.saidKeys()).toEqual(['menu.title']);
        expect(chat.state).toBe('menu.main');
      }
    });
  });
});

describe('runStep: global words', () => {
  it.each([
    ['CANCEL', 'engine.cancelled'],
    ['  الغاء ', 'engine.cancelled'],
    ['Go back', 'engine.cannotGoBack'],
    ['مساعده', 'inquiries.help'],
    ['HELP', 'inquiries.help'],
    ['القائمه الرئيسيه', 'menu.title'],
  ])('recognises the variant %j', (word, key) => {
    const chat = arrive(placeOf('inquiries.ask'), 'ar');
    send(chat, word);
    expect(chat.saidKeys()[0]).toBe(key);
  });
});

// Known gap, outside the engine: normalising strips "?" and "؟", so buildGlobalVocabulary drops them
// from vocab.help and the person gets "only symbols". Remove `.failing` once the vocabulary keeps them.
it.failing('runStep: "?" asks for help', () => {
  const chat = arrive(placeOf('inquiries.ask'), 'ar');
  send(chat, '؟');
  expect(chat.saidKeys()[0]).toBe('inquiries.help');
});

describe('runStep: idle expiry', () => {
  const unfinished = PLACES.filter((p) => p.at.startsWith('inquiries.'));

  it.each(unfinished)('expires $at after the idle time and shows the menu', (place) => {
    const chat = arrive(place, 'ar');
    chat.wait(IDLE + 1);
    send(chat, '1');
    expect(chat.saidKeys()).toEqual(['engine.expired', 'menu.title']);
    expect(chat.state).toBe('menu.main');
  });

  it.each(unfinished)('keeps $at at exactly the idle time', (place) => {
    const chat = arrive(place, 'en');
    chat.wait(IDLE);
    send(chat, 'help');
    expect(chat.saidKeys()[0]).not.toBe('engine.expired');
    expect(chat.state).toBe(place.at);
  });

  it('never expires the menu, however long the person was away', () => {
    const chat = arrive(placeOf('menu.main'), 'ar');
    chat.wait(60 * 24 * 30);
    send(chat, '1');
    expect(chat.saidKeys()).toEqual(['inquiries.prompt']);
    expect(chat.state).toBe('inquiries.ask');
  });

  it('never expires the greeting either: the consent question simply waits', () => {
    const chat = arrive(placeOf('greeting.consent'), 'en');
    chat.wait(60 * 24 * 3);
    send(chat, 'I agree');
    expect(chat.saidKeys()).toEqual(['privacy.thanks', 'menu.title']);
  });
});

describe('runStep: stored snapshots that no longer fit', () => {
  /** A conversation in inquiries.more, its snapshot then replaced by `change(snapshot)`. */
  function tampered(change: (s: Record<string, unknown>) => unknown): FlowDriver {
    const chat = arrive(placeOf('inquiries.more'), 'ar');
    chat.snapshot = change({ ...chat.snapshot }) as ConversationSnapshot;
    return chat;
  }

  it.each([
    ['the flow version changed', (s: Record<string, unknown>) => ({ ...s, flowVersion: 99 })],
    ['the state no longer exists', (s: Record<string, unknown>) => ({ ...s, state: 'askCity' })],
    [
      'the state is an Object.prototype name',
      (s: Record<string, unknown>) => ({ ...s, state: 'constructor' }),
    ],
    ['the state is "__proto__"', (s: Record<string, unknown>) => ({ ...s, state: '__proto__' })],
    ['the flow no longer exists', (s: Record<string, unknown>) => ({ ...s, flowId: 'retired' })],
    [
      'the context no longer validates',
      (s: Record<string, unknown>) => ({ ...s, context: { results: 'x' } }),
    ],
    ['the context is null', (s: Record<string, unknown>) => ({ ...s, context: null })],
  ])('restarts politely at the menu when %s', (_why, change) => {
    const chat = tampered(change);
    send(chat, '1');
    expect(chat.saidKeys()).toEqual(['engine.restarted', 'menu.title']);
    expect(chat.state).toBe('menu.main');
    expect(chat.snapshot?.lang).toBe('ar');
    send(chat, '1');
    expect(chat.state).toBe('inquiries.ask');
  });

  it.each([
    ['{}', () => ({})],
    [
      'null fields',
      () => ({ v: 1, lang: null, flowId: null, flowVersion: null, state: null, context: null }),
    ],
    ['a number', () => 42],
    ['a string', () => 'garbage'],
    ['an array', () => []],
    ['a future format', (s: Record<string, unknown>) => ({ ...s, v: 2 })],
    ['malformed choices', (s: Record<string, unknown>) => ({ ...s, choices: [{ id: 1 }] })],
  ])('restarts from the greeting for a corrupted snapshot: %s', (_what, change) => {
    const chat = tampered(change);
    expect(() => send(chat, '1')).not.toThrow();
    expect(chat.saidKeys()).toEqual(['engine.restarted', 'greeting.welcome']);
    expect(chat.state).toBe('greeting.chooseLanguage');
  });

  it('restarts from the greeting for a snapshot in an unknown language', () => {
    // Called directly: the driver (like ConversationService) renders in the stored language unchecked.
    const chat = tampered((s) => ({ ...s, lang: 'fr' }));
    const message = InboundMessage.parse({
      channel: 'inprocess',
      channelMessageId: 'm1',
      sender: { channelUserId: 'tester' },
      receivedAt: chat.now,
      text: '1',
    });
    const { snapshot, effects } = runStep(chat.engine, chat.snapshot, toFlowInput(message), {
      profile,
      now: chat.now,
      beneficiary: { ...chat.facts, consents: chat.consents },
      translate: (lang, key, params) => chat.translator.t(lang, key, params),
    });
    expect(effects.map((e) => (e.type === 'say' || e.type === 'askChoice' ? e.key : e.type))).toEqual([
      'engine.restarted',
      'greeting.welcome',
    ]);
    expect([snapshot.flowId, snapshot.state, snapshot.lang]).toEqual(['greeting', 'chooseLanguage', null]);
  });

  it('accepts a restarted snapshot from a greeting that was already consented to', () => {
    // A person who consented before comes through the greeting straight to the menu.
    const chat = tampered(() => ({}));
    send(chat, 'hi');
    send(chat, '2');
    expect(chat.saidKeys()).toEqual(['menu.title']);
    expect(chat.snapshot?.lang).toBe('en');
  });
});

describe('runStep: snapshots are plain JSON after every step', () => {
  const ANSWERS: Input[] = [
    ...ODD_INPUTS.map((o) => o.input),
    ...Object.values(GLOBAL_WORDS).flat(),
    ...WRAPPED_ONE,
    '1',
    '2',
    '3',
    '7',
    '٢',
    'hello',
    'أوافق',
    'I do not agree',
    'complaint request',
    'ما أوقات الدوام',
    'quantum chromodynamics',
    { choiceId: 'accept' },
    { choiceId: 'faq:working-hours' },
    { choiceId: 'menu' },
  ];
  const step = fc.record({
    answer: fc.constantFrom(...ANSWERS),
    wait: fc.constantFrom(0, 0, 0, 1, IDLE + 1),
  });

  it('round-trips through JSON unchanged, validates, and is the same on a re-run (pure)', () => {
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 20 }), (steps) => {
        const chat = new FlowDriver(profile);
        for (const { answer, wait } of steps) {
          chat.wait(wait);
          const fields = typeof answer === 'string' ? { text: answer } : answer;
          const message = InboundMessage.parse({
            channel: 'inprocess',
            channelMessageId: 'probe',
            sender: { channelUserId: 'tester' },
            receivedAt: chat.now,
            ...fields,
          });
          const raw = runStep(chat.engine, chat.snapshot, toFlowInput(message), {
            profile,
            now: chat.now,
            beneficiary: { ...chat.facts, consents: { ...chat.consents } },
            translate: (lang, key, params) => chat.translator.t(lang, key, params),
          });
          send(chat, answer);
          // toStrictEqual tells a Date from its string and a missing key from `undefined`.
          expect(chat.snapshot).toStrictEqual(raw.snapshot);
          expect(chat.lastEffects).toStrictEqual(raw.effects);
          expect(chat.saidKeys()).not.toContain('engine.restarted');
        }
      }),
      { numRuns: 150 },
    );
  });
});

describe('FlowRegistry: configuration mistakes fail at start-up', () => {
  // Written as a plain `AnyFlow`, not through `setup`: these mistakes are the ones tsc would refuse.
  const probe = (states: Record<string, StateNode>, extra: Partial<AnyFlow> = {}): AnyFlow => ({
    id: 'probe',
    version: 1,
    initial: 'start',
    contextSchema: z.object({}),
    createContext: () => ({}),
    states,
    ...extra,
  });
  const register =
    (...flows: AnyFlow[]) =>
    () =>
      new FlowRegistry(flows);

  it('accepts the registered flows', () => {
    expect(registry.all().map((f) => f.id)).toEqual([
      'greeting',
      'menu',
      'inquiries',
      'service-request',
      'request-info',
      'request-status',
      'complaint',
      'survey',
      'handoff',
      'my-data',
      'volunteer',
      'field-help',
    ]);
  });

  it.each<[string, Record<string, StateNode>, RegExp]>([
    ['an unknown target in on', { start: { on: [{ target: 'nowhere' }] } }, /"nowhere" is not a state/],
    ['an unknown target in always', { start: { always: [{ target: 'gone' }] } }, /"gone" is not a state/],
    ['an unknown target in back', { start: { back: { target: 'prev' } } }, /"prev" is not a state/],
    ['an unknown #flow target', { start: { on: [{ target: '#complaints' }] } }, /"#complaints" names no/],
    [
      'an unknown guard',
      { start: { on: [{ guard: 'isNationalId', target: 'start' }] } },
      /guard "isNationalId"/,
    ],
    [
      'an unknown guard with params',
      { start: { on: [{ guard: { type: 'inRange', params: { min: 1 } } }] } },
      /guard "inRange"/,
    ],
    ['an unknown action in on', { start: { on: [{ actions: ['saveDraft'] }] } }, /action "saveDraft"/],
    ['an unknown prompt action', { start: { prompt: ['askCity'] } }, /action "askCity"/],
    ['an unknown action in always', { start: { always: [{ actions: ['notify'] }] } }, /action "notify"/],
    ['an unknown action in back', { start: { back: { actions: ['undo'] } } }, /action "undo"/],
    [
      'an unknown target for a global word',
      { start: { words: { menu: { target: 'confirm' } } } },
      /"confirm" is not a state/,
    ],
    [
      'a target named like a prototype property',
      { start: { on: [{ target: 'constructor' }] } },
      /"constructor"/,
    ],
  ])('refuses %s, naming the flow and the state', (_what, states, detail) => {
    const attempt = register(probe({ other: {}, ...states }));
    expect(attempt).toThrow(EngineConfigError);
    expect(attempt).toThrow(/flow "probe", state "start"/);
    expect(attempt).toThrow(detail);
  });

  it("refuses a guard or an action named like a prototype property of the flow's own", () => {
    const own = { guards: { isOpen: () => true }, actions: { remember: () => undefined } };
    expect(register(probe({ start: { on: [{ guard: 'toString' }] } }, own))).toThrow(/guard "toString"/);
    expect(register(probe({ start: { prompt: ['valueOf'] } }, own))).toThrow(/action "valueOf"/);
  });

  it('refuses an initial state that does not exist', () => {
    expect(register(probe({ begin: {} }))).toThrow(/flow "probe": initial state "start"/);
  });

  it('refuses an onDone flow that is not registered', () => {
    expect(register(probe({ start: {} }, { onDone: 'survey' }))).toThrow(
      /"#survey" names no registered flow/,
    );
  });

  it('refuses a flow registered twice', () => {
    expect(register(probe({ start: {} }), probe({ start: {} }))).toThrow(/"probe" is registered twice/);
  });

  it("accepts built-in guards and actions and the flow's own", () => {
    const ok = probe(
      {
        start: {
          prompt: [{ type: 'say', params: { key: 'menu.title' } }],
          on: [
            { guard: { type: 'choice', params: { id: 'a' } }, target: 'start' },
            { guard: 'isOpen', actions: ['remember'], target: '#probe' },
          ],
        },
      },
      { guards: { isOpen: () => true }, actions: { remember: () => undefined } },
    );
    expect(register(ok)).not.toThrow();
  });
});
