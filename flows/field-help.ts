import { z } from 'zod';
import type { Profile, ServiceField } from '../src/config/profile-schema';
import { localized } from '../src/config/localized';
import { validateField } from '../src/domain/requests/validate-field';
import { choice, said } from '../src/engine/builtins';
import { askChoice, askLocation, say } from '../src/engine/effects';
import type { ActionArgs } from '../src/engine/flow';
import { setup } from './setup';

/** Kinds of help answered as urgent: the person is told at once what to do if life is at risk. */
export const URGENT_KINDS: ReadonlySet<string> = new Set(['health']);

const FieldHelpContext = z.object({
  kind: z.string().nullable(),
  location: z.object({ latitude: z.number(), longitude: z.number() }).nullable(),
  /** Where they are, in their words, when they did not share a pin. */
  where: z.string().nullable(),
});
type FieldHelpContext = z.infer<typeof FieldHelpContext>;
type Args = ActionArgs<FieldHelpContext, Profile>;

const WHERE: ServiceField = {
  id: 'where',
  type: 'text',
  label: { ar: 'المكان' },
  required: true,
  maxLength: 300,
};
const DETAILS: ServiceField = {
  id: 'details',
  type: 'text',
  label: { ar: 'التفاصيل' },
  required: true,
  maxLength: 500,
};

const kindOf = ({ env, context }: Args) => env.profile.fieldHelp.kinds.find((k) => k.id === context.kind);
const check = (field: ServiceField, args: Args) => validateField(field, args.input?.text ?? '', undefined);

/**
 * Field help (pilgrims' associations): what help, where — a shared location pin, a place described
 * in words, or neither — and a few words of detail; then a `FLD-…` reference for the field
 * representatives on duty (the text says they were told only when one was). Health is urgent: the person is told at once to call the emergency
 * numbers if life is at risk, and the call is flagged urgent. Offered when `features.fieldHelp` is on.
 */
export const fieldHelpFlow = setup({
  contextSchema: FieldHelpContext,
  guards: {
    unavailable: ({ env }) => !env.profile.features.fieldHelp,
    pickedKind: ({ env, input }) =>
      env.profile.fieldHelp.kinds.some((k) => `kind:${k.id}` === input?.choiceId),
    answered: ({ input }) => !!input && input.text.trim().length > 0,
    placeDescribed: (args) => check(WHERE, args).ok,
    detailsGiven: (args) => check(DETAILS, args).ok,
  },
  actions: {
    askKind: ({ env }) => [
      askChoice(
        'fieldHelp.chooseKind',
        env.profile.fieldHelp.kinds.map((k) => ({ id: `kind:${k.id}`, label: localized(k.name, env.lang) })),
      ),
    ],
    keepKind: ({ context, input }) => {
      const kind = (input?.choiceId ?? '').replace(/^kind:/, '');
      return {
        context: { ...context, kind },
        effects: URGENT_KINDS.has(kind) ? [say('fieldHelp.urgent')] : [],
      };
    },
    askWhere: () => [
      askLocation('fieldHelp.askLocation'),
      askChoice('fieldHelp.orSkip', [{ id: 'skip', key: 'fieldHelp.skip' }]),
    ],
    keepPin: ({ context, input }) => ({
      context: input?.location
        ? {
            ...context,
            location: { latitude: input.location.latitude, longitude: input.location.longitude },
            where: input.location.label ?? null,
          }
        : context,
      effects: [say('fieldHelp.pinReceived')],
    }),
    keepWhere: (args) => {
      const where = check(WHERE, args);
      return where.ok ? { context: { ...args.context, where: String(where.value), location: null } } : {};
    },
    forgetPlace: ({ context }) => ({ context: { ...context, location: null, where: null } }),
    explainWhere: (args) => {
      const where = check(WHERE, args);
      return where.ok ? [] : [say(where.reason, where.params)];
    },
    askDetails: (args) => [
      say('fieldHelp.askDetails', { kind: localized(kindOf(args)?.name ?? { ar: '-' }, args.env.lang) }),
    ],
    explainDetails: (args) => {
      const details = check(DETAILS, args);
      return details.ok ? [] : [say(details.reason, details.params)];
    },
    submit: (args) => {
      const details = check(DETAILS, args);
      const { context } = args;
      if (!details.ok || !context.kind) return [];
      const urgent = URGENT_KINDS.has(context.kind);
      return [
        {
          type: 'createRecord',
          kind: 'fieldHelp',
          as: 'help',
          data: {
            kind: context.kind,
            urgent,
            location: context.location,
            where: context.where,
            details: String(details.value),
          },
        },
        // `told` is `told` when a field representative on duty was alerted: only then does the text say
        // so; otherwise (`nobody`) it says the call is recorded and how to reach the association now.
        say(urgent ? 'fieldHelp.submittedUrgent' : 'fieldHelp.submitted', {
          ref: '$help.ref',
          phone: args.env.profile.association.phone ?? '-',
          context: '$help.told',
        }),
      ];
    },
  },
}).flow({
  id: 'field-help',
  version: 1,
  initial: 'chooseKind',
  menu: { key: 'menu.fieldHelp', order: 9 },
  available: (profile) => profile.features.fieldHelp,
  createContext: () => ({ kind: null, location: null, where: null }),
  states: {
    chooseKind: {
      always: [
        {
          guard: 'unavailable',
          actions: [said('fieldHelp.unavailable')],
          target: '#menu',
          description: 'not offered',
        },
      ],
      prompt: ['askKind'],
      help: 'fieldHelp.help.kind',
      on: [{ guard: 'pickedKind', actions: ['keepKind'], target: 'askLocation' }],
    },
    askLocation: {
      prompt: ['askWhere'],
      help: 'fieldHelp.help.location',
      back: { actions: ['forgetPlace'], target: 'chooseKind' },
      on: [
        { guard: 'hasLocation', actions: ['keepPin'], target: 'askDetails' },
        { guard: choice('skip'), target: 'askDetails' },
        { guard: 'placeDescribed', actions: ['keepWhere'], target: 'askDetails' },
        { guard: 'hasMedia', actions: [said('fieldHelp.invalid.photoNotPlace')], reprompt: true },
        { guard: 'answered', actions: ['explainWhere'], reprompt: true },
      ],
    },
    askDetails: {
      prompt: ['askDetails'],
      help: 'fieldHelp.help.details',
      back: { actions: ['forgetPlace'], target: 'askLocation' },
      on: [
        { guard: 'detailsGiven', actions: ['submit'], target: 'done' },
        { guard: 'answered', actions: ['explainDetails'], reprompt: true },
      ],
    },
    done: { final: true },
  },
});
