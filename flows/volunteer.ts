import { z } from 'zod';
import type { Profile, ServiceField } from '../src/config/profile-schema';
import { validateField } from '../src/domain/requests/validate-field';
import { choice, said } from '../src/engine/builtins';
import { askChoice, say } from '../src/engine/effects';
import type { ActionArgs } from '../src/engine/flow';
import { setup } from './setup';

export const AVAILABILITY = ['weekdays', 'weekends', 'seasons', 'flexible'] as const;
type Availability = (typeof AVAILABILITY)[number];

const QUESTIONS = ['fullName', 'mobile', 'city', 'availability', 'skills'] as const;
type Question = (typeof QUESTIONS)[number];
/** The questions answered by typing (availability is a choice). */
type TypedQuestion = Exclude<Question, 'availability'>;

const VolunteerContext = z.object({
  fullName: z.string().nullable(),
  mobile: z.string().nullable(),
  city: z.string().nullable(),
  availability: z.enum(AVAILABILITY).nullable(),
  skills: z.string().nullable(),
  /** A correction from the summary: after the answer, back to the summary. */
  editing: z.boolean(),
});
type VolunteerContext = z.infer<typeof VolunteerContext>;
type Args<Params = unknown> = ActionArgs<VolunteerContext, Profile, Params>;

/** The typed answers, checked as service-request fields are (same reasons, same limits). */
const FIELDS: Record<TypedQuestion, ServiceField> = {
  fullName: { id: 'full-name', type: 'text', label: { ar: 'الاسم' }, required: true, maxLength: 100 },
  mobile: { id: 'mobile', type: 'mobile', label: { ar: 'الجوال' }, required: true },
  city: { id: 'city', type: 'city', label: { ar: 'المدينة' }, required: true },
  skills: { id: 'skills', type: 'text', label: { ar: 'المهارات' }, required: true, maxLength: 500 },
};
const AVAILABILITY_KEYS: Record<Availability, string> = {
  weekdays: 'volunteer.availability.weekdays',
  weekends: 'volunteer.availability.weekends',
  seasons: 'volunteer.availability.seasons',
  flexible: 'volunteer.availability.flexible',
};
const QUESTION_KEYS: Record<Question, string> = {
  fullName: 'volunteer.field.fullName',
  mobile: 'volunteer.field.mobile',
  city: 'volunteer.field.city',
  availability: 'volunteer.field.availability',
  skills: 'volunteer.field.skills',
};
const ASK_KEYS: Record<Question, string> = {
  fullName: 'volunteer.ask.fullName',
  mobile: 'volunteer.ask.mobile',
  city: 'volunteer.ask.city',
  availability: 'volunteer.ask.availability',
  skills: 'volunteer.ask.skills',
};
const STATE_OF = {
  fullName: 'askName',
  mobile: 'askMobile',
  city: 'askCity',
  availability: 'askAvailability',
  skills: 'askSkills',
} as const satisfies Record<Question, string>;

/**
 * A typed question: a valid answer is kept and the flow moves on; anything else is re-asked with a
 * reason. `as const` keeps its names literal, so tsc checks them (and `back`) in the flow that uses it.
 */
function typedQuestion<const Back extends string>(field: TypedQuestion, back: Back) {
  return {
    prompt: [{ type: 'ask', params: { field } }],
    help: 'volunteer.help.field',
    back: { target: back },
    on: [
      {
        guard: { type: 'valid', params: { field } },
        actions: [{ type: 'keep', params: { field } }],
        target: 'next',
      },
      { guard: 'answered', actions: [{ type: 'explain', params: { field } }], reprompt: true },
    ],
  } as const;
}

/**
 * Volunteer sign-up (`التطوع`): name, mobile, city, when they can give time, and their skills; a
 * summary to correct, then a `VOL-…` reference. The sign-up goes to the volunteering coordinator
 * (see `routeVolunteer`). Offered when the profile enables `features.volunteering`.
 */
export const volunteerFlow = setup({
  contextSchema: VolunteerContext,
  guards: {
    unavailable: ({ env }) => !env.profile.features.volunteering,
    answered: ({ input }) => !!input && input.text.trim().length > 0,
    valid: ({ input, params }: Args<{ field: TypedQuestion }>) =>
      !!input && validateField(FIELDS[params.field], input.text, undefined).ok,
    pickedAvailability: ({ input }) => AVAILABILITY.some((a) => a === input?.choiceId),
    missing: ({ context, params }: Args<{ field: Question }>) => context[params.field] === null,
    editing: ({ context }) => context.editing,
  },
  actions: {
    showIntro: () => [
      say('volunteer.intro'),
      askChoice('volunteer.ready', [
        { id: 'start', key: 'volunteer.start', means: 'yes' },
        { id: 'later', key: 'volunteer.notNow', means: 'no' },
      ]),
    ],
    ask: ({ params }: Args<{ field: TypedQuestion }>) => [
      say(ASK_KEYS[params.field], { step: QUESTIONS.indexOf(params.field) + 1, total: QUESTIONS.length }),
    ],
    explain: ({ input, params }: Args<{ field: TypedQuestion }>) => {
      if (!input) return [];
      const check = validateField(FIELDS[params.field], input.text, undefined);
      return check.ok ? [] : [say(check.reason, check.params)];
    },
    keep: ({ input, params, context }: Args<{ field: TypedQuestion }>) => {
      if (!input) return {};
      const check = validateField(FIELDS[params.field], input.text, undefined);
      return check.ok ? { context: { ...context, [params.field]: String(check.value) } } : {};
    },
    askAvailability: () => [
      askChoice(
        'volunteer.ask.availability',
        AVAILABILITY.map((id) => ({ id, key: AVAILABILITY_KEYS[id] })),
        { step: QUESTIONS.indexOf('availability') + 1, total: QUESTIONS.length },
      ),
    ],
    keepAvailability: ({ input, context }) => {
      const picked = AVAILABILITY.find((a) => a === input?.choiceId);
      return picked ? { context: { ...context, availability: picked } } : {};
    },
    startEditing: ({ context }) => ({ context: { ...context, editing: true } }),
    stopEditing: ({ context }) => ({ context: { ...context, editing: false } }),
    showSummary: ({ context, env }) => [
      say('volunteer.summary', {
        fullName: context.fullName ?? '-',
        mobile: context.mobile ?? '-',
        city: context.city ?? '-',
        availability: context.availability ? env.t(AVAILABILITY_KEYS[context.availability]) : '-',
        skills: context.skills ?? '-',
      }),
      askChoice('volunteer.summaryQuestion', [
        { id: 'confirm', key: 'volunteer.confirm', means: 'yes' },
        { id: 'edit', key: 'volunteer.edit' },
        { id: 'discard', key: 'volunteer.discard' },
      ]),
    ],
    askWhatToEdit: () => [
      askChoice(
        'volunteer.whatToEdit',
        QUESTIONS.map((field) => ({ id: field, key: QUESTION_KEYS[field] })),
      ),
    ],
    submit: ({ context }) => [
      {
        type: 'createRecord',
        kind: 'volunteer',
        as: 'volunteer',
        data: {
          fullName: context.fullName,
          mobile: context.mobile,
          city: context.city,
          availability: context.availability,
          skills: context.skills,
        },
      },
      // `told` is `told` when the coordinator (or another staff member) received the sign-up, `nobody`
      // when it waits in the queue: the confirmation promises a call only in the first case.
      say('volunteer.submitted', { ref: '$volunteer.ref', context: '$volunteer.told' }),
    ],
  },
}).flow({
  id: 'volunteer',
  version: 1,
  initial: 'intro',
  menu: { key: 'menu.volunteer', order: 8 },
  available: (profile) => profile.features.volunteering,
  createContext: () => ({
    fullName: null,
    mobile: null,
    city: null,
    availability: null,
    skills: null,
    editing: false,
  }),
  states: {
    intro: {
      always: [
        {
          guard: 'unavailable',
          actions: [said('volunteer.unavailable')],
          target: '#menu',
          description: 'not offered',
        },
      ],
      prompt: ['showIntro'],
      help: 'volunteer.help.intro',
      on: [
        { guard: choice('start'), target: 'askName' },
        { guard: choice('later'), actions: [said('volunteer.later')], target: '#menu' },
      ],
    },
    askName: typedQuestion('fullName', 'intro'),
    askMobile: typedQuestion('mobile', 'askName'),
    askCity: typedQuestion('city', 'askMobile'),
    askAvailability: {
      prompt: ['askAvailability'],
      help: 'volunteer.help.field',
      back: { target: 'askCity' },
      on: [{ guard: 'pickedAvailability', actions: ['keepAvailability'], target: 'next' }],
    },
    askSkills: typedQuestion('skills', 'askAvailability'),
    next: {
      always: [
        { guard: 'editing', actions: ['stopEditing'], target: 'summary', description: 'correction made' },
        ...QUESTIONS.map(
          (field) => ({ guard: { type: 'missing', params: { field } }, target: STATE_OF[field] }) as const,
        ),
        { target: 'summary' },
      ],
    },
    summary: {
      prompt: ['showSummary'],
      help: 'volunteer.help.summary',
      back: { target: 'chooseEdit' },
      on: [
        { guard: choice('confirm'), actions: ['submit'], target: 'done' },
        { guard: choice('edit'), target: 'chooseEdit' },
        { guard: choice('discard'), actions: [said('volunteer.discarded')], target: '#menu' },
      ],
    },
    chooseEdit: {
      prompt: ['askWhatToEdit'],
      back: { target: 'summary' },
      on: QUESTIONS.map(
        (field) => ({ guard: choice(field), actions: ['startEditing'], target: STATE_OF[field] }) as const,
      ),
    },
    done: { final: true },
  },
});
