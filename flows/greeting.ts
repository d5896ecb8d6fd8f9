import { z } from 'zod';
import type { Profile } from '../src/config/profile-schema';
import { localized } from '../src/config/localized';
import { choice, said } from '../src/engine/builtins';
import { askChoice, say } from '../src/engine/effects';
import type { Lang } from '../src/domain/lang';
import type { ActionArgs } from '../src/engine/flow';
import { answerOf } from './faq-answers';
import { setup } from './setup';
import { understand } from './understanding';

/** The consent purpose recorded when a person accepts the privacy notice. */
export const SERVICE_CONSENT = 'service';

const GreetingContext = z.object({}).strict();
type Args<Params = unknown> = ActionArgs<z.infer<typeof GreetingContext>, Profile, Params>;

const reading = ({ input, env }: Args) => understand(input, env.profile, env.beneficiary);

const consentChoices = () =>
  askChoice('privacy.ask', [
    { id: 'accept', key: 'privacy.accept', means: 'yes' },
    { id: 'decline', key: 'privacy.decline', means: 'no' },
    { id: 'details', key: 'privacy.details' },
  ]);
const reconsiderChoices = () =>
  askChoice('privacy.reconsider', [
    { id: 'accept', key: 'privacy.accept', means: 'yes' },
    { id: 'details', key: 'privacy.details' },
  ]);

/**
 * First contact: greeting, language, then the privacy notice and consent, before any personal
 * question (PDPL). Declining is respected: nothing personal is asked, and the person can change
 * their mind at any time.
 */
export const greetingFlow = setup({
  contextSchema: GreetingContext,
  guards: {
    hasCurrentConsent: ({ env }) =>
      env.beneficiary.consents[SERVICE_CONSENT] === env.profile.privacy.noticeVersion,
    /** A general question (working hours, conditions) the FAQ answers: it needs no personal data. */
    generalQuestion: (args) => {
      const read = reading(args);
      return read.kind === 'question' && read.clear;
    },
    /** A request for a service, a case or a person: these need personal data, so consent first. */
    needsPersonalData: (args) => {
      const read = reading(args);
      return read.kind === 'intent' || read.kind === 'reference' || read.kind === 'unsure';
    },
  },
  actions: {
    askLanguage: ({ env }) => [
      askChoice(
        'greeting.welcome',
        [
          { id: 'ar', key: 'language.ar' },
          { id: 'en', key: 'language.en' },
        ],
        { association: localized(env.profile.association.name, env.lang) },
      ),
    ],
    setLang: ({ params }: Args<{ lang: Lang }>) => [{ type: 'setLanguage', lang: params.lang }],
    showNotice: ({ env }) => [
      say('privacy.notice', { association: localized(env.profile.association.name, env.lang) }),
      consentChoices(),
    ],
    answerGeneral: (args) => {
      const read = reading(args);
      const [first] = read.kind === 'question' ? read.results : [];
      return first ? answerOf(args.env.profile, first, args.env.lang) : [];
    },
    askConsent: () => [consentChoices()],
    askReconsiderShort: () => [reconsiderChoices()],
    showDetails: ({ env }) => [
      say('privacy.fullNotice', {
        association: localized(env.profile.association.name, env.lang),
        version: env.profile.privacy.noticeVersion,
        policyUrl: env.profile.privacy.policyUrl ?? env.profile.association.website ?? '-',
      }),
    ],
    consent: ({ env, params }: Args<{ granted: boolean }>) => [
      {
        type: 'recordConsent',
        purpose: SERVICE_CONSENT,
        version: env.profile.privacy.noticeVersion,
        granted: params.granted,
      },
    ],
    askReconsider: ({ env }) => [
      say('privacy.declined', { phone: env.profile.association.phone ?? '-' }),
      say('privacy.askAnything'),
      reconsiderChoices(),
    ],
  },
}).flow({
  id: 'greeting',
  version: 1,
  initial: 'chooseLanguage',
  createContext: () => ({}),
  globalWords: ['help', 'back'],
  states: {
    chooseLanguage: {
      prompt: ['askLanguage'],
      help: 'greeting.help',
      on: [
        { guard: choice('ar'), actions: [{ type: 'setLang', params: { lang: 'ar' } }], target: 'consent' },
        { guard: choice('en'), actions: [{ type: 'setLang', params: { lang: 'en' } }], target: 'consent' },
      ],
    },
    consent: {
      always: [{ guard: 'hasCurrentConsent', target: 'done', description: 'consented before' }],
      prompt: ['showNotice'],
      help: 'privacy.help',
      back: { target: 'chooseLanguage' },
      on: [
        {
          guard: choice('accept'),
          actions: [{ type: 'consent', params: { granted: true } }],
          target: 'accepted',
        },
        {
          guard: choice('decline'),
          actions: [{ type: 'consent', params: { granted: false } }],
          target: 'declined',
        },
        { guard: choice('details'), actions: ['showDetails'], reprompt: true },
        { guard: 'generalQuestion', actions: ['answerGeneral', 'askConsent'], description: 'FAQ, no data' },
      ],
    },
    accepted: {
      always: [{ actions: [said('privacy.thanks')], target: 'done' }],
    },
    declined: {
      prompt: ['askReconsider'],
      help: 'privacy.declinedHelp',
      on: [
        {
          guard: choice('accept'),
          actions: [{ type: 'consent', params: { granted: true } }],
          target: 'accepted',
        },
        { guard: choice('details'), actions: ['showDetails'], reprompt: true },
        {
          guard: 'generalQuestion',
          actions: ['answerGeneral', 'askReconsiderShort'],
          description: 'FAQ, no data',
        },
        {
          guard: 'needsPersonalData',
          actions: [said('privacy.needsConsent'), 'askReconsiderShort'],
          description: 'a service: consent first',
        },
      ],
    },
    done: { final: true },
  },
});
