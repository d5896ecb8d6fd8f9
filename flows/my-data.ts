import { z } from 'zod';
import type { Profile } from '../src/config/profile-schema';
import { localized } from '../src/config/localized';
import { formatDeadline } from '../src/domain/calendar/format-date';
import { DATA_REQUEST_DAYS } from '../src/cases/rules/data-requests';
import { validateField } from '../src/domain/requests/validate-field';
import { toLatinDigits } from '../src/domain/text/arabic-normalise';
import { isolate } from '../src/domain/text/bidi';
import { choice, said } from '../src/engine/builtins';
import { askChoice, say, type Effect } from '../src/engine/effects';
import type { ActionArgs } from '../src/engine/flow';
import { SERVICE_CONSENT } from './greeting';
import { setup } from './setup';

const MyDataContext = z.object({
  /** Corrections typed but not saved yet (null: unchanged). */
  fullName: z.string().nullable(),
  mobile: z.string().nullable(),
  /** «احذف بياناتي» typed at the menu: straight to the deletion request. */
  startAt: z.enum(['delete']).nullable().default(null),
});
type MyDataContext = z.infer<typeof MyDataContext>;
type Args = ActionArgs<MyDataContext, Profile>;

/** How a name and a mobile number are checked: as a service-request field would be, same reasons. */
const NAME_FIELD = {
  id: 'full-name',
  type: 'text',
  label: { ar: 'الاسم' },
  required: true,
  maxLength: 100,
} as const;
const MOBILE_FIELD = { id: 'mobile', type: 'mobile', label: { ar: 'الجوال' }, required: true } as const;

const CHANNEL_KEYS: Record<string, string> = {
  whatsapp: 'myData.channel.whatsapp',
  telegram: 'myData.channel.telegram',
  webchat: 'myData.channel.webchat',
  terminal: 'myData.channel.terminal',
  inprocess: 'myData.channel.inprocess',
};
const PURPOSE_KEYS: Record<string, string> = { [SERVICE_CONSENT]: 'myData.purpose.service' };
const REGISTRATION_KEYS = {
  volunteer: 'myData.registration.volunteer',
  fieldHelp: 'myData.registration.fieldHelp',
};

/** A link code as people type it: eight digits, in any script, with spaces or dashes between groups. */
const linkCodeOf = (text: string | undefined): string | undefined => {
  const digits = toLatinDigits(text ?? '').replace(/[\s\-–.]/g, '');
  return /^\d{8}$/.test(digits) ? digits : undefined;
};

const openDeletion = ({ env }: Args) =>
  env.beneficiary.cases.find((c) => c.kind === 'deletion' && c.status === 'open');

/**
 * «بياناتي» (PDPL rights of access, correction and destruction, and consent withdrawal): shows what
 * is held about the person, corrects their name or mobile, opens a tracked deletion request (carried
 * out later by `eraseBeneficiary`), and withdraws consent with its consequences explained first.
 */
export const myDataFlow = setup({
  contextSchema: MyDataContext,
  guards: {
    startsAtDeletion: ({ context }) => context.startAt === 'delete',
    answered: ({ input }) => !!input && input.text.trim().length > 0,
    validName: ({ input }) => !!input && validateField(NAME_FIELD, input.text, undefined).ok,
    validMobile: ({ input }) => !!input && validateField(MOBILE_FIELD, input.text, undefined).ok,
    deletionOpen: (args) => openDeletion(args) !== undefined,
    linkCode: ({ input }) => linkCodeOf(input?.text) !== undefined,
  },
  actions: {
    clearStart: ({ context }) => ({ context: { ...context, startAt: null } }),
    showData: ({ env }) => {
      const { beneficiary: b, t, lang } = env;
      const none = t('myData.none');
      const join = (items: string[]) => (items.length > 0 ? items.join(lang === 'ar' ? '، ' : ', ') : none);
      const date = (iso: string) =>
        formatDeadline(iso, lang, env.profile.calendar.timeZone, env.profile.languages.arabicDigits)
          .gregorian;
      const consents = b.held.consents.map((c) =>
        t(c.granted ? 'myData.consentGiven' : 'myData.consentWithdrawn', {
          purpose: PURPOSE_KEYS[c.purpose] ? t(PURPOSE_KEYS[c.purpose] ?? '') : c.purpose,
          version: c.version,
          date: date(c.at),
        }),
      );
      const refs = b.cases.map((c) => c.reference);
      if (b.held.caseCount > refs.length) refs.push('…');
      return [
        say('myData.overview', {
          association: localized(env.profile.association.name, lang),
          name: b.contact.fullName ?? none,
          mobile: b.contact.mobile ?? none,
          channels: join(b.held.channels.map((c) => (CHANNEL_KEYS[c] ? t(CHANNEL_KEYS[c] ?? '') : c))),
          consents: consents.length > 0 ? consents.join('\n') : none,
          cases: t('myData.cases', { count: b.held.caseCount, list: refs.join(lang === 'ar' ? '، ' : ', ') }),
          registrations: join(
            b.held.registrations.map(
              (r) => `${t(REGISTRATION_KEYS[r.kind])} ${lang === 'ar' ? isolate(r.reference) : r.reference}`,
            ),
          ),
        }),
      ];
    },
    askWhatNext: () => [
      askChoice('myData.whatNext', [
        { id: 'correct', key: 'myData.option.correct' },
        { id: 'delete', key: 'myData.option.delete' },
        { id: 'withdraw', key: 'myData.option.withdraw' },
        { id: 'link', key: 'myData.option.link' },
        { id: 'show', key: 'myData.option.show' },
        { id: 'menu', key: 'myData.option.menu' },
      ]),
    ],
    askWhichDetail: () => [
      askChoice('myData.correct.which', [
        { id: 'name', key: 'myData.correct.name' },
        { id: 'mobile', key: 'myData.correct.mobile' },
      ]),
    ],
    askName: ({ env, context }) => [
      say('myData.correct.askName', {
        current: context.fullName ?? env.beneficiary.contact.fullName ?? env.t('myData.none'),
      }),
    ],
    askMobile: ({ env, context }) => {
      const current = context.mobile ?? env.beneficiary.contact.mobile;
      return [say('myData.correct.askMobile', { current: current ?? env.t('myData.none') })];
    },
    explainName: ({ input }) => {
      const check = validateField(NAME_FIELD, input?.text ?? '', undefined);
      return check.ok ? [] : [say(check.reason, check.params)];
    },
    keepName: ({ context, input }) => {
      const check = validateField(NAME_FIELD, input?.text ?? '', undefined);
      return check.ok ? { context: { ...context, fullName: String(check.value) } } : {};
    },
    keepMobile: ({ context, input }) => {
      const check = validateField(MOBILE_FIELD, input?.text ?? '', undefined);
      return check.ok ? { context: { ...context, mobile: String(check.value) } } : {};
    },
    forgetCorrections: ({ context }) => ({ context: { ...context, fullName: null, mobile: null } }),
    showCorrection: ({ env, context }) => {
      const { contact } = env.beneficiary;
      const none = env.t('myData.none');
      const lines: string[] = [];
      if (context.fullName !== null) {
        lines.push(
          env.t('myData.correct.nameLine', { from: contact.fullName ?? none, to: context.fullName }),
        );
      }
      if (context.mobile !== null) {
        lines.push(
          env.t('myData.correct.mobileLine', {
            from: contact.mobile ?? none,
            to: context.mobile,
          }),
        );
      }
      return [
        say('myData.correct.review', { changes: lines.join('\n') }),
        askChoice('myData.correct.question', [
          { id: 'save', key: 'myData.correct.save' },
          { id: 'more', key: 'myData.correct.more' },
          { id: 'discard', key: 'myData.correct.discard' },
        ]),
      ];
    },
    saveCorrection: ({ context }) => [
      {
        type: 'createRecord',
        kind: 'contactCorrection',
        data: {
          ...(context.fullName !== null ? { fullName: context.fullName } : {}),
          ...(context.mobile !== null ? { mobile: context.mobile } : {}),
        },
      },
      say('myData.correct.saved'),
    ],
    sayDeletionOpen: (args) => {
      const open = openDeletion(args);
      if (!open) return [];
      const due = open.dueDate
        ? formatDeadline(
            open.dueDate,
            args.env.lang,
            args.env.profile.calendar.timeZone,
            args.env.profile.languages.arabicDigits,
          )
        : undefined;
      return [
        say('myData.delete.alreadyOpen', {
          ref: open.reference,
          dueHijri: due?.hijri ?? '-',
          dueGregorian: due?.gregorian ?? '-',
        }),
      ];
    },
    explainDeletion: () => [
      say('myData.delete.explain', { days: DATA_REQUEST_DAYS }),
      askChoice('myData.delete.question', [
        { id: 'confirm', key: 'myData.delete.confirm', means: 'yes' },
        { id: 'keep', key: 'myData.delete.keep', means: 'no' },
      ]),
    ],
    requestDeletion: () => [
      { type: 'createRecord', kind: 'dataDeletion', as: 'deletion', data: {} },
      say('myData.delete.submitted', {
        ref: '$deletion.ref',
        dueHijri: '$deletion.dueHijri',
        dueGregorian: '$deletion.dueGregorian',
      }),
    ],
    askLinkWhich: () => [
      askChoice('myData.link.which', [
        { id: 'show', key: 'myData.link.show' },
        { id: 'enter', key: 'myData.link.enter' },
      ]),
    ],
    // The code is shown here and typed in the other channel: only the person holding both can do both.
    showLinkCode: () => [
      { type: 'createRecord', kind: 'linkCode', as: 'link', data: {} },
      say('myData.link.code', { code: '$link.code', count: '$link.minutes' }),
    ],
    linkChannel: ({ input }) => [
      { type: 'createRecord', kind: 'linkChannel', as: 'link', data: { code: linkCodeOf(input?.text) } },
      say('myData.link.result', { context: '$link.outcome' }),
    ],
    explainWithdrawal: () => [
      say('myData.consent.explain'),
      askChoice('myData.consent.question', [
        { id: 'withdraw', key: 'myData.consent.withdraw', means: 'yes' },
        { id: 'keep', key: 'myData.consent.keep', means: 'no' },
      ]),
    ],
    withdrawConsent: ({ env }) =>
      Object.entries(env.beneficiary.consents).map(([purpose, version]): Effect => ({
        type: 'recordConsent',
        purpose,
        version,
        granted: false,
      })),
    askAfterWithdrawal: ({ env }) => [
      askChoice(
        'myData.consent.reconsider',
        [
          { id: 'accept', key: 'privacy.accept' },
          { id: 'delete', key: 'myData.option.delete' },
        ],
        { phone: env.profile.association.phone ?? '-' },
      ),
    ],
    consentAgain: ({ env }) => [
      {
        type: 'recordConsent',
        purpose: SERVICE_CONSENT,
        version: env.profile.privacy.noticeVersion,
        granted: true,
      },
    ],
  },
}).flow({
  id: 'my-data',
  version: 1,
  initial: 'overview',
  menu: { key: 'menu.myData', order: 7 },
  createContext: (_env, payload) => ({
    fullName: null,
    mobile: null,
    startAt: payload?.start === 'delete' ? 'delete' : null,
  }),
  states: {
    overview: {
      always: [
        {
          guard: 'startsAtDeletion',
          actions: ['clearStart'],
          target: 'deleteCheck',
          description: 'asked to delete',
        },
        { actions: ['showData'], target: 'choose', description: 'show what is held' },
      ],
    },
    choose: {
      prompt: ['askWhatNext'],
      help: 'myData.help.choose',
      on: [
        { guard: choice('correct'), target: 'correctWhich' },
        { guard: choice('delete'), target: 'deleteCheck' },
        { guard: choice('withdraw'), target: 'withdrawExplain' },
        { guard: choice('link'), target: 'linkWhich' },
        { guard: choice('show'), actions: ['showData'], reprompt: true },
        { guard: choice('menu'), target: '#menu' },
      ],
    },
    correctWhich: {
      prompt: ['askWhichDetail'],
      help: 'myData.help.correct',
      back: { actions: ['forgetCorrections'], target: 'choose' },
      on: [
        { guard: choice('name'), target: 'askName' },
        { guard: choice('mobile'), target: 'askMobile' },
      ],
    },
    askName: {
      prompt: ['askName'],
      help: 'myData.help.correct',
      back: { target: 'correctWhich' },
      on: [
        { guard: 'validName', actions: ['keepName'], target: 'confirmContact' },
        { guard: 'answered', actions: ['explainName'], reprompt: true },
      ],
    },
    askMobile: {
      prompt: ['askMobile'],
      help: 'myData.help.correct',
      back: { target: 'correctWhich' },
      on: [
        { guard: 'validMobile', actions: ['keepMobile'], target: 'confirmContact' },
        { guard: 'answered', actions: [said('request.invalid.mobile')], reprompt: true },
      ],
    },
    confirmContact: {
      prompt: ['showCorrection'],
      help: 'myData.help.confirmContact',
      back: { target: 'correctWhich' },
      on: [
        { guard: choice('save'), actions: ['saveCorrection'], target: 'done' },
        { guard: choice('more'), target: 'correctWhich' },
        {
          guard: choice('discard'),
          actions: ['forgetCorrections', said('myData.correct.discarded')],
          target: 'choose',
        },
      ],
    },
    /** Linking another channel (WhatsApp, Telegram, the website) to the same person, by a one-time code. */
    linkWhich: {
      prompt: ['askLinkWhich'],
      help: 'myData.help.link',
      back: { target: 'choose' },
      on: [
        { guard: choice('show'), actions: ['showLinkCode'], target: 'done' },
        { guard: choice('enter'), target: 'linkEnter' },
      ],
    },
    linkEnter: {
      prompt: [said('myData.link.askCode')],
      help: 'myData.help.link',
      back: { target: 'linkWhich' },
      on: [
        { guard: 'linkCode', actions: ['linkChannel'], target: 'done' },
        { guard: 'answered', actions: [said('myData.link.notACode')], reprompt: true },
      ],
    },
    deleteCheck: {
      always: [
        { guard: 'deletionOpen', actions: ['sayDeletionOpen'], target: 'choose', description: 'one is open' },
        { target: 'deleteExplain' },
      ],
    },
    deleteExplain: {
      prompt: ['explainDeletion'],
      help: 'myData.help.delete',
      back: { target: 'choose' },
      on: [
        { guard: choice('confirm'), actions: ['requestDeletion'], target: 'done' },
        { guard: choice('keep'), actions: [said('myData.delete.kept')], target: 'choose' },
      ],
    },
    withdrawExplain: {
      prompt: ['explainWithdrawal'],
      help: 'myData.help.withdraw',
      back: { target: 'choose' },
      on: [
        {
          guard: choice('withdraw'),
          actions: ['withdrawConsent', said('myData.consent.withdrawn')],
          target: 'withdrawn',
        },
        { guard: choice('keep'), actions: [said('myData.consent.kept')], target: 'choose' },
      ],
    },
    /** Consent withdrawn: nothing personal is asked any more; the person may consent again or ask for deletion. */
    withdrawn: {
      prompt: ['askAfterWithdrawal'],
      help: 'myData.help.withdrawn',
      on: [
        { guard: choice('accept'), actions: ['consentAgain', said('privacy.thanks')], target: '#menu' },
        { guard: choice('delete'), target: 'deleteCheck' },
      ],
    },
    done: { final: true },
  },
});
