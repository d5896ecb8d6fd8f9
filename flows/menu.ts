import { z } from 'zod';
import type { Profile } from '../src/config/profile-schema';
import { localized } from '../src/config/localized';
import type { BeneficiaryFacts } from '../src/domain/beneficiary-facts';
import { INTENT_IDS, type IntentId } from '../src/domain/understanding/intents';
import { choice, said } from '../src/engine/builtins';
import { askChoice } from '../src/engine/effects';
import type { ActionArgs } from '../src/engine/flow';
import { answerOf } from './faq-answers';
import { SERVICE_CONSENT } from './greeting';
import { waitingForInfo } from './request-info';
import { setup, type FlowId } from './setup';
import { understand } from './understanding';

/** A flow as the menu needs to know it: its id, where it sits, and whether the association offers it. */
export interface MenuEntry {
  id: FlowId;
  menu: { key: string; order: number };
  available?: (profile: Profile) => boolean;
  offeredTo?: (beneficiary: BeneficiaryFacts) => boolean;
}

const MenuContext = z.object({
  /** The intents a "did you mean" question offers. */
  options: z.array(z.enum(INTENT_IDS)).default([]),
});
type MenuContext = z.infer<typeof MenuContext>;
type Args<Params = unknown> = ActionArgs<MenuContext, Profile, Params>;

/** The flow each intent starts, and the payload it starts it with. */
const INTENT_FLOWS: Record<IntentId, { flow: FlowId; label: string; payload?: Record<string, unknown> }> = {
  apply: { flow: 'service-request', label: 'menu.request' },
  status: { flow: 'request-status', label: 'menu.status' },
  'missing-info': { flow: 'request-info', label: 'menu.missingInfo' },
  complaint: { flow: 'complaint', label: 'menu.complaintOnly', payload: { kind: 'complaint' } },
  suggestion: { flow: 'complaint', label: 'menu.suggestion', payload: { kind: 'suggestion' } },
  compensation: { flow: 'complaint', label: 'menu.compensation', payload: { kind: 'compensation' } },
  survey: { flow: 'survey', label: 'menu.survey' },
  handoff: { flow: 'handoff', label: 'menu.handoff' },
  'my-data': { flow: 'my-data', label: 'menu.myData' },
  'delete-data': { flow: 'my-data', label: 'menu.deleteData', payload: { start: 'delete' } },
  volunteer: { flow: 'volunteer', label: 'menu.volunteer' },
  'field-help': { flow: 'field-help', label: 'menu.fieldHelp' },
  question: { flow: 'inquiries', label: 'menu.inquiries' },
};

/** The flows an intent can start, each once: one transition per flow (a transition's target is fixed). */
const INTENT_TARGETS = [...new Set(Object.values(INTENT_FLOWS).map((f) => f.flow))];

/**
 * Where an intent leads this person: missing information nobody asked them for is looked up in their
 * requests' status instead.
 */
function flowOf(intent: IntentId, beneficiary: BeneficiaryFacts): FlowId {
  if (intent === 'missing-info' && waitingForInfo(beneficiary).length === 0) return 'request-status';
  return INTENT_FLOWS[intent].flow;
}

const reading = ({ input, env }: Args) => understand(input, env.profile, env.beneficiary);

/** The intent typed now, or picked from a "did you mean" question. */
function intentNow(args: Args): { intent: IntentId; serviceId?: string } | undefined {
  const picked = args.input?.choiceId?.startsWith('intent:') ? args.input.choiceId.slice(7) : undefined;
  const option = args.context.options.find((o) => o === picked);
  if (option) return { intent: option };
  const read = reading(args);
  return read.kind === 'intent' ? read : undefined;
}

/**
 * Free text read as at the main menu, from the menu and from every resting state (the engine's
 * `understanding`): a reference opens its status (the person's own cases only), a clear intent starts
 * its flow, a tie asks "did you mean". `as const`: tsc checks the names in each state that uses it.
 */
const understandingTransitions = [
  { guard: 'typedOwnReference', actions: ['carryReference'], target: '#request-status' },
  { guard: 'typedOtherReference', actions: [said('status.notFound')], target: 'main' },
  { guard: 'typedMistypedReference', actions: [said('status.mistyped')], target: 'main' },
  ...INTENT_TARGETS.map(
    (flow) =>
      ({
        guard: { type: 'meansFlow', params: { flow } },
        actions: ['carryIntent'],
        target: `#${flow}`,
        description: 'intent',
      }) as const,
  ),
  { guard: 'unsure', actions: ['keepOptions'], target: 'didYouMean' },
] as const;

/**
 * The main menu, built from the flows that declare a menu entry, so it always lists what exists and
 * what the association's profile offers (a flow's `available`). Without current consent it sends the
 * person back through the privacy notice. Free text is understood too (flows/understanding.ts): a
 * question goes to the FAQ, a request to its flow, a reference to its status.
 */
export function createMenuFlow(entries: readonly MenuEntry[]) {
  const sorted = [...entries].sort((a, b) => a.menu.order - b.menu.order);
  return setup({
    contextSchema: MenuContext,
    guards: {
      lacksConsent: ({ env }) =>
        env.beneficiary.consents[SERVICE_CONSENT] !== env.profile.privacy.noticeVersion,
      typedOwnReference: (args) => {
        const read = reading(args);
        return read.kind === 'reference' && read.own;
      },
      typedOtherReference: (args) => {
        const read = reading(args);
        return read.kind === 'reference' && !read.own;
      },
      typedMistypedReference: (args) => reading(args).kind === 'mistypedReference',
      meansFlow: (args: Args<{ flow: FlowId }>) => {
        const intent = intentNow(args);
        return intent !== undefined && flowOf(intent.intent, args.env.beneficiary) === args.params.flow;
      },
      unsure: (args) => reading(args).kind === 'unsure',
      answeredByFaq: (args) => {
        const read = reading(args);
        return read.kind === 'question' && read.clear;
      },
      severalAnswers: (args) => reading(args).kind === 'question',
      unansweredQuestion: (args) => reading(args).kind === 'unansweredQuestion',
    },
    actions: {
      showMenu: ({ env }) => [
        askChoice(
          'menu.title',
          sorted
            .filter((e) => (e.available?.(env.profile) ?? true) && (e.offeredTo?.(env.beneficiary) ?? true))
            .map((e) => ({ id: e.id, key: e.menu.key })),
          { association: localized(env.profile.association.name, env.lang) },
        ),
      ],
      carryReference: (args) => {
        const read = reading(args);
        return read.kind === 'reference' ? { startWith: { reference: read.reference } } : {};
      },
      carryIntent: (args) => {
        const intent = intentNow(args);
        if (!intent) return {};
        const { payload } = INTENT_FLOWS[intent.intent];
        const startWith = { ...payload, ...(intent.serviceId ? { serviceId: intent.serviceId } : {}) };
        return { startWith };
      },
      keepOptions: (args) => {
        const read = reading(args);
        return read.kind === 'unsure' ? { context: { options: read.intents } } : {};
      },
      askWhichIntent: ({ context }) => [
        askChoice('menu.didYouMean', [
          ...context.options.map((id) => ({ id: `intent:${id}`, key: INTENT_FLOWS[id].label })),
          { id: 'menu', key: 'inquiries.backToMenu' },
        ]),
      ],
      openUnanswered: () => ({ startWith: { opening: 'notFound' } }),
      answerQuestion: (args) => {
        const read = reading(args);
        if (read.kind !== 'question') return {};
        const [first] = read.results;
        return read.clear && first
          ? { effects: answerOf(args.env.profile, first, args.env.lang), startWith: { opening: 'answered' } }
          : { startWith: { results: read.results } };
      },
    },
  }).flow({
    id: 'menu',
    version: 1,
    initial: 'main',
    createContext: () => ({ options: [] }),
    states: {
      main: {
        always: [{ guard: 'lacksConsent', target: '#greeting', description: 'no consent yet' }],
        prompt: ['showMenu'],
        help: 'menu.help',
        on: [
          ...sorted.map((e) => ({ guard: choice(e.id), target: `#${e.id}` as const })),
          ...understandingTransitions,
          { guard: 'answeredByFaq', actions: ['answerQuestion'], target: '#inquiries', description: 'FAQ' },
          { guard: 'severalAnswers', actions: ['answerQuestion'], target: '#inquiries' },
          {
            guard: 'unansweredQuestion',
            actions: ['openUnanswered'],
            target: '#inquiries',
            description: 'a question the FAQ does not answer',
          },
          { guard: 'hasText', actions: [said('menu.notUnderstood')], reprompt: true },
        ],
      },
      /** Never shown: the engine reads free text at resting states through these transitions. */
      understand: { on: understandingTransitions },
      didYouMean: {
        prompt: ['askWhichIntent'],
        help: 'menu.help',
        back: { target: 'main' },
        words: { cancel: { actions: [said('engine.cancelled')], target: 'main' } },
        on: [{ guard: choice('menu'), target: 'main' }, ...understandingTransitions],
      },
    },
  });
}
