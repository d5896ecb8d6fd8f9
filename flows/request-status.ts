import { z } from 'zod';
import type { Profile } from '../src/config/profile-schema';
import { localized } from '../src/config/localized';
import type { CaseSummary } from '../src/domain/beneficiary-facts';
import { formatDeadline } from '../src/domain/calendar/format-date';
import { WorkingCalendar } from '../src/domain/calendar/working-calendar';
import { parseReference } from '../src/cases/rules/reference';
import { toLatinDigits } from '../src/domain/text/arabic-normalise';
import { choice, said } from '../src/engine/builtins';
import { askChoice, say, type Effect } from '../src/engine/effects';
import type { ActionArgs, FlowEnv } from '../src/engine/flow';
import { waitingForInfo } from './request-info';
import { setup } from './setup';

const StatusContext = z.object({
  /** The reference of the case shown in the details view. */
  selected: z.string().nullable(),
});
type StatusContext = z.infer<typeof StatusContext>;
type Args = ActionArgs<StatusContext, Profile>;
type Env = FlowEnv<Profile>;

interface StatusText {
  /** The status in words. */
  word: string;
  /** What happens next, from the person's side. */
  next: string;
  /** Still waiting for the association: the due date matters and may be overdue. */
  waiting: boolean;
}

/**
 * Every status a case can have (requests, complaints, data requests), in words. Statuses come from
 * the store, so an unknown one still reads sensibly rather than showing a code.
 */
const STATUS_TEXTS: Record<string, StatusText> = {
  draft: { word: 'status.state.draft', next: 'status.next.draft', waiting: false },
  submitted: { word: 'status.state.submitted', next: 'status.next.submitted', waiting: true },
  under_review: { word: 'status.state.underReview', next: 'status.next.underReview', waiting: true },
  needs_info: { word: 'status.state.needsInfo', next: 'status.next.needsInfo', waiting: true },
  approved: { word: 'status.state.approved', next: 'status.next.approved', waiting: false },
  rejected: { word: 'status.state.rejected', next: 'status.next.rejected', waiting: false },
  delivered: { word: 'status.state.delivered', next: 'status.next.delivered', waiting: false },
  closed: { word: 'status.state.closed', next: 'status.next.closed', waiting: false },
  open: { word: 'status.state.open', next: 'status.next.open', waiting: true },
  assigned: { word: 'status.state.assigned', next: 'status.next.assigned', waiting: true },
  resolved: { word: 'status.state.resolved', next: 'status.next.resolved', waiting: false },
  escalated: { word: 'status.state.escalated', next: 'status.next.escalated', waiting: true },
  completed: { word: 'status.state.completed', next: 'status.next.completed', waiting: false },
  refused: { word: 'status.state.refused', next: 'status.next.refused', waiting: false },
};
const UNKNOWN_STATUS: StatusText = {
  word: 'status.state.unknown',
  next: 'status.next.unknown',
  waiting: false,
};
const statusText = (status: string): StatusText =>
  Object.hasOwn(STATUS_TEXTS, status) ? (STATUS_TEXTS[status] ?? UNKNOWN_STATUS) : UNKNOWN_STATUS;

const KIND_KEYS: Record<CaseSummary['kind'], string> = {
  request: 'status.kind.request',
  complaint: 'status.kind.complaint',
  suggestion: 'status.kind.suggestion',
  compensation: 'status.kind.compensation',
  deletion: 'status.kind.deletion',
  correction: 'status.kind.correction',
};

/** A service or category name longer than this is cut in the list, so a choice stays one line. */
const WHAT_MAX = 40;
/** The longest choice label a channel accepts (`Choice` in outbound-message.ts). */
const LABEL_MAX = 200;

/** A well-formed reference (check digits right) shown as an example of what to type. */
const EXAMPLE_REFERENCE = 'REQ-4821-88';

const clip = (text: string, max: number) => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);

/** What the case is, in the person's words: the service's name, or the kind and the complaint category. */
function describeCase(c: CaseSummary, env: Env): string {
  const { profile, lang, t } = env;
  if (c.kind === 'request') {
    const service = profile.services.find((s) => s.id === c.subject);
    return service ? localized(service.name, lang) : t(KIND_KEYS.request);
  }
  const category = profile.complaints.categories.find((k) => k.id === c.subject);
  const kind = t(KIND_KEYS[c.kind] ?? KIND_KEYS.request);
  return category ? `${kind}: ${localized(category.name, lang)}` : kind;
}

const calendars = new WeakMap<Profile, WorkingCalendar>();

/** Today's date where the association works, to tell an overdue case. One calendar per loaded profile. */
function today(env: Env): string {
  let calendar = calendars.get(env.profile);
  if (!calendar) {
    calendar = new WorkingCalendar(env.profile.calendar);
    calendars.set(env.profile, calendar);
  }
  return calendar.localDate(env.now);
}

function caseLabel(c: CaseSummary, env: Env): string {
  const status = statusText(c.status);
  const params = {
    ref: c.reference,
    what: clip(describeCase(c, env), WHAT_MAX),
    status: env.t(status.word),
  };
  if (!status.waiting || !c.dueDate) return clip(env.t('status.caseLabel', params), LABEL_MAX);
  const due = formatDeadline(
    c.dueDate,
    env.lang,
    env.profile.calendar.timeZone,
    env.profile.languages.arabicDigits,
  );
  return clip(
    env.t('status.caseLabelDue', { ...params, dueHijri: due.hijri, dueGregorian: due.gregorian }),
    LABEL_MAX,
  );
}

const ownCase = (env: Env, reference: string | null | undefined) =>
  reference ? env.beneficiary.cases.find((c) => c.reference === reference) : undefined;

/** A word of three letters followed by digits (with or without spaces or dashes): someone typing a reference. */
const REFERENCE_ATTEMPT = /(?<![A-Za-z])([A-Za-z]{3})[\s\-_.]*(\d[\d\s\-_.]*\d)/g;

type TypedReference = { kind: 'valid'; reference: string } | { kind: 'mistyped' } | { kind: 'none' };

/**
 * Finds a reference in what the person typed, alone or inside a sentence, in any case and digit
 * script: «req ٤٨٢١٢٧», «REQ-4821-27», «where is my request REQ 4821 27?». A reference-like word whose
 * check digits do not match is «mistyped»: said before anything is looked up.
 */
export function readTypedReference(text: string): TypedReference {
  const whole = parseReference(text);
  if (whole) return { kind: 'valid', reference: whole };
  let attempted = false;
  for (const match of toLatinDigits(text).matchAll(REFERENCE_ATTEMPT)) {
    const digits = (match[2] ?? '').replace(/\D/g, '');
    if (digits.length < 4) continue;
    attempted = true;
    const reference = parseReference(`${match[1] ?? ''}${digits}`);
    if (reference) return { kind: 'valid', reference };
  }
  return attempted ? { kind: 'mistyped' } : { kind: 'none' };
}

const typed = ({ input }: Args): TypedReference =>
  input && input.choiceId === undefined ? readTypedReference(input.text) : { kind: 'none' };

/** The case picked from the list or typed, when it is one of the person's own. */
function chosenReference(args: Args): string | undefined {
  const { input, env } = args;
  const picked = input?.choiceId?.startsWith('case:') ? input.choiceId.slice('case:'.length) : undefined;
  if (picked) return ownCase(env, picked)?.reference;
  const found = typed(args);
  return found.kind === 'valid' ? ownCase(env, found.reference)?.reference : undefined;
}

/**
 * A case asked for by number or by reference, the same from every state. Another person's reference
 * and a number that does not exist get the same answer: the person only ever sees their own cases.
 * (`as const`: tsc checks its names in each state that uses it.)
 */
const lookupTransitions = [
  { guard: 'choseOwnCase', actions: ['select'], target: 'details', description: 'own case' },
  {
    guard: 'choseUnknownCase',
    actions: [said('status.notFound')],
    reprompt: true,
    description: 'not among own cases',
  },
  {
    guard: 'typedMistypedReference',
    actions: [said('status.mistyped')],
    reprompt: true,
    description: 'check digits wrong',
  },
  {
    guard: 'hasText',
    actions: [said('status.notAReference', { example: EXAMPLE_REFERENCE })],
    reprompt: true,
  },
] as const;

/**
 * Request status (`حالة الطلب`): the person's own requests, complaints and data requests, from the
 * facts loaded before the step, listed with their status in words and due date in Hijri and
 * Gregorian; or one looked up by its reference, typed in any form.
 */
export const requestStatusFlow = setup({
  contextSchema: StatusContext,
  guards: {
    hasCases: ({ env }) => env.beneficiary.cases.length > 0,
    caseChosen: ({ context }) => context.selected !== null,
    hasNoCases: ({ env }) => env.beneficiary.cases.length === 0,
    choseOwnCase: (args) => chosenReference(args) !== undefined,
    choseUnknownCase: (args) =>
      args.input?.choiceId?.startsWith('case:') === true || typed(args).kind === 'valid',
    typedMistypedReference: (args) => typed(args).kind === 'mistyped',
  },
  actions: {
    showNone: () => [
      say('status.none', { example: EXAMPLE_REFERENCE }),
      askChoice('status.noneNext', [{ id: 'menu', key: 'status.toMenu' }]),
    ],
    showList: ({ env }) => {
      const { cases } = env.beneficiary;
      return [
        askChoice(
          'status.list',
          cases.map((c) => ({ id: `case:${c.reference}`, label: caseLabel(c, env) })),
          { count: cases.length },
        ),
      ];
    },
    select: (args) => ({ context: { ...args.context, selected: chosenReference(args) ?? null } }),
    startSendingInfo: ({ context }) => ({ startWith: { reference: context.selected } }),
    showDetails: ({ env, context }) => {
      const c = ownCase(env, context.selected);
      const waiting = waitingForInfo(env.beneficiary).some((w) => w.reference === context.selected);
      const choices = [
        // A request the committee asked more of: send it from here.
        ...(waiting ? [{ id: 'sendInfo', key: 'status.sendInfo' }] : []),
        { id: 'list', key: 'status.backToList' },
        { id: 'menu', key: 'status.toMenu' },
      ];
      if (!c) return [say('status.notFound'), askChoice('status.detailsNext', choices)];
      const status = statusText(c.status);
      const zone = env.profile.calendar.timeZone;
      const updated = formatDeadline(c.updatedAt, env.lang, zone, env.profile.languages.arabicDigits);
      const effects: Effect[] = [
        say('status.details', {
          ref: c.reference,
          what: describeCase(c, env),
          status: env.t(status.word),
          updatedHijri: updated.hijri,
          updatedGregorian: updated.gregorian,
        }),
      ];
      if (status.waiting && c.dueDate) {
        const due = formatDeadline(c.dueDate, env.lang, zone, env.profile.languages.arabicDigits);
        const dates = { dueHijri: due.hijri, dueGregorian: due.gregorian };
        effects.push(say(c.dueDate < today(env) ? 'status.overdue' : 'status.due', dates));
      }
      effects.push(say(status.next), askChoice('status.detailsNext', choices));
      return effects;
    },
  },
}).flow({
  id: 'request-status',
  version: 1,
  initial: 'start',
  menu: { key: 'menu.status', order: 3 },
  // A reference typed at the menu (or any resting state) opens that case, when it is the person's own.
  createContext: (env, payload) => ({
    selected:
      ownCase(env, typeof payload?.reference === 'string' ? payload.reference : null)?.reference ?? null,
  }),
  states: {
    start: {
      always: [
        { guard: 'caseChosen', target: 'details', description: 'reference typed elsewhere' },
        { guard: 'hasCases', target: 'list' },
        { target: 'empty' },
      ],
    },
    empty: {
      prompt: ['showNone'],
      help: 'status.help.empty',
      on: [{ guard: choice('menu'), target: '#menu' }, ...lookupTransitions],
    },
    list: {
      always: [{ guard: 'hasNoCases', target: 'empty', description: 'cases gone' }],
      prompt: ['showList'],
      help: 'status.help.list',
      on: lookupTransitions,
    },
    details: {
      prompt: ['showDetails'],
      help: 'status.help.details',
      back: { target: 'list' },
      on: [
        { guard: choice('list'), target: 'list' },
        { guard: choice('menu'), target: '#menu' },
        { guard: choice('sendInfo'), actions: ['startSendingInfo'], target: '#request-info' },
        ...lookupTransitions,
      ],
    },
  },
});
