import { z } from 'zod';
import type { Profile } from '../src/config/profile-schema';
import { localized } from '../src/config/localized';
import type { InboundMedia } from '../src/domain/inbound-message';
import { choice, said } from '../src/engine/builtins';
import { askChoice, say, type Effect } from '../src/engine/effects';
import type { ActionArgs } from '../src/engine/flow';
import { setup } from './setup';

export const TICKET_KINDS = ['complaint', 'suggestion', 'compensation'] as const;
export type TicketKind = (typeof TICKET_KINDS)[number];

/** A file the person attached, as the document store keeps it. */
const Attachment = z.object({
  ref: z.string(),
  sha256: z.string(),
  mimeType: z.string(),
  sizeBytes: z.number(),
  fileName: z.string().optional(),
});
type Attachment = z.infer<typeof Attachment>;

const ComplaintContext = z.object({
  kind: z.enum(TICKET_KINDS).nullable(),
  categoryId: z.string().nullable(),
  description: z.string().nullable(),
  attachments: z.array(Attachment),
  /** The person finished with attachments (sent some, or chose to go on without). */
  attachmentsDone: z.boolean(),
  /** Suggestions only: sent without the person's name; null until asked. */
  anonymous: z.boolean().nullable(),
});
type ComplaintContext = z.infer<typeof ComplaintContext>;
type Args<Params = unknown> = ActionArgs<ComplaintContext, Profile, Params>;

/** Longest description kept: a page of text, enough for any account of what happened. */
export const DESCRIPTION_MAX = 2000;
/** Fewer letters than this is not yet a description («سيء» is three and says something). */
const DESCRIPTION_MIN_LETTERS = 3;
export const ATTACHMENTS_MAX = 5;
export const ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024;
export const ATTACHMENT_TYPES: readonly string[] = ['image/jpeg', 'image/png', 'application/pdf'];
/** Kinds of media that are never a photo or a PDF, whatever their type says. */
const NOT_ATTACHABLE = new Set<InboundMedia['kind']>(['sticker', 'audio', 'voice', 'video']);

const LETTER = /\p{L}/gu;

/** Complaints and compensation claims are filed under a category; suggestions are not. */
export const needsCategory = (kind: TicketKind | null) => kind === 'complaint' || kind === 'compensation';

const KIND_KEYS: Record<TicketKind, string> = {
  complaint: 'complaint.kind.complaint',
  suggestion: 'complaint.kind.suggestion',
  compensation: 'complaint.kind.compensation',
};
const ASK_DESCRIPTION: Record<TicketKind, string> = {
  complaint: 'complaint.askDescription.complaint',
  suggestion: 'complaint.askDescription.suggestion',
  compensation: 'complaint.askDescription.compensation',
};
const RECEIVED: Record<TicketKind, string> = {
  complaint: 'complaint.received.complaint',
  suggestion: 'complaint.received.suggestion',
  compensation: 'complaint.received.compensation',
};

const categoryOf = ({ env, context }: Args) =>
  env.profile.complaints.categories.find((c) => c.id === context.categoryId);

type DescriptionCheck = { ok: true; value: string } | { ok: false; reason: string; max?: number };

function checkDescription(text: string): DescriptionCheck {
  const trimmed = text.trim();
  const letters = trimmed.match(LETTER)?.length ?? 0;
  if (letters === 0) return { ok: false, reason: 'complaint.invalid.noLetters' };
  if (trimmed.length > DESCRIPTION_MAX)
    return { ok: false, reason: 'complaint.invalid.tooLong', max: DESCRIPTION_MAX };
  if (letters < DESCRIPTION_MIN_LETTERS) return { ok: false, reason: 'complaint.invalid.tooShort' };
  return { ok: true, value: trimmed };
}

/** Why a file cannot be attached, or the attachment it becomes. */
function toAttachment(media: InboundMedia): Attachment | { reason: string } {
  if (NOT_ATTACHABLE.has(media.kind)) return { reason: 'complaint.attachments.wrongType' };
  if (media.note === 'too-large') return { reason: 'complaint.attachments.tooBig' };
  if (media.note === 'unsupported-type') return { reason: 'complaint.attachments.wrongType' };
  if (!media.ref || media.sizeBytes === undefined || !media.mimeType)
    return { reason: 'complaint.attachments.unreadable' };
  if (!ATTACHMENT_TYPES.includes(media.mimeType)) return { reason: 'complaint.attachments.wrongType' };
  if (media.sizeBytes > ATTACHMENT_MAX_BYTES) return { reason: 'complaint.attachments.tooBig' };
  return {
    ref: media.ref,
    sha256: media.sha256 ?? media.ref,
    mimeType: media.mimeType,
    sizeBytes: media.sizeBytes,
    ...(media.fileName ? { fileName: media.fileName } : {}),
  };
}

/**
 * Complaint, suggestion or compensation claim (`شكوى / اقتراح / مطالبة بتعويض`): the type, a category
 * for complaints and claims, a description in words, optional photos or PDFs, anonymity for
 * suggestions, then a summary to confirm. Nothing reaches a committee before the confirmation. The
 * ticket goes to the follow-up committee, or the investigation committee for a compensation claim.
 */
export const complaintFlow = setup({
  contextSchema: ComplaintContext,
  guards: {
    pickedKind: ({ input }) => TICKET_KINDS.some((k) => `kind:${k}` === input?.choiceId),
    kindMissing: ({ context }) => context.kind === null,
    kindNeedsCategory: ({ context }) => needsCategory(context.kind),
    categoryMissing: (args) => needsCategory(args.context.kind) && categoryOf(args) === undefined,
    pickedCategory: ({ env, input }) =>
      env.profile.complaints.categories.some((c) => `category:${c.id}` === input?.choiceId),
    descriptionMissing: ({ context }) => context.description === null,
    validDescription: ({ input }) => !!input && checkDescription(input.text).ok,
    answered: ({ input }) => !!input && input.text.trim().length > 0,
    attachmentsOpen: ({ context }) => !context.attachmentsDone,
    anonymityOpen: ({ context }) => context.kind === 'suggestion' && context.anonymous === null,
  },
  actions: {
    askKind: () => [
      askChoice(
        'complaint.chooseKind',
        TICKET_KINDS.map((k) => ({ id: `kind:${k}`, key: KIND_KEYS[k] })),
      ),
    ],
    setKind: ({ context, input }) => {
      const kind = TICKET_KINDS.find((k) => `kind:${k}` === input?.choiceId) ?? null;
      // A new type asks its own questions again: its category, and anonymity for a suggestion.
      return { context: { ...context, kind, categoryId: null, anonymous: null } };
    },
    clearKind: ({ context }) => ({ context: { ...context, kind: null, categoryId: null, anonymous: null } }),
    askCategory: ({ env }) => [
      askChoice(
        'complaint.chooseCategory',
        env.profile.complaints.categories.map((c) => ({
          id: `category:${c.id}`,
          label: localized(c.name, env.lang),
        })),
      ),
    ],
    setCategory: ({ context, input }) => ({
      context: { ...context, categoryId: (input?.choiceId ?? '').replace(/^category:/, '') },
    }),
    clearCategory: ({ context }) => ({ context: { ...context, categoryId: null } }),
    askDescription: ({ context }) => [
      say(ASK_DESCRIPTION[context.kind ?? 'complaint'], { max: DESCRIPTION_MAX }),
    ],
    explainDescription: ({ input }) => {
      const check = checkDescription(input?.text ?? '');
      if (check.ok) return [];
      return [check.max ? say(check.reason, { max: check.max }) : say(check.reason)];
    },
    saveDescription: ({ context, input }) => {
      const check = checkDescription(input?.text ?? '');
      return check.ok ? { context: { ...context, description: check.value } } : {};
    },
    clearDescription: ({ context }) => ({ context: { ...context, description: null } }),
    askAttachments: ({ context }) => {
      const count = context.attachments.length;
      if (count === 0) {
        return [
          askChoice('complaint.attachments.ask', [{ id: 'done', key: 'complaint.attachments.skip' }], {
            max: ATTACHMENTS_MAX,
          }),
        ];
      }
      return [
        say('complaint.attachments.received', { count }),
        askChoice('complaint.attachments.askMore', [{ id: 'done', key: 'complaint.attachments.continue' }], {
          max: ATTACHMENTS_MAX,
        }),
      ];
    },
    receiveAttachments: ({ context, input }) => {
      const attachments = [...context.attachments];
      const effects: Effect[] = [];
      for (const media of input?.media ?? []) {
        const result = toAttachment(media);
        if ('reason' in result) {
          effects.push(
            result.reason === 'complaint.attachments.tooBig'
              ? say(result.reason, { maxMb: ATTACHMENT_MAX_BYTES / 1048576 })
              : say(result.reason),
          );
        } else if (attachments.some((a) => a.sha256 === result.sha256)) {
          effects.push(say('complaint.attachments.duplicate'));
        } else if (attachments.length >= ATTACHMENTS_MAX) {
          effects.push(say('complaint.attachments.full', { max: ATTACHMENTS_MAX }));
        } else {
          attachments.push(result);
        }
      }
      return { context: { ...context, attachments }, effects };
    },
    finishAttachments: ({ context }) => ({ context: { ...context, attachmentsDone: true } }),
    reopenAttachments: ({ context }) => ({ context: { ...context, attachmentsDone: false } }),
    clearAttachments: ({ context }) => ({ context: { ...context, attachments: [], attachmentsDone: false } }),
    askAnonymity: () => [
      askChoice('complaint.askAnonymous', [
        { id: 'named', key: 'complaint.named' },
        { id: 'anonymous', key: 'complaint.anonymous' },
      ]),
    ],
    setAnonymous: ({ context, params }: Args<{ on: boolean }>) => ({
      context: { ...context, anonymous: params.on },
    }),
    clearAnonymity: ({ context }) => ({ context: { ...context, anonymous: null } }),
    showSummary: (args) => {
      const { context, env } = args;
      if (!context.kind || context.description === null) return [];
      const category = categoryOf(args);
      const effects: Effect[] = [
        category
          ? say('complaint.summary', {
              kind: env.t(KIND_KEYS[context.kind]),
              category: localized(category.name, env.lang),
            })
          : say('complaint.summaryNoCategory', { kind: env.t(KIND_KEYS[context.kind]) }),
        // The person's own words go out as they wrote them: never through a template that could
        // reorder a mixed Arabic and Latin text.
        { type: 'sayText', text: context.description },
        say('complaint.summaryAttachments', { count: context.attachments.length }),
      ];
      if (context.kind === 'suggestion') {
        effects.push(say(context.anonymous ? 'complaint.summaryAnonymous' : 'complaint.summaryNamed'));
      }
      effects.push(
        askChoice('complaint.summaryQuestion', [
          { id: 'send', key: 'complaint.send', means: 'yes' },
          { id: 'edit', key: 'complaint.edit' },
          { id: 'discard', key: 'complaint.discard' },
        ]),
      );
      return effects;
    },
    askWhatToEdit: ({ context }) => [
      askChoice('complaint.whatToEdit', [
        { id: 'kind', key: 'complaint.editKind' },
        ...(needsCategory(context.kind) ? [{ id: 'category', key: 'complaint.editCategory' }] : []),
        { id: 'description', key: 'complaint.editDescription' },
        { id: 'attachments', key: 'complaint.editAttachments' },
        ...(context.kind === 'suggestion' ? [{ id: 'anonymity', key: 'complaint.editAnonymity' }] : []),
      ]),
    ],
    submit: (args) => {
      const { context } = args;
      if (!context.kind || context.description === null) return [];
      const kind = context.kind;
      const anonymous = kind === 'suggestion' && context.anonymous === true;
      const due = {
        ref: '$ticket.ref',
        count: '$ticket.days',
        dueHijri: '$ticket.dueHijri',
        dueGregorian: '$ticket.dueGregorian',
      };
      return [
        {
          type: 'createRecord',
          kind: 'complaint',
          as: 'ticket',
          data: {
            kind,
            categoryId: needsCategory(kind) ? (categoryOf(args)?.id ?? null) : null,
            description: context.description,
            attachments: context.attachments,
            anonymous,
          },
        },
        say(RECEIVED[kind]),
        anonymous ? say('complaint.anonymousTicket', { ref: '$ticket.ref' }) : say('complaint.ticket', due),
        say(kind === 'compensation' ? 'complaint.routed.investigation' : 'complaint.routed.followUp'),
        ...(anonymous ? [] : [say('complaint.followInStatus')]),
      ];
    },
  },
}).flow({
  id: 'complaint',
  version: 1,
  initial: 'route',
  menu: { key: 'menu.complaint', order: 4 },
  // «أبي أقدم اقتراح» typed at the menu starts with its kind chosen.
  createContext: (_env, payload) => ({
    kind: TICKET_KINDS.find((k) => k === payload?.kind) ?? null,
    categoryId: null,
    description: null,
    attachments: [],
    attachmentsDone: false,
    anonymous: null,
  }),
  states: {
    chooseKind: {
      prompt: ['askKind'],
      help: 'complaint.help.chooseKind',
      on: [{ guard: 'pickedKind', actions: ['setKind'], target: 'route' }],
    },
    /** The next question that has no answer yet; after a correction, straight back to the summary. */
    route: {
      always: [
        { guard: 'kindMissing', target: 'chooseKind' },
        { guard: 'categoryMissing', target: 'chooseCategory' },
        { guard: 'descriptionMissing', target: 'describe' },
        { guard: 'attachmentsOpen', target: 'attachments' },
        { guard: 'anonymityOpen', target: 'anonymity' },
        { target: 'summary' },
      ],
    },
    chooseCategory: {
      prompt: ['askCategory'],
      help: 'complaint.help.chooseCategory',
      back: { actions: ['clearKind'], target: 'chooseKind' },
      on: [{ guard: 'pickedCategory', actions: ['setCategory'], target: 'route' }],
    },
    describe: {
      prompt: ['askDescription'],
      help: 'complaint.help.describe',
      back: { target: 'beforeDescribe' },
      on: [
        { guard: 'validDescription', actions: ['saveDescription'], target: 'route' },
        { guard: 'hasMedia', actions: [said('complaint.invalid.fileFirst')], reprompt: true },
        { guard: 'answered', actions: ['explainDescription'], reprompt: true },
      ],
    },
    /** "Back" from the description: to the category, or to the type when there is none. */
    beforeDescribe: {
      always: [
        { guard: 'kindNeedsCategory', actions: ['clearCategory'], target: 'chooseCategory' },
        { actions: ['clearKind'], target: 'chooseKind' },
      ],
    },
    attachments: {
      prompt: ['askAttachments'],
      help: 'complaint.help.attachments',
      back: { target: 'describe' },
      on: [
        { guard: 'hasMedia', actions: ['receiveAttachments'], reprompt: true },
        { guard: choice('done'), actions: ['finishAttachments'], target: 'route' },
        { guard: 'answered', actions: [said('complaint.attachments.expected')], reprompt: true },
      ],
    },
    anonymity: {
      prompt: ['askAnonymity'],
      help: 'complaint.help.anonymity',
      back: { actions: ['reopenAttachments'], target: 'attachments' },
      on: [
        {
          guard: choice('named'),
          actions: [{ type: 'setAnonymous', params: { on: false } }],
          target: 'route',
        },
        {
          guard: choice('anonymous'),
          actions: [{ type: 'setAnonymous', params: { on: true } }],
          target: 'route',
        },
      ],
    },
    summary: {
      prompt: ['showSummary'],
      help: 'complaint.help.summary',
      back: { target: 'chooseEdit' },
      on: [
        { guard: choice('send'), actions: ['submit'], target: 'done' },
        { guard: choice('edit'), target: 'chooseEdit' },
        { guard: choice('discard'), actions: [said('complaint.discarded')], target: '#menu' },
      ],
    },
    chooseEdit: {
      prompt: ['askWhatToEdit'],
      back: { target: 'summary' },
      on: [
        { guard: choice('kind'), actions: ['clearKind'], target: 'route' },
        { guard: choice('category'), actions: ['clearCategory'], target: 'route' },
        { guard: choice('description'), actions: ['clearDescription'], target: 'route' },
        { guard: choice('attachments'), actions: ['clearAttachments'], target: 'route' },
        { guard: choice('anonymity'), actions: ['clearAnonymity'], target: 'route' },
      ],
    },
    done: { final: true },
  },
});
