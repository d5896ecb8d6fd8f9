import { z } from 'zod';
import type { Profile, Service, ServiceField } from '../src/config/profile-schema';
import { localized } from '../src/config/localized';
import type { BeneficiaryFacts, CaseSummary } from '../src/domain/beneficiary-facts';
import { choice, said } from '../src/engine/builtins';
import { askChoice, say, type Effect } from '../src/engine/effects';
import type { ActionArgs, FlowEnv } from '../src/engine/flow';
import { DocRef, documentSlots } from './document-slots';
import { displayValue, fieldSlots } from './field-slots';
import { setup } from './setup';

const InfoContext = z.object({
  /** The request the committee asked about; null until one is chosen. */
  reference: z.string().nullable(),
  serviceId: z.string().nullable(),
  /** The field and document ids asked for, in the service's order. */
  fields: z.array(z.string()),
  documents: z.array(z.string()),
  reason: z.string(),
  /** Index into `fields` of the one being asked. */
  fieldIndex: z.number().int().nonnegative(),
  answers: z.record(z.string(), z.union([z.string(), z.number()])),
  received: z.record(z.string(), DocRef),
  /** Files received whose document is not known yet (several fit). */
  pendingMedia: z.array(DocRef),
});
type InfoContext = z.infer<typeof InfoContext>;
type Args = ActionArgs<InfoContext, Profile>;

type Waiting = CaseSummary & { missing: NonNullable<CaseSummary['missing']> };

/** The person's requests waiting for information they can send here (named fields or documents). */
export function waitingForInfo(beneficiary: BeneficiaryFacts): Waiting[] {
  return beneficiary.cases.filter(
    (c): c is Waiting =>
      c.kind === 'request' &&
      c.status === 'needs_info' &&
      !!c.missing &&
      c.missing.fields.length + c.missing.documents.length > 0,
  );
}

const serviceOf = ({ env, context }: Args): Service | undefined =>
  env.profile.services.find((s) => s.id === context.serviceId);
/** The fields asked for that the service (still) has, in its order. */
const fieldsOf = (args: Args): ServiceField[] =>
  (serviceOf(args)?.fields ?? []).filter((f) => args.context.fields.includes(f.id));
const documentsOf = (args: Args) =>
  (serviceOf(args)?.documents ?? []).filter((d) => args.context.documents.includes(d.id));
const openDocuments = (args: Args) => documentsOf(args).filter((d) => !args.context.received[d.id]);
const asking = fieldSlots<InfoContext>(fieldsOf);
const gathering = documentSlots<InfoContext, 'received'>('received', openDocuments);

/** The context for one waiting request, or an empty one. */
function contextFor(env: FlowEnv<Profile>, request: Waiting | undefined): InfoContext {
  return {
    reference: request?.reference ?? null,
    serviceId: request?.subject ?? null,
    fields: request?.missing.fields ?? [],
    documents: request?.missing.documents ?? [],
    reason: request?.missing.reason ?? '',
    fieldIndex: 0,
    answers: {},
    received: {},
    pendingMedia: [],
  };
}

function serviceName(env: FlowEnv<Profile>, serviceId: string | null): string {
  const service = env.profile.services.find((s) => s.id === serviceId);
  return service ? localized(service.name, env.lang) : (serviceId ?? '-');
}

/**
 * Sending missing information (`استكمال النواقص`): the committee asked for some of a request's fields
 * or documents (`askInfo` with what is missing). The person is offered this flow when asked (if free),
 * from the menu while a request waits, and from the request's status. Each field is asked and
 * validated as in the original form, each document received and checked against the same types and
 * sizes; a summary, and on confirmation the request is updated and goes back to the committee
 * (`createRecord:infoReceived`), which moves its decision date as the profile says.
 */
export const requestInfoFlow = setup({
  contextSchema: InfoContext,
  guards: {
    hasRequest: (args) => args.context.reference !== null && serviceOf(args) !== undefined,
    severalWaiting: ({ env }) => waitingForInfo(env.beneficiary).length > 1,
    pickedRequest: ({ input, env }) =>
      waitingForInfo(env.beneficiary).some((c) => `case:${c.reference}` === input?.choiceId),
    stillWaiting: ({ env, context }) =>
      waitingForInfo(env.beneficiary).some((c) => c.reference === context.reference),
    ...asking.guards,
    documentsLeft: (args) => openDocuments(args).length > 0,
    ...gathering.guards,
  },
  actions: {
    askWhichRequest: ({ env }) => [
      askChoice(
        'requestInfo.chooseRequest',
        waitingForInfo(env.beneficiary).map((c) => ({
          id: `case:${c.reference}`,
          label: `${c.reference} — ${serviceName(env, c.subject)}`,
        })),
      ),
    ],
    setRequest: ({ input, env }) => ({
      context: contextFor(
        env,
        waitingForInfo(env.beneficiary).find((c) => `case:${c.reference}` === input?.choiceId),
      ),
    }),
    introduce: (args) => {
      const { env, context } = args;
      const items = [...fieldsOf(args).map((f) => f.label), ...documentsOf(args).map((d) => d.label)];
      return [
        say('requestInfo.intro', {
          ref: context.reference ?? '-',
          service: serviceName(env, context.serviceId),
          reason: context.reason || '-',
          list: items.map((label) => `• ${localized(label, env.lang)}`).join('\n') || '-',
        }),
      ];
    },
    ...asking.actions,
    previousField: ({ context }) => ({
      context: { ...context, fieldIndex: Math.max(0, context.fieldIndex - 1) },
    }),
    askDocuments: (args) => {
      const { env, context } = args;
      const list = (docs: Service['documents']) =>
        docs.map((d) => `• ${localized(d.label, env.lang)}`).join('\n');
      const received = documentsOf(args).filter((d) => context.received[d.id]);
      const open = openDocuments(args);
      const effects: Effect[] = [];
      if (received.length > 0) effects.push(say('request.documents.received', { list: list(received) }));
      effects.push(say('request.documents.missing', { count: open.length, list: list(open) }));
      return effects;
    },
    ...gathering.actions,
    showSummary: (args) => {
      const { env, context } = args;
      const fields = fieldsOf(args).map(
        (f) => `• ${localized(f.label, env.lang)}: ${displayValue(f, context.answers[f.id], env.lang)}`,
      );
      const docs = documentsOf(args)
        .filter((d) => context.received[d.id])
        .map((d) => `• ${localized(d.label, env.lang)} ✓`);
      return [
        say('requestInfo.summary', { ref: context.reference ?? '-', list: [...fields, ...docs].join('\n') }),
        askChoice('requestInfo.summaryQuestion', [
          { id: 'send', key: 'requestInfo.send', means: 'yes' },
          { id: 'redo', key: 'requestInfo.redo' },
          { id: 'later', key: 'requestInfo.sendLater' },
        ]),
      ];
    },
    startOver: ({ context }) => ({
      context: { ...context, fieldIndex: 0, answers: {}, received: {}, pendingMedia: [] },
    }),
    send: ({ context }) => ({
      effects: [
        {
          type: 'createRecord',
          kind: 'infoReceived',
          as: 'info',
          data: { reference: context.reference, fields: context.answers, documents: context.received },
        },
        say('requestInfo.received', {
          ref: context.reference ?? '-',
          dueHijri: '$info.dueHijri',
          dueGregorian: '$info.dueGregorian',
        }),
      ],
      // The record puts the request back to review: the menu drawn next no longer offers to send.
      facts: (facts) => ({
        ...facts,
        cases: facts.cases.map((c) => {
          if (c.reference !== context.reference) return c;
          const { missing: _answered, ...moved } = c;
          return { ...moved, status: 'under_review' };
        }),
      }),
    }),
  },
}).flow({
  id: 'request-info',
  version: 1,
  initial: 'start',
  menu: { key: 'menu.missingInfo', order: 2.5 },
  // The request waits for days (working days, with reminders of its own: `reminders.missingInfo`), and so
  // does this flow: it is left out of the draft sweep, and expires only after a month of silence.
  idleMinutes: 30 * 24 * 60,
  offeredTo: (beneficiary) => waitingForInfo(beneficiary).length > 0,
  createContext: (env, payload) => {
    const waiting = waitingForInfo(env.beneficiary);
    const asked = typeof payload?.reference === 'string' ? payload.reference : undefined;
    const chosen = asked ? waiting.find((c) => c.reference === asked) : undefined;
    return contextFor(env, chosen ?? (waiting.length === 1 ? waiting[0] : undefined));
  },
  states: {
    start: {
      always: [
        { guard: 'hasRequest', actions: ['introduce'], target: 'route', description: 'one request waits' },
        { guard: 'severalWaiting', target: 'chooseRequest', description: 'several wait' },
        { actions: [said('requestInfo.none')], target: '#menu', description: 'nothing waits' },
      ],
    },
    chooseRequest: {
      prompt: ['askWhichRequest'],
      help: 'requestInfo.help.choose',
      on: [{ guard: 'pickedRequest', actions: ['setRequest', 'introduce'], target: 'route' }],
    },
    route: {
      always: [
        { guard: 'fieldsLeft', target: 'askField' },
        { guard: 'documentsLeft', target: 'documents' },
        { target: 'summary' },
      ],
    },
    askField: {
      prompt: ['askCurrentField'],
      help: 'requestInfo.help.field',
      back: { actions: ['previousField'], target: 'route' },
      on: [
        { guard: 'validAnswer', actions: ['saveAnswer'], target: 'route' },
        { guard: 'hasMedia', actions: [said('request.invalid.fileNotAnswer')], reprompt: true },
        { guard: 'answered', actions: ['explainInvalid'], reprompt: true },
      ],
    },
    documents: {
      prompt: ['askDocuments'],
      help: 'requestInfo.help.documents',
      back: { actions: ['lastField'], target: 'route' },
      on: [
        { guard: 'hasMedia', actions: ['receiveMedia'], target: 'placeMedia' },
        { guard: 'answered', actions: [said('request.documents.expected')], reprompt: true },
      ],
    },
    placeMedia: {
      always: [
        { guard: 'noPendingMedia', target: 'route' },
        { guard: 'pendingFitsOneSlot', actions: ['assignPendingToOnlySlot'], target: 'placeMedia' },
        { guard: 'pendingFitsNoSlot', actions: ['dropUnplaceable'], target: 'placeMedia' },
        { target: 'whichDocument' },
      ],
    },
    whichDocument: {
      prompt: ['askWhichDocument'],
      back: { actions: ['dropPending'], target: 'documents' },
      on: [
        { guard: 'pickedDocument', actions: ['assignPendingToPicked'], target: 'placeMedia' },
        { guard: 'hasMedia', actions: ['receiveMoreMedia'], reprompt: true },
      ],
    },
    summary: {
      prompt: ['showSummary'],
      help: 'requestInfo.help.summary',
      back: { actions: ['startOver'], target: 'route' },
      on: [
        { guard: choice('send'), target: 'sending' },
        { guard: choice('redo'), actions: ['startOver'], target: 'route' },
        { guard: choice('later'), actions: [said('requestInfo.later')], target: '#menu' },
      ],
    },
    sending: {
      always: [
        { guard: 'stillWaiting', actions: ['send'], target: 'done' },
        {
          actions: [said('requestInfo.noLonger')],
          target: '#menu',
          description: 'the request moved on meanwhile',
        },
      ],
    },
    done: { final: true },
  },
});
