import { z } from 'zod';
import type { Profile } from '../src/config/profile-schema';
import { localized } from '../src/config/localized';
import { formatDeadline } from '../src/domain/calendar/format-date';
import { formatTimeOfDay } from '../src/domain/calendar/format-time';
import { describeWorkingWeek } from '../src/domain/calendar/working-week';
import { WorkingCalendar } from '../src/domain/calendar/working-calendar';
import { choice, said } from '../src/engine/builtins';
import { askChoice, say, type Effect } from '../src/engine/effects';
import type { ActionArgs } from '../src/engine/flow';
import { setup } from './setup';

const HandoffContext = z.object({
  category: z.string().nullable(),
  reason: z.string(),
  /**
   * When staff are back (ISO instant) as last told to the person: each out-of-hours period is
   * announced once, however many messages the person writes in it.
   */
  toldUntil: z.string().nullable(),
});
type HandoffContext = z.infer<typeof HandoffContext>;
type Args = ActionArgs<HandoffContext, Profile>;

/** Longest "what is it about": a line for staff to triage by; the details come in the conversation. */
export const MAX_REASON = 500;

/** Staff may take days to answer over a weekend or Eid: the conversation waits for them, not 60 minutes. */
const HANDOFF_IDLE_MINUTES = 14 * 24 * 60;

const calendars = new WeakMap<Profile, WorkingCalendar>();

/** One working calendar per loaded profile, shared by every conversation. */
function calendarOf(profile: Profile): WorkingCalendar {
  let calendar = calendars.get(profile);
  if (!calendar) {
    calendar = new WorkingCalendar(profile.calendar);
    calendars.set(profile, calendar);
  }
  return calendar;
}

/** When staff are next at work, or undefined while they are. */
function staffBackAt({ env }: Args): Date | undefined {
  const calendar = calendarOf(env.profile);
  return calendar.isWithinWorkingHours(env.now) ? undefined : calendar.nextWorkingTime(env.now);
}

/**
 * "We are closed; staff are back on <Hijri> (<Gregorian>) at <time>", once per closed period. `reach`
 * (a record output, `$handoff.reach`) picks the variant that promises no reply when nobody can receive it.
 */
function outOfHoursNotice(
  args: Args,
  back: Date,
  reach?: string,
): { context: HandoffContext; effects: Effect[] } {
  const { env, context } = args;
  const timeZone = env.profile.calendar.timeZone;
  const digits = env.profile.languages.arabicDigits;
  const day = formatDeadline(back.toISOString(), env.lang, timeZone, digits);
  return {
    context: { ...context, toldUntil: back.toISOString() },
    effects: [
      say('handoff.outOfHours', {
        dayHijri: day.hijri,
        dayGregorian: day.gregorian,
        time: formatTimeOfDay(back, env.lang, timeZone, digits),
        ...(reach ? { context: reach } : {}),
      }),
    ],
  };
}

/**
 * Ending the conversation with staff from the chat: recorded, then the menu. `as const` keeps its names
 * literal, so tsc checks them where it is used.
 */
const endHandoff = { actions: ['endHandoff'], target: '#menu' } as const;

/**
 * Talk to a person (`التحدث مع موظف`): asks briefly what it is about (a category from the profile, a
 * line of text, or skip), opens a handoff routed to the category's liaison officer, and tells the person
 * a staff member will reply here (or, when no officer, volunteer or staff group can receive it, that the
 * request is recorded and when staff work, without promising a reply). While it is open the bot stays quiet: every message is recorded for
 * staff with no automatic reply, except once per out-of-hours period to say when staff are back. "Menu"
 * or "cancel" ask before ending the conversation with staff. Staff close it with `closeHandoff`
 * (src/conversation/close-handoff.ts), which moves the conversation on to the survey offer or the menu.
 */
export const handoffFlow = setup({
  contextSchema: HandoffContext,
  guards: {
    handoffOpen: ({ env }) => env.beneficiary.openHandoff !== null,
    handoffClosed: ({ env }) => env.beneficiary.openHandoff === null,
    pickedCategory: ({ input, env }) =>
      env.profile.categories.some((c) => `category:${c.id}` === input?.choiceId),
    fitsReason: ({ input }) =>
      !!input &&
      input.choiceId === undefined &&
      /[\p{L}\p{N}]/u.test(input.normalized) &&
      input.text.trim().length <= MAX_REASON,
    nothingToRecord: ({ input }) =>
      !input || (input.text.trim() === '' && input.media.length === 0 && !input.location),
    outOfHoursUntold: (args) => {
      const back = staffBackAt(args);
      return back !== undefined && back.toISOString() !== args.context.toldUntil;
    },
  },
  actions: {
    sayAlreadyOpen: ({ env }) => [
      say('handoff.alreadyOpen', { ref: env.beneficiary.openHandoff?.reference ?? '-' }),
    ],
    askAbout: ({ env }) => [
      askChoice('handoff.about', [
        ...env.profile.categories.map((c) => ({
          id: `category:${c.id}`,
          label: localized(c.name, env.lang),
        })),
        { id: 'skip', key: 'handoff.skip' },
      ]),
    ],
    setCategory: ({ context, input }) => ({
      context: { ...context, category: (input?.choiceId ?? '').slice('category:'.length) },
    }),
    setReason: ({ context, input }) => ({ context: { ...context, reason: input?.text.trim() ?? '' } }),
    openHandoff: (args) => {
      const { context } = args;
      const effects: Effect[] = [
        {
          type: 'createRecord',
          kind: 'handoff',
          as: 'handoff',
          data: { category: context.category, reason: context.reason },
        },
        // Said only when someone can receive it (`reach`): else the variant that promises no one's reply.
        say('handoff.opened', {
          ref: '$handoff.ref',
          context: '$handoff.reach',
          ...describeWorkingWeek(
            args.env.profile.calendar,
            args.env.lang,
            args.env.profile.languages.arabicDigits,
          ),
        }),
      ];
      const back = staffBackAt(args);
      if (!back) return { effects };
      const notice = outOfHoursNotice(args, back, '$handoff.reach');
      return { context: notice.context, effects: [...effects, ...notice.effects] };
    },
    recordMessage: ({ input, env }) => {
      if (!input) return [];
      return [
        {
          type: 'createRecord',
          kind: 'handoffMessage',
          data: {
            reference: env.beneficiary.openHandoff?.reference ?? null,
            text: input.text,
            media: input.media,
            location: input.location ?? null,
            channelMessageId: input.channelMessageId,
          },
        },
      ];
    },
    tellOutOfHours: (args) => {
      const back = staffBackAt(args);
      return back ? outOfHoursNotice(args, back) : {};
    },
    askEnd: () => [
      askChoice('handoff.confirmEnd', [
        { id: 'end', key: 'handoff.end', means: 'yes' },
        { id: 'stay', key: 'handoff.stay', means: 'no' },
      ]),
    ],
    endHandoff: ({ env }) => [
      {
        type: 'createRecord',
        kind: 'handoffEnded',
        data: { reference: env.beneficiary.openHandoff?.reference ?? null },
      },
      say('handoff.ended'),
    ],
  },
}).flow({
  id: 'handoff',
  version: 1,
  initial: 'start',
  menu: { key: 'menu.handoff', order: 6 },
  idleMinutes: HANDOFF_IDLE_MINUTES,
  createContext: () => ({ category: null, reason: '', toldUntil: null }),
  states: {
    start: {
      always: [
        {
          guard: 'handoffOpen',
          actions: ['sayAlreadyOpen'],
          target: 'waiting',
          description: 'already talking to staff',
        },
        { target: 'about' },
      ],
    },
    about: {
      prompt: ['askAbout'],
      help: 'handoff.help.about',
      on: [
        { guard: 'pickedCategory', actions: ['setCategory'], target: 'open' },
        { guard: choice('skip'), target: 'open' },
        { guard: 'fitsReason', actions: ['setReason'], target: 'open' },
        { guard: 'hasText', actions: [said('handoff.reasonTooLong', { max: MAX_REASON })], reprompt: true },
        { guard: 'hasMedia', actions: [said('handoff.fileLater')], reprompt: true },
      ],
    },
    open: {
      always: [{ actions: ['openHandoff'], target: 'waiting' }],
    },
    waiting: {
      // Everything here is for staff: no returned salaam, no reading of intents.
      quiet: true,
      prompt: [said('handoff.waiting')],
      help: 'handoff.help.waiting',
      words: {
        menu: { target: 'confirmEnd', description: 'ask before leaving staff' },
        cancel: { target: 'confirmEnd', description: 'ask before leaving staff' },
      },
      on: [
        {
          guard: 'handoffClosed',
          actions: [said('handoff.noLongerOpen')],
          target: '#menu',
          description: 'closed elsewhere',
        },
        { guard: 'nothingToRecord', description: 'empty: nothing for staff, no reply' },
        {
          guard: 'outOfHoursUntold',
          actions: ['recordMessage', 'tellOutOfHours'],
          description: 'recorded; when staff are back, once',
        },
        { actions: ['recordMessage'], description: 'recorded for staff, no reply' },
      ],
    },
    confirmEnd: {
      prompt: ['askEnd'],
      help: 'handoff.help.confirmEnd',
      back: { target: 'waiting' },
      // Saying "menu" or "cancel" again answers the question.
      words: { menu: endHandoff, cancel: endHandoff },
      on: [
        { guard: choice('end'), ...endHandoff },
        { guard: choice('stay'), target: 'waiting' },
      ],
    },
  },
});
