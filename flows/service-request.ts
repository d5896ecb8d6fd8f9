import { z } from 'zod';
import type { Profile, Service, ServiceField } from '../src/config/profile-schema';
import { localized } from '../src/config/localized';
import { declarationHash } from '../src/domain/requests/declaration-hash';
import { choice, said } from '../src/engine/builtins';
import { askChoice, say, type Effect } from '../src/engine/effects';
import type { ActionArgs } from '../src/engine/flow';
import { DocRef, documentSlots } from './document-slots';
import { displayValue, fieldSlots } from './field-slots';
import { setup } from './setup';

const RequestContext = z.object({
  serviceId: z.string().nullable(),
  /** Index of the field being asked; -1 means "back before the first field". */
  fieldIndex: z.number().int(),
  answers: z.record(z.string(), z.union([z.string(), z.number()])),
  documents: z.record(z.string(), DocRef),
  /** Files received whose document slot is not known yet (several missing). */
  pendingMedia: z.array(DocRef),
  /** A field being corrected from the summary: after it, back to the summary. */
  editing: z.string().nullable(),
});
type RequestContext = z.infer<typeof RequestContext>;
type Args = ActionArgs<RequestContext, Profile>;

/** The version of the declaration text the applicant agrees to (bump with `request.declaration.text`). */
export const DECLARATION_VERSION = '1';

const serviceOf = ({ env, context }: Args): Service | undefined =>
  env.profile.services.find((s) => s.id === context.serviceId);
const fieldsOf = (args: Args): ServiceField[] => serviceOf(args)?.fields ?? [];
const missingDocuments = (args: Args) =>
  (serviceOf(args)?.documents ?? []).filter((d) => d.required && !args.context.documents[d.id]);
const openDocuments = (args: Args) =>
  (serviceOf(args)?.documents ?? []).filter((d) => !args.context.documents[d.id]);
const asking = fieldSlots<RequestContext>(fieldsOf);
const gathering = documentSlots<RequestContext, 'documents'>('documents', openDocuments);

/**
 * Service request (`طلب خدمة`): the services, fields and documents come from the association
 * profile. Every answer is validated and re-asked with a reason; documents arrive in any order; a
 * summary allows corrections; nothing is submitted before the declaration. Until then the request
 * is a draft in the conversation, never sent to the committee.
 */
export const serviceRequestFlow = setup({
  contextSchema: RequestContext,
  guards: {
    serviceChosen: (args) => serviceOf(args) !== undefined,
    pickedService: ({ input, env }) =>
      env.profile.services.some((s) => `service:${s.id}` === input?.choiceId),
    ...asking.guards,
    beforeFirstField: ({ context }) => context.fieldIndex < 0,
    editing: ({ context }) => context.editing !== null,
    documentsMissing: (args) => missingDocuments(args).length > 0,
    ...gathering.guards,
    pickedFieldToEdit: (args) => fieldsOf(args).some((f) => `field:${f.id}` === args.input?.choiceId),
  },
  actions: {
    askService: ({ env }) => [
      askChoice(
        'request.chooseService',
        env.profile.services.map((s) => ({ id: `service:${s.id}`, label: localized(s.name, env.lang) })),
      ),
    ],
    setService: ({ context, input }) => ({
      context: { ...context, serviceId: (input?.choiceId ?? '').replace(/^service:/, '') },
    }),
    clearService: ({ context }) => ({ context: { ...context, serviceId: null } }),
    showRequirements: (args) => {
      const service = serviceOf(args);
      if (!service) return [];
      const { env } = args;
      const documents = service.documents.map((d) => `• ${localized(d.label, env.lang)}`).join('\n');
      return [
        say('request.requirements', {
          name: localized(service.name, env.lang),
          eligibility: localized(service.eligibility, env.lang),
          fields: service.fields.length,
          documents: documents || '-',
        }),
        askChoice('request.ready', [
          { id: 'start', key: 'request.start', means: 'yes' },
          { id: 'other', key: 'request.otherService' },
        ]),
      ];
    },
    startFields: ({ context }) => ({ context: { ...context, fieldIndex: 0 } }),
    ...asking.actions,
    previousField: ({ context }) => ({
      context: {
        ...context,
        fieldIndex: context.editing ? context.fieldIndex : context.fieldIndex - 1,
        editing: null,
      },
    }),
    stopEditing: (args) => ({
      context: { ...args.context, editing: null, fieldIndex: fieldsOf(args).length },
    }),
    askDocuments: (args) => {
      const { env, context } = args;
      const open = openDocuments(args);
      const missing = missingDocuments(args);
      const received = (serviceOf(args)?.documents ?? []).filter((d) => context.documents[d.id]);
      const list = (docs: typeof open) => docs.map((d) => `• ${localized(d.label, env.lang)}`).join('\n');
      const effects: Effect[] = [];
      if (received.length > 0) effects.push(say('request.documents.received', { list: list(received) }));
      if (missing.length > 0) {
        effects.push(say('request.documents.missing', { count: missing.length, list: list(missing) }));
        return effects;
      }
      effects.push(
        askChoice('request.documents.optional', [{ id: 'done', key: 'request.documents.done' }], {
          list: list(open),
        }),
      );
      return effects;
    },
    ...gathering.actions,
    showSummary: (args) => {
      const service = serviceOf(args);
      if (!service) return [];
      const { env, context } = args;
      const lines = service.fields.map(
        (f) => `• ${localized(f.label, env.lang)}: ${displayValue(f, context.answers[f.id], env.lang)}`,
      );
      const docs = service.documents
        .filter((d) => context.documents[d.id])
        .map((d) => `• ${localized(d.label, env.lang)} ✓`);
      return [
        say('request.summary', {
          name: localized(service.name, env.lang),
          fields: lines.join('\n') || '-',
          documents: docs.join('\n') || '-',
        }),
        askChoice('request.summaryQuestion', [
          { id: 'confirm', key: 'request.confirm', means: 'yes' },
          { id: 'edit', key: 'request.edit' },
          { id: 'discard', key: 'request.discard' },
        ]),
      ];
    },
    askWhatToEdit: (args) => [
      askChoice('request.whatToEdit', [
        ...fieldsOf(args).map((f) => ({ id: `field:${f.id}`, label: localized(f.label, args.env.lang) })),
        ...((serviceOf(args)?.documents.length ?? 0) > 0
          ? [{ id: 'documents', key: 'request.editDocuments' }]
          : []),
      ]),
    ],
    startEditing: (args) => {
      const id = (args.input?.choiceId ?? '').replace(/^field:/, '');
      return {
        context: { ...args.context, editing: id, fieldIndex: fieldsOf(args).findIndex((f) => f.id === id) },
      };
    },
    clearDocuments: ({ context }) => ({ context: { ...context, documents: {}, pendingMedia: [] } }),
    askDeclaration: () => [
      say('request.declaration.text'),
      askChoice('request.declaration.question', [
        { id: 'declare', key: 'request.declaration.agree', means: 'yes' },
        { id: 'review', key: 'request.declaration.review' },
      ]),
    ],
    submit: (args) => {
      const service = serviceOf(args);
      if (!service || !args.input) return [];
      const { context, env, input } = args;
      const data = { serviceId: service.id, fields: context.answers, documents: context.documents };
      return [
        {
          type: 'createRecord',
          kind: 'serviceRequest',
          as: 'request',
          data: {
            ...data,
            declaration: {
              version: DECLARATION_VERSION,
              hash: declarationHash(data),
              at: env.now.toISOString(),
              channel: input.channel,
              messageId: input.channelMessageId,
            },
          },
        },
        say('request.submitted', {
          ref: '$request.ref',
          count: '$request.days',
          dueHijri: '$request.dueHijri',
          dueGregorian: '$request.dueGregorian',
        }),
      ];
    },
  },
}).flow({
  id: 'service-request',
  version: 1,
  initial: 'chooseService',
  menu: { key: 'menu.request', order: 2 },
  createContext: (env, payload) => ({
    serviceId:
      typeof payload?.serviceId === 'string' && env.profile.services.some((s) => s.id === payload.serviceId)
        ? payload.serviceId
        : env.profile.services.length === 1
          ? (env.profile.services[0]?.id ?? null)
          : null,
    fieldIndex: 0,
    answers: {},
    documents: {},
    pendingMedia: [],
    editing: null,
  }),
  states: {
    chooseService: {
      always: [
        { guard: 'serviceChosen', target: 'requirements', description: 'deep link or single service' },
      ],
      prompt: ['askService'],
      help: 'request.help.chooseService',
      on: [{ guard: 'pickedService', actions: ['setService'], target: 'requirements' }],
    },
    requirements: {
      prompt: ['showRequirements'],
      help: 'request.help.requirements',
      back: { actions: ['clearService'], target: 'chooseService' },
      on: [
        { guard: choice('start'), actions: ['startFields'], target: 'route' },
        { guard: choice('other'), actions: ['clearService'], target: 'chooseService' },
      ],
    },
    askField: {
      prompt: ['askCurrentField'],
      help: 'request.help.field',
      back: { actions: ['previousField'], target: 'route' },
      on: [
        { guard: 'validAnswer', actions: ['saveAnswer'], target: 'route' },
        { guard: 'hasMedia', actions: [said('request.invalid.fileNotAnswer')], reprompt: true },
        { guard: 'answered', actions: ['explainInvalid'], reprompt: true },
      ],
    },
    route: {
      always: [
        { guard: 'beforeFirstField', target: 'requirements', description: 'back from the first field' },
        { guard: 'editing', actions: ['stopEditing'], target: 'summary', description: 'correction made' },
        { guard: 'fieldsLeft', target: 'askField' },
        { guard: 'documentsMissing', target: 'documents' },
        { target: 'summary' },
      ],
    },
    documents: {
      patient: true,
      prompt: ['askDocuments'],
      help: 'request.help.documents',
      back: { actions: ['lastField'], target: 'route' },
      on: [
        { guard: 'hasMedia', actions: ['receiveMedia'], target: 'placeMedia' },
        { guard: choice('done'), target: 'routeDocuments' },
        { guard: 'answered', actions: [said('request.documents.expected')], reprompt: true },
      ],
    },
    placeMedia: {
      always: [
        { guard: 'noPendingMedia', target: 'routeDocuments' },
        { guard: 'pendingFitsOneSlot', actions: ['assignPendingToOnlySlot'], target: 'placeMedia' },
        // More files in one message than documents still open: asking "which document?" would offer none.
        { guard: 'pendingFitsNoSlot', actions: ['dropUnplaceable'], target: 'placeMedia' },
        { target: 'whichDocument' },
      ],
    },
    whichDocument: {
      patient: true,
      prompt: ['askWhichDocument'],
      back: { actions: ['dropPending'], target: 'documents' },
      on: [
        { guard: 'pickedDocument', actions: ['assignPendingToPicked'], target: 'placeMedia' },
        { guard: 'hasMedia', actions: ['receiveMoreMedia'], reprompt: true },
      ],
    },
    routeDocuments: {
      always: [{ guard: 'documentsMissing', target: 'documents' }, { target: 'summary' }],
    },
    summary: {
      prompt: ['showSummary'],
      help: 'request.help.summary',
      back: { target: 'chooseEdit' },
      on: [
        { guard: choice('confirm'), target: 'declaration' },
        { guard: choice('edit'), target: 'chooseEdit' },
        { guard: choice('discard'), actions: [said('request.discarded')], target: '#menu' },
      ],
    },
    chooseEdit: {
      prompt: ['askWhatToEdit'],
      back: { target: 'summary' },
      on: [
        { guard: 'pickedFieldToEdit', actions: ['startEditing'], target: 'askField' },
        { guard: choice('documents'), actions: ['clearDocuments'], target: 'documents' },
      ],
    },
    declaration: {
      prompt: ['askDeclaration'],
      help: 'request.help.declaration',
      back: { target: 'summary' },
      on: [
        { guard: choice('declare'), actions: ['submit'], target: 'done' },
        { guard: choice('review'), target: 'summary' },
      ],
    },
    done: { final: true },
  },
});
