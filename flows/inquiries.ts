import { z } from 'zod';
import type { Profile } from '../src/config/profile-schema';
import { localized } from '../src/config/localized';
import { choice, said } from '../src/engine/builtins';
import { askChoice } from '../src/engine/effects';
import type { ActionArgs } from '../src/engine/flow';
import { answerOf, clearWinner, searchAnswers, titleOf } from './faq-answers';
import { setup } from './setup';

const InquiriesContext = z.object({
  /** Search results waiting for the person to pick one (`faq:<id>` or `service:<id>`). */
  results: z.array(z.string()),
  /**
   * Where a question typed at the menu left off: answered there (ask for another), not found (offer
   * a person), or with `results` to pick from. Cleared once used.
   */
  opening: z.enum(['answered', 'notFound', 'results']).nullable().default(null),
});
type InquiriesContext = z.infer<typeof InquiriesContext>;

/** How many FAQ questions are offered as numbered topics before the person types their own. */
const TOPICS_SHOWN = 6;

type Args<Params = unknown> = ActionArgs<InquiriesContext, Profile, Params>;

const hits = ({ env, input }: Args) => (input ? searchAnswers(env.profile, input.normalized) : []);

/**
 * Free-text questions answered the same way from every state of this flow. `as const` keeps its names
 * literal, so tsc checks them in each state that uses it.
 */
const searchTransitions = [
  { guard: 'searchFindsOne', actions: ['answerBest'], target: 'more', description: 'one match' },
  { guard: 'searchFindsSeveral', actions: ['keepResults'], target: 'pickResult', description: 'several' },
  { guard: 'hasText', target: 'notFound', description: 'no match' },
] as const;

/**
 * Inquiries: FAQ and service information from the association profile, searchable by free Arabic
 * or English text (normalised, tolerant of spelling variants), with an honest "not found".
 */
export const inquiriesFlow = setup({
  contextSchema: InquiriesContext,
  guards: {
    openedAnswered: ({ context }) => context.opening === 'answered',
    openedNotFound: ({ context }) => context.opening === 'notFound',
    openedWithResults: ({ context }) => context.opening === 'results',
    pickedAnswer: ({ input }) => /^(faq|service):/.test(input?.choiceId ?? ''),
    searchFindsOne: (args) => clearWinner(hits(args)) !== undefined,
    searchFindsSeveral: (args) => hits(args).length > 1,
  },
  actions: {
    showTopics: ({ env }) => [
      askChoice('inquiries.prompt', [
        ...env.profile.faq
          .slice(0, TOPICS_SHOWN)
          .map((f) => ({ id: `faq:${f.id}`, label: localized(f.question, env.lang) })),
        ...(env.profile.services.length > 0 ? [{ id: 'services', key: 'inquiries.servicesInfo' }] : []),
      ]),
    ],
    showServices: ({ env }) => [
      askChoice(
        'inquiries.pickService',
        env.profile.services.map((s) => ({ id: `service:${s.id}`, label: localized(s.name, env.lang) })),
      ),
    ],
    showResults: ({ env, context }) => [
      askChoice(
        'inquiries.severalFound',
        context.results.map((id) => ({ id, label: titleOf(env.profile, id, env.lang) })),
        { count: context.results.length },
      ),
    ],
    answerPicked: ({ env, input }) => answerOf(env.profile, input?.choiceId ?? '', env.lang),
    answerBest: (args) => answerOf(args.env.profile, clearWinner(hits(args)) ?? '', args.env.lang),
    keepResults: (args) => ({ context: { ...args.context, results: hits(args).map((h) => h.id) } }),
    clearOpening: ({ context }) => ({ context: { ...context, opening: null } }),
    askNext: ({ params }: Args<{ key: string }>) => [
      askChoice(params.key, [
        { id: 'another', key: 'inquiries.another' },
        { id: 'menu', key: 'inquiries.backToMenu' },
      ]),
    ],
    offerPerson: () => [
      askChoice('inquiries.notFoundNext', [
        { id: 'another', key: 'inquiries.another' },
        { id: 'person', key: 'inquiries.talkToPerson' },
        { id: 'menu', key: 'inquiries.backToMenu' },
      ]),
    ],
  },
}).flow({
  id: 'inquiries',
  version: 1,
  initial: 'ask',
  menu: { key: 'menu.inquiries', order: 1 },
  // A question typed at the menu arrives answered, not found, or with results to pick from.
  createContext: (_env, payload) => {
    const results = Array.isArray(payload?.results)
      ? payload.results.filter((r) => typeof r === 'string')
      : [];
    if (results.length > 0) return { results, opening: 'results' };
    const opening =
      payload?.opening === 'answered' || payload?.opening === 'notFound' ? payload.opening : null;
    return { results, opening };
  },
  states: {
    ask: {
      always: [
        { guard: 'openedAnswered', actions: ['clearOpening'], target: 'more' },
        { guard: 'openedNotFound', actions: ['clearOpening'], target: 'notFound' },
        { guard: 'openedWithResults', actions: ['clearOpening'], target: 'pickResult' },
      ],
      prompt: ['showTopics'],
      help: 'inquiries.help',
      on: [
        { guard: 'pickedAnswer', actions: ['answerPicked'], target: 'more' },
        { guard: choice('services'), target: 'services' },
        ...searchTransitions,
      ],
    },
    pickResult: {
      prompt: ['showResults'],
      back: { target: 'ask' },
      on: [{ guard: 'pickedAnswer', actions: ['answerPicked'], target: 'more' }, ...searchTransitions],
    },
    services: {
      prompt: ['showServices'],
      back: { target: 'ask' },
      on: [{ guard: 'pickedAnswer', actions: ['answerPicked'], target: 'more' }, ...searchTransitions],
    },
    more: {
      resting: true,
      prompt: [{ type: 'askNext', params: { key: 'inquiries.more' } }],
      back: { target: 'ask' },
      on: [
        { guard: choice('another'), target: 'ask' },
        { guard: choice('menu'), target: '#menu' },
        ...searchTransitions,
      ],
    },
    notFound: {
      prompt: [said('inquiries.notFound'), 'offerPerson'],
      resting: true,
      back: { target: 'ask' },
      on: [
        { guard: choice('another'), target: 'ask' },
        { guard: choice('person'), target: '#handoff' },
        { guard: choice('menu'), target: '#menu' },
        ...searchTransitions,
      ],
    },
  },
});
