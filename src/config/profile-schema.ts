import {
  DEFAULT_COMPLAINT_CATEGORIES,
  DEFAULT_FIELD_HELP_KINDS,
  DEFAULT_REJECTION_REASONS,
  DEFAULT_SURVEY_QUESTIONS,
} from './profile-defaults';
// Every object refuses unknown keys: see strict-zod.ts.
import * as z from './strict-zod';
import { EID_AL_ADHA_STARTS, EID_AL_FITR_STARTS, SAUDI_HOLIDAYS } from '../domain/calendar/saudi-holidays';
import { WEEKDAYS } from '../domain/calendar/weekday';
import { INTENT_IDS } from '../domain/understanding/intents';
import { DEFAULT_ARABIC_DIGITS, DIGIT_STYLES } from '../domain/text/digit-style';
import { WhatsappTemplates } from './whatsapp-templates';

/** Text in Arabic (required) and English (falls back to Arabic when missing). */
export const LocalizedText = z.object({ ar: z.string().min(1), en: z.string().min(1).optional() });
export type LocalizedText = z.infer<typeof LocalizedText>;

const Id = z
  .string()
  .regex(
    /^[a-z][a-z0-9-]*$/,
    'use lower-case letters, digits and dashes, starting with a letter (e.g. "food-basket")',
  );
const IsoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'write dates as YYYY-MM-DD (Gregorian), e.g. 2026-03-20');
const ClockTime = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'write times as HH:MM in 24-hour form, e.g. 08:00');

/**
 * Staff roles; `board` is the last level of the escalation ladder (follow-up committee → management → board).
 * `coordinator` is the volunteering coordinator (volunteer sign-ups), `field` a field representative on
 * duty (field-help calls).
 */
export const StaffRole = z.enum([
  'volunteer',
  'liaison',
  'committee',
  'manager',
  'board',
  'admin',
  'coordinator',
  'field',
]);
export type StaffRole = z.infer<typeof StaffRole>;

const FieldBase = {
  id: Id,
  label: LocalizedText,
  required: z.boolean().default(true),
  hint: LocalizedText.optional(),
};
export const ServiceField = z.discriminatedUnion('type', [
  z.object({
    ...FieldBase,
    type: z.literal('text'),
    maxLength: z.number().int().positive().max(2000).default(200),
  }),
  z.object({
    ...FieldBase,
    type: z.literal('number'),
    min: z.number().optional(),
    max: z.number().optional(),
  }),
  z.object({
    ...FieldBase,
    type: z.literal('choice'),
    options: z.array(z.object({ id: Id, label: LocalizedText })).min(1),
  }),
  z.object({ ...FieldBase, type: z.literal('date') }),
  z.object({ ...FieldBase, type: z.literal('nationalId') }),
  z.object({ ...FieldBase, type: z.literal('mobile') }),
  z.object({ ...FieldBase, type: z.literal('city'), options: z.array(LocalizedText).optional() }),
]);
export type ServiceField = z.infer<typeof ServiceField>;

export const RequiredDocument = z.object({
  id: Id,
  label: LocalizedText,
  required: z.boolean().default(true),
  mimeTypes: z.array(z.string()).default(['image/jpeg', 'image/png', 'application/pdf']),
  maxBytes: z
    .number()
    .int()
    .positive()
    .default(10 * 1024 * 1024),
});

export const Service = z.object({
  id: Id,
  name: LocalizedText,
  description: LocalizedText,
  category: Id,
  /** Who may apply: shown in inquiries and before a request starts. */
  eligibility: LocalizedText,
  keywords: z.array(z.string()).default([]),
  fields: z.array(ServiceField).default([]),
  documents: z.array(RequiredDocument).default([]),
  /** Working days the committee has to decide, counted from completion. */
  decisionWorkingDays: z.number().int().positive().optional(),
});
export type Service = z.infer<typeof Service>;

export const FaqEntry = z.object({
  id: Id,
  question: LocalizedText,
  answer: LocalizedText,
  /** Extra words people use for this question (any language, any spelling). */
  keywords: z.array(z.string()).default([]),
});
export type FaqEntry = z.infer<typeof FaqEntry>;

export const Category = z.object({ id: Id, name: LocalizedText });

export const StaffMember = z.object({
  id: Id,
  name: z.string().min(1),
  roles: z.array(StaffRole).min(1),
  telegramUserId: z.number().int().positive().optional(),
  categories: z.array(Id).default([]),
});

export const SurveyQuestion = z.object({
  id: Id,
  /** rating: 1–5; yesNo: yes / no; text: a free comment. */
  type: z.enum(['rating', 'yesNo', 'text']),
  text: LocalizedText,
  required: z.boolean().default(false),
});
export type SurveyQuestion = z.infer<typeof SurveyQuestion>;

export const Holiday = z
  .object({ name: LocalizedText, from: IsoDate, to: IsoDate })
  .refine((h) => h.from <= h.to, { message: '"from" must be on or before "to"', path: ['to'] });

const DEFAULT_SAUDI_HOLIDAYS = {
  enabled: true,
  eidAlFitr: { from: 'after-29-ramadan', days: 4 },
  eidAlAdha: { from: '9-dhu-al-hijjah', days: 4 },
  skip: [],
} as const;

/**
 * The Saudi public holidays computed for every year (docs/OPERATIONS.md, "Holidays"): Founding Day,
 * National Day, and both Eids from the Umm al-Qura calendar. The defaults are the Labour Law's for the
 * private sector: four days each, from the day after 29 Ramadan and from the day of Arafah.
 */
export const SaudiHolidays = z.object({
  enabled: z.boolean().default(DEFAULT_SAUDI_HOLIDAYS.enabled),
  eidAlFitr: z
    .object({ from: z.enum(EID_AL_FITR_STARTS), days: z.number().int().min(1).max(15) })
    .default(DEFAULT_SAUDI_HOLIDAYS.eidAlFitr),
  eidAlAdha: z
    .object({ from: z.enum(EID_AL_ADHA_STARTS), days: z.number().int().min(1).max(15) })
    .default(DEFAULT_SAUDI_HOLIDAYS.eidAlAdha),
  /** A computed holiday left out for one year, e.g. `{ holiday: eidAlFitr, year: 2027 }`. */
  skip: z
    .array(z.object({ holiday: z.enum(SAUDI_HOLIDAYS), year: z.number().int().min(1900).max(2200) }))
    .default([]),
});

export const Weekday = z.enum(WEEKDAYS);
export type Weekday = z.infer<typeof Weekday>;

export const Profile = z
  .object({
    association: z.object({
      name: LocalizedText,
      website: z.string().url().optional(),
      phone: z.string().optional(),
      email: z.string().email().optional(),
    }),
    languages: z
      .object({
        default: z.enum(['ar', 'en']).default('ar'),
        enabled: z
          .array(z.enum(['ar', 'en']))
          .min(1)
          .default(['ar', 'en']),
        /**
         * How Arabic texts write numbers: `arabic-indic` (١٢٣) or `latin` (123), the same in every
         * message, for the numbers the texts hold, counts and dates alike. References, phone and ID
         * numbers and links are shown as written whatever the choice: people copy them. English always
         * uses Latin digits. The default is Latin: references and phone numbers are always Latin, so it
         * is the only choice in which no message mixes the two (see DEFAULT_ARABIC_DIGITS).
         */
        arabicDigits: z.enum(DIGIT_STYLES).default(DEFAULT_ARABIC_DIGITS),
      })
      .default({ default: 'ar', enabled: ['ar', 'en'], arabicDigits: DEFAULT_ARABIC_DIGITS }),
    privacy: z.object({
      /** Bump when the notice changes: people are asked to consent again. */
      noticeVersion: z.string().min(1),
      /** Where the full privacy policy can be read. */
      policyUrl: z.string().url().optional(),
    }),
    /**
     * The association's beneficiary-relationship policy as staff must read and sign it: the staff bot
     * (`/ack`) and the web console refuse every action until the member acknowledges this version, one
     * record for both. Bump the version when the policy changes, and everyone acknowledges again. The
     * document is `url` (a page of the association), or `text`, served by the console at /console/policy.
     */
    policy: z
      .object({
        version: z.string().min(1).default('1'),
        url: z.string().url().optional(),
        title: LocalizedText.optional(),
        /** The policy itself; blank lines separate paragraphs, `# ` starts a heading, `- ` an item. */
        text: LocalizedText.optional(),
      })
      .default({ version: '1' }),
    categories: z.array(Category).min(1),
    services: z.array(Service).default([]),
    faq: z.array(FaqEntry).default([]),
    /**
     * Words and phrases of the association's own beneficiaries, per intent, added to the locales'
     * (`intents.<id>`): `intents: { apply: [«أبي كسوة العيد»] }`. A phrase matches when all its words appear.
     */
    intents: z.partialRecord(z.enum(INTENT_IDS), z.array(z.string().min(1))).default({}),
    staff: z.array(StaffMember).default([]),
    complaints: z
      .object({
        /** What people complain about; routing and reports use these ids. */
        categories: z.array(Category).min(1),
      })
      .default(() => ({ categories: DEFAULT_COMPLAINT_CATEGORIES() })),
    /** The satisfaction survey asked after a closed case and from the menu. */
    survey: z
      .object({ questions: z.array(SurveyQuestion).min(1) })
      .default(() => ({ questions: DEFAULT_SURVEY_QUESTIONS() })),
    features: z
      .object({
        volunteering: z.boolean().default(true),
        /** Field help with a shared location (pilgrims' associations). */
        fieldHelp: z.boolean().default(false),
      })
      .default({ volunteering: true, fieldHelp: false }),
    fieldHelp: z
      .object({ kinds: z.array(Category).min(1) })
      .default(() => ({ kinds: DEFAULT_FIELD_HELP_KINDS() })),
    /** Why a request can be refused; the committee picks one or types its own. */
    rejectionReasons: z.array(Category).default(DEFAULT_REJECTION_REASONS),
    deadlines: z
      .object({
        decisionWorkingDays: z.number().int().positive().default(15),
        reminderWorkingDaysBefore: z.array(z.number().int().positive()).default([5, 1]),
        complaintWorkingDays: z.number().int().positive().default(10),
        escalationWorkingDays: z.array(z.number().int().positive()).default([3, 5, 10]),
        /**
         * What asking the applicant for more information does to the committee's deadline, once the
         * information arrives: `pause` counts again the working days that were left when it was asked;
         * `restart` gives the service's full decision days from its arrival. Either way the committee's
         * reminders and overdue clock do not run while the request waits for the applicant.
         */
        onInfoRequest: z.enum(['pause', 'restart']).default('pause'),
      })
      .default({
        decisionWorkingDays: 15,
        reminderWorkingDaysBefore: [5, 1],
        complaintWorkingDays: 10,
        escalationWorkingDays: [3, 5, 10],
        onInfoRequest: 'pause',
      }),
    calendar: z
      .object({
        timeZone: z.string().default('Asia/Riyadh'),
        weekend: z.array(Weekday).default(['friday', 'saturday']),
        workingHours: z
          .object({ start: ClockTime, end: ClockTime })
          .default({ start: '08:00', end: '16:00' }),
        /** Listed holidays: they replace a computed one they overlap (announced Eid dates). */
        holidays: z.array(Holiday).default([]),
        saudiHolidays: SaudiHolidays.default({ ...DEFAULT_SAUDI_HOLIDAYS, skip: [] }),
        /**
         * The last year whose holidays someone checked against the announced dates; from 1 December
         * before a later year the console warns administrators (`GET /api/setup/warnings`).
         */
        holidaysReviewedThrough: z.number().int().min(2000).max(2200).optional(),
      })
      .default({
        timeZone: 'Asia/Riyadh',
        weekend: ['friday', 'saturday'],
        workingHours: { start: '08:00', end: '16:00' },
        holidays: [],
        saudiHolidays: { ...DEFAULT_SAUDI_HOLIDAYS, skip: [] },
      }),
    conversation: z
      .object({
        /** An unfinished flow left this long gets one reminder… */
        reminderMinutes: z.number().int().positive().default(30),
        /** …and this long after the last message it expires politely. */
        idleMinutes: z.number().int().positive().default(60),
      })
      .default({ reminderMinutes: 30, idleMinutes: 60 })
      .refine((c) => c.reminderMinutes < c.idleMinutes, {
        message: 'reminderMinutes must be shorter than idleMinutes (the reminder comes before the expiry)',
        path: ['reminderMinutes'],
      }),
    /** Reminders to the applicant while something is missing. */
    reminders: z
      .object({
        /**
         * A request waiting for information the committee asked for: a reminder every N working days, at
         * most `max`; after the last one (and one more interval) the responsible staff are alerted.
         */
        missingInfo: z
          .object({
            everyWorkingDays: z.number().int().positive().default(2),
            max: z.number().int().nonnegative().default(3),
          })
          .default({ everyWorkingDays: 2, max: 3 }),
        /**
         * A request being filled in whose applicant is gathering its documents: instead of the one
         * reminder and expiry of `conversation`, a reminder every N hours of silence, at most `max`,
         * and the draft expires politely one interval after the last.
         */
        draftDocuments: z
          .object({
            everyHours: z.number().positive().default(24),
            max: z.number().int().nonnegative().default(3),
          })
          .default({ everyHours: 24, max: 3 }),
      })
      .default({
        missingInfo: { everyWorkingDays: 2, max: 3 },
        draftDocuments: { everyHours: 24, max: 3 },
      }),
    /** Satisfaction survey after a case is closed, and the periodic campaign. */
    surveys: z
      .object({
        /** Hours after closure; sent within working hours only. */
        afterCloseHours: z.number().nonnegative().default(2),
        /** Days covered by each periodic campaign (cases closed in that period). */
        campaignEveryDays: z.number().int().positive().default(30),
      })
      .default({ afterCloseHours: 2, campaignEveryDays: 30 }),
    /** How long data is kept after its purpose ends (PDPL), in days. */
    retention: z
      .object({
        draftDays: z.number().int().positive().default(30),
        handoffTranscriptDays: z.number().int().positive().default(180),
        closedCaseDocumentsDays: z.number().int().positive().default(365),
      })
      .default({ draftDays: 30, handoffTranscriptDays: 180, closedCaseDocumentsDays: 365 }),
    /** When the daily digest reaches management (cron, association time zone). */
    digest: z.object({ cron: z.string().default('0 7 * * 0-4') }).default({ cron: '0 7 * * 0-4' }),
    channels: z
      .object({
        whatsapp: z.boolean().default(false),
        telegram: z.boolean().default(false),
        webchat: z.boolean().default(true),
      })
      .default({ whatsapp: false, telegram: false, webchat: true }),
    /**
     * The WhatsApp templates approved for the notifications (WHATSAPP_API=cloud): outside the 24-hour
     * window a notification goes as its template. `npm run whatsapp:templates` prints them to submit.
     */
    whatsappTemplates: WhatsappTemplates,
  })
  .superRefine((p, ctx) => {
    const categories = new Set(p.categories.map((c) => c.id));
    p.services.forEach((s, i) => {
      if (!categories.has(s.category)) {
        ctx.addIssue({
          code: 'custom',
          path: ['services', i, 'category'],
          message: `unknown category "${s.category}": add it under "categories" or use one of ${[...categories].join(', ')}`,
        });
      }
    });
    const dupes = (ids: string[]) => ids.filter((id, i) => ids.indexOf(id) !== i);
    for (const [key, ids] of [
      ['services', p.services.map((s) => s.id)],
      ['faq', p.faq.map((f) => f.id)],
      ['categories', p.categories.map((c) => c.id)],
    ] as const) {
      for (const id of dupes(ids)) {
        ctx.addIssue({
          code: 'custom',
          path: [key],
          message: `id "${id}" is used twice: ids must be unique`,
        });
      }
    }
  });
export type Profile = z.infer<typeof Profile>;
