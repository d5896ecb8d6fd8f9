import { z } from 'zod';
import type { Profile } from '../src/config/profile-schema';
import { localized } from '../src/config/localized';
import { askChoice, say } from '../src/engine/effects';
import type { FlowDefinition } from '../src/engine/flow';

/** The consent purpose recorded when a person accepts the privacy notice. */
export const SERVICE_CONSENT = 'service';

/**
 * First contact: greeting, language, then the privacy notice and consent, before any personal
 * question (PDPL). Declining is respected: nothing personal is asked, and the person can change
 * their mind at any time.
 */
export const greetingFlow: FlowDefinition<Record<string, never>, Profile> = {
  id: 'greeting',
  version: 1,
  initial: 'chooseLanguage',
  contextSchema: z.object({}).strict() as unknown as z.ZodType<Record<string, never>>,
  createContext: () => ({}),
  globalWords: ['help', 'back'],
  states: {
    chooseLanguage: {
      prompt: ['askLanguage'],
      help: 'greeting.help',
      on: [
        {
          guard: { type: 'choice', params: { id: 'ar' } },
          actions: [{ type: 'setLang', params: { lang: 'ar' } }],
          target: 'consent',
        },
        {
          guard: { type: 'choice', params: { id: 'en' } },
          actions: [{ type: 'setLang', params: { lang: 'en' } }],
          target: 'consent',
        },
      ],
    },
    consent: {
      always: [{ guard: 'hasCurrentConsent', target: 'done', description: 'consented before' }],
      prompt: ['showNotice'],
      help: 'privacy.help',
      back: { target: 'chooseLanguage' },
      on: [
        {
          guard: { type: 'choice', params: { id: 'accept' } },
          actions: [{ type: 'consent', params: { granted: true } }],
          target: 'accepted',
        },
        {
          guard: { type: 'choice', params: { id: 'decline' } },
          actions: [{ type: 'consent', params: { granted: false } }],
          target: 'declined',
        },
        { guard: { type: 'choice', params: { id: 'details' } }, actions: ['showDetails'], reprompt: true },
      ],
    },
    accepted: {
      always: [{ actions: [{ type: 'say', params: { key: 'privacy.thanks' } }], target: 'done' }],
    },
    declined: {
      prompt: ['askReconsider'],
      help: 'privacy.declinedHelp',
      on: [
        {
          guard: { type: 'choice', params: { id: 'accept' } },
          actions: [{ type: 'consent', params: { granted: true } }],
          target: 'accepted',
        },
        { guard: { type: 'choice', params: { id: 'details' } }, actions: ['showDetails'], reprompt: true },
      ],
    },
    done: { final: true },
  },
  guards: {
    hasCurrentConsent: ({ env }) =>
      env.beneficiary.consents[SERVICE_CONSENT] === env.profile.privacy.noticeVersion,
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
    setLang: ({ params }) => [{ type: 'setLanguage', lang: params.lang === 'en' ? 'en' : 'ar' }],
    showNotice: ({ env }) => [
      say('privacy.notice', { association: localized(env.profile.association.name, env.lang) }),
      askChoice('privacy.ask', [
        { id: 'accept', key: 'privacy.accept' },
        { id: 'decline', key: 'privacy.decline' },
        { id: 'details', key: 'privacy.details' },
      ]),
    ],
    showDetails: ({ env }) => [
      say('privacy.fullNotice', {
        association: localized(env.profile.association.name, env.lang),
        version: env.profile.privacy.noticeVersion,
        policyUrl: env.profile.privacy.policyUrl ?? env.profile.association.website ?? '-',
      }),
    ],
    consent: ({ env, params }) => [
      {
        type: 'recordConsent',
        purpose: SERVICE_CONSENT,
        version: env.profile.privacy.noticeVersion,
        granted: params.granted === true,
      },
    ],
    askReconsider: ({ env }) => [
      say('privacy.declined', { phone: env.profile.association.phone ?? '-' }),
      askChoice('privacy.reconsider', [
        { id: 'accept', key: 'privacy.accept' },
        { id: 'details', key: 'privacy.details' },
      ]),
    ],
  },
};
