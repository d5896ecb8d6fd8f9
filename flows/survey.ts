import { z } from 'zod';
import type { Profile, SurveyQuestion } from '../src/config/profile-schema';
import { localized } from '../src/config/localized';
import type { CaseSummary } from '../src/domain/beneficiary-facts';
import { parseReference } from '../src/cases/rules/reference';
import { casesToRate } from '../src/domain/surveys/cases-to-rate';
import { isLaterWord, isSkipWord, parseRating } from '../src/domain/surveys/survey-answers';
import { choice, said } from '../src/engine/builtins';
import { askChoice, say, type ChoiceSpec, type Effect } from '../src/engine/effects';
import type { Lang } from '../src/domain/lang';
import type { ActionArgs } from '../src/engine/flow';
import { setup } from './setup';

/** An answer as stored: a rating 1–5, `yes`/`no`, a comment, or null for a question the person skipped. */
const Answer = z.union([z.number(), z.string(), z.null()]);

const SurveyContext = z.object({
  /** The case the answers are about (a request, complaint or handoff reference); null for a general survey. */
  caseReference: z.string().nullable(),
  /** Picked from the list of finished cases: "back" at the first question returns to that list. */
  chosen: z.boolean(),
  /** Index of the question being asked; -1 means "back before the first question". */
  index: z.number().int(),
  answers: z.record(z.string(), Answer),
});
type SurveyContext = z.infer<typeof SurveyContext>;
type Args = ActionArgs<SurveyContext, Profile>;

/** Longest comment kept; a longer one is re-asked with the limit rather than cut without a word. */
export const MAX_COMMENT = 1000;

/** The scale as offered, in order: typing «٤» picks the fourth choice, which is 4. */
const SCALE: readonly { id: string; key: string }[] = [
  { id: 'r1', key: 'survey.scale.poor' },
  { id: 'r2', key: 'survey.scale.fair' },
  { id: 'r3', key: 'survey.scale.good' },
  { id: 'r4', key: 'survey.scale.veryGood' },
  { id: 'r5', key: 'survey.scale.excellent' },
];

/** How a finished case is named in the list of cases to rate. */
const CASE_KEYS: Record<CaseSummary['kind'], string> = {
  request: 'survey.case.request',
  complaint: 'survey.case.complaint',
  suggestion: 'survey.case.suggestion',
  compensation: 'survey.case.compensation',
  deletion: 'survey.case.deletion',
  correction: 'survey.case.correction',
};

/** A letter or a digit: emoji and punctuation alone are no comment. */
const HAS_WORDS = /[\p{L}\p{N}]/u;

const questionsOf = (args: Args): SurveyQuestion[] => args.env.profile.survey.questions;
const currentQuestion = (args: Args): SurveyQuestion | undefined => questionsOf(args)[args.context.index];

/** The answer the input gives to the current question, or undefined when it gives none. */
function answerOf(question: SurveyQuestion, args: Args): number | string | undefined {
  const { input } = args;
  if (!input) return undefined;
  switch (question.type) {
    case 'rating': {
      const picked = SCALE.findIndex((s) => s.id === input.choiceId);
      if (picked >= 0) return picked + 1;
      return input.choiceId === undefined ? parseRating(input.text) : undefined;
    }
    case 'yesNo':
      // A typed «ايه» or "nope" arrives as the choice: the engine reads the everyday yes and no.
      return input.choiceId === 'yes' || input.choiceId === 'no' ? input.choiceId : undefined;
    case 'text': {
      const comment = input.text.trim();
      const fits = input.choiceId === undefined && HAS_WORDS.test(input.normalized);
      return fits && comment.length <= MAX_COMMENT ? comment : undefined;
    }
  }
}

function subjectOf(summary: CaseSummary, profile: Profile, lang: Lang): string {
  const named =
    summary.kind === 'request'
      ? profile.services.find((s) => s.id === summary.subject)?.name
      : profile.complaints.categories.find((c) => c.id === summary.subject)?.name;
  return named ? localized(named, lang) : (summary.subject ?? '-');
}

/**
 * Satisfaction survey (`قياس الرضا`): the questions come from the association profile (a 1–5 rating
 * answered by number in any script, by a word or stars, or by button; yes/no; a free comment). Optional
 * questions can be skipped, and the whole survey can be left for later at any question: nothing is
 * stored until the last answer. Started with `{ caseReference }` after a case is closed, it is about that
 * case; from the menu it offers the person's finished cases not yet rated, or a general opinion. A case
 * is rated once: a second survey for it is refused politely, here from the facts and in the store.
 */
export const surveyFlow = setup({
  contextSchema: SurveyContext,
  guards: {
    caseAlreadyRated: ({ context, env }) =>
      context.caseReference !== null && env.beneficiary.surveyed.includes(context.caseReference),
    tiedToCase: ({ context }) => context.caseReference !== null,
    hasCasesToRate: ({ env }) => casesToRate(env.beneficiary).length > 0,
    pickedCase: ({ input, env }) =>
      casesToRate(env.beneficiary).some((c) => `case:${c.reference}` === input?.choiceId),
    wantsLater: ({ input }) =>
      input?.choiceId === 'later' || (input?.choiceId === undefined && isLaterWord(input?.text ?? '')),
    wantsSkip: (args) => {
      const { input } = args;
      const optional = currentQuestion(args)?.required === false;
      return optional && (input?.choiceId === 'skip' || (!input?.choiceId && isSkipWord(input?.text ?? '')));
    },
    skipsRequired: (args) =>
      currentQuestion(args)?.required === true && !args.input?.choiceId && isSkipWord(args.input?.text ?? ''),
    validAnswer: (args) => {
      const question = currentQuestion(args);
      return !!question && answerOf(question, args) !== undefined;
    },
    backToCases: ({ context }) => context.index < 0 && context.chosen,
    beforeFirst: ({ context }) => context.index < 0,
    questionsLeft: (args) => args.context.index < questionsOf(args).length,
    nothingAnswered: ({ context }) => Object.values(context.answers).every((a) => a === null),
  },
  actions: {
    sayAlreadyRated: ({ context }) => [say('survey.alreadyRated', { ref: context.caseReference ?? '-' })],
    introCase: ({ context }) => [say('survey.introCase', { ref: context.caseReference ?? '-' })],
    introGeneral: () => [say('survey.intro')],
    askWhichCase: ({ env }) => [
      askChoice('survey.chooseCase', [
        ...casesToRate(env.beneficiary).map((c) => ({
          id: `case:${c.reference}`,
          key: CASE_KEYS[c.kind],
          params: { ref: c.reference, subject: subjectOf(c, env.profile, env.lang) },
        })),
        { id: 'general', key: 'survey.general' },
        { id: 'later', key: 'survey.later' },
      ]),
    ],
    setCase: ({ context, input }) => ({
      context: { ...context, caseReference: (input?.choiceId ?? '').slice('case:'.length), chosen: true },
    }),
    askQuestion: (args) => {
      const question = currentQuestion(args);
      if (!question) return [];
      const { env, context } = args;
      const params = {
        step: context.index + 1,
        total: questionsOf(args).length,
        question: localized(question.text, env.lang),
      };
      const leave: ChoiceSpec[] = [
        ...(question.required ? [] : [{ id: 'skip', key: 'survey.skip' }]),
        { id: 'later', key: 'survey.later' },
      ];
      const effects: Effect[] = [];
      switch (question.type) {
        case 'rating':
          effects.push(askChoice('survey.ask.rating', [...SCALE, ...leave], params));
          break;
        case 'yesNo':
          effects.push(
            askChoice(
              'survey.ask.yesNo',
              [
                { id: 'yes', key: 'survey.yes', means: 'yes' },
                { id: 'no', key: 'survey.no', means: 'no' },
                ...leave,
              ],
              params,
            ),
          );
          break;
        case 'text':
          effects.push(askChoice('survey.ask.text', leave, { ...params, max: MAX_COMMENT }));
          break;
      }
      return effects;
    },
    saveAnswer: (args) => {
      const question = currentQuestion(args);
      const answer = question && answerOf(question, args);
      if (!question || answer === undefined) return {};
      const { context } = args;
      return {
        context: {
          ...context,
          answers: { ...context.answers, [question.id]: answer },
          index: context.index + 1,
        },
      };
    },
    skipQuestion: (args) => {
      const question = currentQuestion(args);
      if (!question) return {};
      const { context } = args;
      return {
        context: {
          ...context,
          answers: { ...context.answers, [question.id]: null },
          index: context.index + 1,
        },
      };
    },
    explainInvalid: (args) => {
      const question = currentQuestion(args);
      if (!question) return [];
      switch (question.type) {
        case 'rating':
          return [say('survey.invalid.rating')];
        case 'yesNo':
          return [say('survey.invalid.yesNo')];
        case 'text':
          return [say('survey.invalid.tooLong', { max: MAX_COMMENT })];
      }
    },
    previousQuestion: ({ context }) => ({ context: { ...context, index: context.index - 1 } }),
    restart: ({ context }) => ({
      context: { ...context, index: 0, ...(context.chosen ? { caseReference: null, chosen: false } : {}) },
    }),
    submit: ({ context }) => [
      {
        type: 'createRecord',
        kind: 'surveyResponse',
        as: 'survey',
        data: { caseReference: context.caseReference, answers: context.answers },
      },
      // `stored` is `new`, or `already` when the case was rated meanwhile (another channel): its own text.
      say('survey.thanks', { context: '$survey.stored' }),
    ],
  },
}).flow({
  id: 'survey',
  version: 1,
  initial: 'start',
  menu: { key: 'menu.survey', order: 5 },
  createContext: (_env, payload) => ({
    // From our own starters (a closed case, a closed handoff): canonical when it reads as a reference.
    caseReference:
      typeof payload?.caseReference === 'string' && payload.caseReference.trim() !== ''
        ? (parseReference(payload.caseReference) ?? payload.caseReference.trim())
        : null,
    chosen: false,
    index: 0,
    answers: {},
  }),
  states: {
    start: {
      always: [
        {
          guard: 'caseAlreadyRated',
          actions: ['sayAlreadyRated'],
          target: '#menu',
          description: 'case rated before',
        },
        { guard: 'tiedToCase', actions: ['introCase'], target: 'ask', description: 'after a closed case' },
        { guard: 'hasCasesToRate', target: 'chooseCase', description: 'finished cases not rated yet' },
        { actions: ['introGeneral'], target: 'ask' },
      ],
    },
    chooseCase: {
      prompt: ['askWhichCase'],
      help: 'survey.help.chooseCase',
      on: [
        { guard: 'pickedCase', actions: ['setCase', 'introCase'], target: 'ask' },
        { guard: choice('general'), actions: ['introGeneral'], target: 'ask' },
        { guard: 'wantsLater', actions: [said('survey.postponed')], target: '#menu' },
      ],
    },
    ask: {
      prompt: ['askQuestion'],
      help: 'survey.help.ask',
      back: { actions: ['previousQuestion'], target: 'previous' },
      on: [
        { guard: 'wantsLater', actions: [said('survey.postponed')], target: '#menu' },
        { guard: 'wantsSkip', actions: ['skipQuestion'], target: 'next' },
        { guard: 'skipsRequired', actions: [said('survey.required')], reprompt: true },
        { guard: 'validAnswer', actions: ['saveAnswer'], target: 'next' },
        { guard: 'hasText', actions: ['explainInvalid'], reprompt: true },
      ],
    },
    previous: {
      always: [
        {
          guard: 'backToCases',
          actions: ['restart'],
          target: 'chooseCase',
          description: 'back from the first question',
        },
        {
          guard: 'beforeFirst',
          actions: ['restart', said('engine.cannotGoBack')],
          target: 'ask',
          description: 'nothing before the first question',
        },
        { target: 'ask' },
      ],
    },
    next: {
      always: [
        { guard: 'questionsLeft', target: 'ask' },
        {
          guard: 'nothingAnswered',
          actions: [said('survey.nothingAnswered')],
          target: '#menu',
          description: 'every question skipped',
        },
        { actions: ['submit'], target: 'done' },
      ],
    },
    done: { final: true },
  },
});
