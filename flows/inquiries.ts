import { z } from 'zod';
import type { Profile } from '../src/config/profile-schema';
import { localized } from '../src/config/localized';
import { FaqSearch } from '../src/domain/faq/faq-search';
import { choice, said } from '../src/engine/builtins';
import { askChoice, say, type Effect } from '../src/engine/effects';
import type { Lang } from '../src/domain/lang';
import type { ActionArgs } from '../src/engine/flow';
import { setup } from './setup';

interface InquiriesContext {
  /** Search results waiting for the person to pick one (`faq:<id>` or `service:<id>`). */
  results: string[];
}

/** How many FAQ questions are offered as numbered topics before the person types their own. */
const TOPICS_SHOWN = 6;

const searchIndexes = new WeakMap<Profile, FaqSearch>();

/** One index per loaded profile: built on first use, shared by every conversation. */
function searchIndex(profile: Profile): FaqSearch {
  let index = searchIndexes.get(profile);
  if (!index) {
    const both = (t: { ar: string; en?: string }) => [t.ar, ...(t.en ? [t.en] : [])];
    index = new FaqSearch([
      ...profile.faq.map((f) => ({
        id: `faq:${f.id}`,
        titles: both(f.question),
        keywords: f.keywords,
        bodies: both(f.answer),
      })),
      ...profile.services.map((s) => ({
        id: `service:${s.id}`,
        titles: both(s.name),
        keywords: s.keywords,
        bodies: [...both(s.description), ...both(s.eligibility)],
      })),
    ]);
    searchIndexes.set(profile, index);
  }
  return index;
}

type Args<Params = unknown> = ActionArgs<InquiriesContext, Profile, Params>;

const hits = ({ env, input }: Args) => (input ? searchIndex(env.profile).search(input.text) : []);

/** Several results count as one answer when the best is clearly ahead of the rest. */
function clearWinner(found: { id: string; score: number }[]): string | undefined {
  const [first, second] = found;
  if (!first) return undefined;
  return !second || first.score >= second.score * 1.5 ? first.id : undefined;
}

function answer(profile: Profile, id: string, lang: Lang): Effect[] {
  const [kind, key] = id.split(':');
  if (kind === 'faq') {
    const entry = profile.faq.find((f) => f.id === key);
    return entry ? [{ type: 'sayText', text: localized(entry.answer, lang) }] : [];
  }
  const service = profile.services.find((s) => s.id === key);
  if (!service) return [];
  const documents = service.documents.map((d) => `• ${localized(d.label, lang)}`).join('\n');
  return [
    say('inquiries.serviceInfo', {
      name: localized(service.name, lang),
      description: localized(service.description, lang),
      eligibility: localized(service.eligibility, lang),
      documents: documents || '-',
      days: service.decisionWorkingDays ?? profile.deadlines.decisionWorkingDays,
    }),
  ];
}

function title(profile: Profile, id: string, lang: Lang): string {
  const [kind, key] = id.split(':');
  const found =
    kind === 'faq'
      ? profile.faq.find((f) => f.id === key)?.question
      : profile.services.find((s) => s.id === key)?.name;
  return found ? localized(found, lang) : id;
}

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
  contextSchema: z.object({ results: z.array(z.string()) }),
  guards: {
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
        context.results.map((id) => ({ id, label: title(env.profile, id, env.lang) })),
        { count: context.results.length },
      ),
    ],
    answerPicked: ({ env, input }) => answer(env.profile, input?.choiceId ?? '', env.lang),
    answerBest: (args) => answer(args.env.profile, clearWinner(hits(args)) ?? '', args.env.lang),
    keepResults: (args) => ({ context: { results: hits(args).map((h) => h.id) } }),
    askNext: ({ params }: Args<{ key: string }>) => [
      askChoice(params.key, [
        { id: 'another', key: 'inquiries.another' },
        { id: 'menu', key: 'inquiries.backToMenu' },
      ]),
    ],
  },
}).flow({
  id: 'inquiries',
  version: 1,
  initial: 'ask',
  menu: { key: 'menu.inquiries', order: 1 },
  createContext: () => ({ results: [] }),
  states: {
    ask: {
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
      prompt: [{ type: 'askNext', params: { key: 'inquiries.more' } }],
      back: { target: 'ask' },
      on: [
        { guard: choice('another'), target: 'ask' },
        { guard: choice('menu'), target: '#menu' },
        ...searchTransitions,
      ],
    },
    notFound: {
      prompt: [said('inquiries.notFound'), { type: 'askNext', params: { key: 'inquiries.notFoundNext' } }],
      back: { target: 'ask' },
      on: [
        { guard: choice('another'), target: 'ask' },
        { guard: choice('menu'), target: '#menu' },
        ...searchTransitions,
      ],
    },
  },
});
