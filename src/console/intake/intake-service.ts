import { z } from 'zod';
import { localized } from '../../config/localized';
import type { Profile } from '../../config/profile-schema';
import type { BeneficiaryNotifier } from '../../cases/beneficiary-notifier';
import { storeComplaint } from '../../cases/records/complaint-record';
import type { FieldCipher } from '../../security/field-cipher';
import { storeServiceRequest } from '../../cases/records/service-request-record';
import { formatDeadline } from '../../domain/calendar/format-date';
import { WorkingCalendar } from '../../domain/calendar/working-calendar';
import { CaseTimers } from '../../cases/rules/case-timers';
import { parseSaudiMobile } from '../../domain/identity/saudi-mobile';
import { declarationHash } from '../../domain/requests/declaration-hash';
import type { Lang } from '../../domain/lang';
import type { Translator } from '../../i18n/translator';
import {
  PgBeneficiaryIntakeRepository,
  type MobileCandidate,
} from '../../store/console/beneficiary-intake-repository';
import type { SqlExecutor } from '../../store/database';
import type { Database } from '../../store/database';
import type { PgEventLog } from '../../store/event-log';
import type { PgTimerRequestRepository } from '../../store/timer-request-repository';
import type { HolidayTable } from '../admin/holiday-table';
import { validationError, type Issue } from '../http/console-errors';
import { localDate } from '../http/local-time';
import { checkIntakeForm } from './intake-form-check';

const Id = z.string().regex(/^[a-z][a-z0-9-]*$/);
const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD');

/** The channels a case reaches staff by outside the chat (the policies name all four). */
export const IntakeChannel = z.enum(['phone', 'visit', 'letter', 'fax']);

const Common = {
  channel: IntakeChannel,
  beneficiaryId: z
    .union([z.string().uuid(), z.literal('new')])
    .optional()
    .describe(
      'who the case is for, among the vouched-for matches of the mobile (GET /api/intake/beneficiary), or "new"; ' +
        'required when the mobile has such a match',
    ),
  receivedOn: IsoDate.optional().describe('the day it arrived complete (default today; up to 60 days back)'),
};

export const RequestIntake = z
  .object({
    kind: z.literal('request'),
    ...Common,
    mobile: z.string().max(40).describe('Saudi mobile in any usual form; finds the person or creates them'),
    fullName: z.string().trim().min(2).max(200),
    serviceId: Id,
    fields: z
      .record(z.string(), z.string().max(2000))
      .describe(
        "by field id of the service (profile); a mobile field left out is the mobile above; a city one of the field's options (`city-N` or its name) when it lists them",
      ),
    documentsSeen: z
      .array(Id)
      .max(50)
      .default([])
      .describe('the documents staff saw on paper: every required document of the service'),
    declaration: z
      .enum(['signedForm', 'verbal'])
      .describe('how the applicant confirmed the data is correct (signed the form, or confirmed aloud)'),
    note: z.string().trim().max(1000).optional(),
  })
  .strict();

export const ComplaintIntake = z
  .object({
    kind: z.literal('complaint'),
    ...Common,
    ticketKind: z.enum(['complaint', 'suggestion', 'compensation']),
    categoryId: Id.optional().describe('a complaint category of the profile (not for suggestions)'),
    description: z.string().trim().min(1).max(2000),
    mobile: z
      .string()
      .max(40)
      .optional()
      .describe('without one, the ticket has no person (and no notification)'),
    fullName: z.string().trim().min(2).max(200).optional(),
  })
  .strict();

export const Intake = z.discriminatedUnion('kind', [RequestIntake, ComplaintIntake]);
export type Intake = z.output<typeof Intake>;

export interface IntakeResult {
  kind: 'request' | 'complaint';
  reference: string;
  dueDate: string;
  beneficiary: { id: string; created: boolean } | null;
  /** Whether a chat notification was queued (the person has a conversation with us). */
  notified: boolean;
}

/** A person a mobile number points to, as the intake form offers them to staff. */
export type BeneficiaryMatch = MobileCandidate;

export interface IntakeDeps {
  db: Database;
  profile: Profile;
  holidays: HolidayTable;
  events: PgEventLog;
  timerRequests: PgTimerRequestRepository;
  notifier: BeneficiaryNotifier;
  translator: Translator;
  now: () => Date;
  /** Seals the personal answers and complaint descriptions at rest, as the chat does. */
  cipher?: FieldCipher;
}

/**
 * Registers a case that reached the association by phone, visit, letter or fax, so every channel the
 * policies name lands in the one case list: finds the person by mobile (or records them), stores the case
 * with the same functions the chat uses (reference, working-day deadline, audit event, timers), and tells
 * the person on their chat channel when they have one.
 */
export class IntakeService {
  private readonly people = new PgBeneficiaryIntakeRepository();

  constructor(private readonly deps: IntakeDeps) {}

  /**
   * Everyone a mobile number points to, for staff to choose from (never chosen silently): the vouched-for
   * matches, which a case may be registered under, and the typed ones, shown so staff know and never
   * selectable. `scope`: the categories of a liaison officer or volunteer (who sees `inScope` only).
   */
  async findBeneficiary(
    mobileText: string,
    scope?: readonly string[],
  ): Promise<BeneficiaryMatch[] | undefined> {
    const mobile = parseSaudiMobile(mobileText);
    if (!mobile.ok) return undefined;
    return this.people.candidates(this.deps.db, mobile.e164, scope);
  }

  /**
   * The person a case is registered under: the staff member's choice among the mobile's vouched-for
   * matches, or a new person (the choice "new", or no such match). A typed match is never chosen: an
   * anonymous visitor who typed someone's number in a form must not receive that person's cases.
   */
  private async person(
    tx: SqlExecutor,
    choice: string | undefined,
    person: { e164: string; fullName: string | null; categoryId: string | null },
    lang: Lang,
  ): Promise<{ id: string; created: boolean }> {
    await this.people.lockMobile(tx, person.e164);
    const vouched = (await this.people.candidates(tx, person.e164)).filter((c) => c.verified);
    if (choice === 'new' || (choice === undefined && vouched.length === 0)) {
      return { id: await this.people.create(tx, person), created: true };
    }
    if (choice === undefined) {
      throw validationError([
        { path: 'beneficiaryId', message: this.t(lang, 'console.intake.choosePerson') },
      ]);
    }
    if (!vouched.some((c) => c.id === choice)) {
      throw validationError([
        { path: 'beneficiaryId', message: this.t(lang, 'console.intake.notACandidate') },
      ]);
    }
    await this.people.complete(tx, choice, person);
    return { id: choice, created: false };
  }

  async register(intake: Intake, staff: { id: string }, lang: Lang): Promise<IntakeResult> {
    const now = this.deps.now();
    const { timeZone } = this.deps.profile.calendar;
    const today = localDate(now, timeZone);
    const issues: Issue[] = [];
    const received = this.receivedAt(intake.receivedOn, now, today, issues, lang);
    const mobile = intake.mobile === undefined ? undefined : parseSaudiMobile(intake.mobile);
    if (mobile && !mobile.ok)
      issues.push({ path: 'mobile', message: this.t(lang, 'request.invalid.mobile') });

    let outbox: string[] = [];
    let result: IntakeResult;
    if (intake.kind === 'request') {
      const service = this.deps.profile.services.find((s) => s.id === intake.serviceId);
      if (!service) {
        issues.push({ path: 'serviceId', message: this.t(lang, 'console.intake.unknownService') });
        throw validationError(issues);
      }
      const fields = checkIntakeForm(service, intake, issues, lang, (key, params) =>
        this.t(lang, key, params),
      );
      if (issues.length > 0 || !mobile?.ok) throw validationError(issues);
      const timers = new CaseTimers({ ...this.deps.profile, calendar: await this.deps.holidays.calendar() });
      result = await this.deps.db.transaction(async (tx) => {
        const person = await this.person(
          tx,
          intake.beneficiaryId,
          { e164: mobile.e164, fullName: intake.fullName, categoryId: service.category },
          lang,
        );
        const declaration = {
          version: 'intake-1',
          how: intake.declaration,
          recordedBy: staff.id,
          at: now.toISOString(),
          channel: intake.channel,
          documentsSeen: intake.documentsSeen,
          hash: declarationHash({ serviceId: service.id, fields, documents: {} }),
        };
        const stored = await storeServiceRequest(
          tx,
          {
            profile: this.deps.profile,
            events: this.deps.events,
            timers,
            timerRequests: this.deps.timerRequests,
            cipher: this.deps.cipher,
          },
          {
            beneficiaryId: person.id,
            service,
            fields,
            documents: {},
            declaration,
            channel: intake.channel,
            completedAt: received,
            recordedAt: now,
            actor: `staff:${staff.id}`,
            eventData: { intake: true, recordedBy: staff.id, ...(intake.note ? { note: intake.note } : {}) },
          },
        );
        outbox = await this.deps.notifier.notify(tx, person.id, 'console.notify.requestRegistered', (l) => {
          const due = formatDeadline(stored.dueDate, l, timeZone, this.deps.profile.languages.arabicDigits);
          return {
            ref: stored.reference,
            service: localized(service.name, l),
            dueHijri: due.hijri,
            dueGregorian: due.gregorian,
          };
        });
        return {
          kind: 'request' as const,
          reference: stored.reference,
          dueDate: stored.dueDate,
          beneficiary: { id: person.id, created: person.created },
          notified: outbox.length > 0,
        };
      });
    } else {
      const needsCategory = intake.ticketKind !== 'suggestion';
      if (needsCategory && !this.deps.profile.complaints.categories.some((c) => c.id === intake.categoryId)) {
        issues.push({ path: 'categoryId', message: this.t(lang, 'console.intake.unknownCategory') });
      }
      if (intake.ticketKind !== 'suggestion' && !mobile) {
        issues.push({ path: 'mobile', message: this.t(lang, 'console.intake.mobileRequired') });
      }
      if (issues.length > 0) throw validationError(issues);
      const calendar = new WorkingCalendar(await this.deps.holidays.calendar());
      result = await this.deps.db.transaction(async (tx) => {
        const person = mobile?.ok
          ? await this.person(
              tx,
              intake.beneficiaryId,
              { e164: mobile.e164, fullName: intake.fullName ?? null, categoryId: null },
              lang,
            )
          : null;
        const stored = await storeComplaint(
          tx,
          { profile: this.deps.profile, events: this.deps.events, calendar, cipher: this.deps.cipher },
          {
            beneficiaryId: person?.id ?? null,
            kind: intake.ticketKind,
            categoryId: needsCategory ? (intake.categoryId ?? null) : null,
            description: intake.description,
            attachments: [],
            channel: intake.channel,
            at: received,
            actor: `staff:${staff.id}`,
            eventData: { intake: true, recordedBy: staff.id },
          },
        );
        if (person) {
          outbox = await this.deps.notifier.notify(
            tx,
            person.id,
            `console.notify.registered.${intake.ticketKind}`,
            (l) => {
              const due = formatDeadline(
                stored.dueDate,
                l,
                timeZone,
                this.deps.profile.languages.arabicDigits,
              );
              return { ref: stored.reference, dueHijri: due.hijri, dueGregorian: due.gregorian };
            },
          );
        }
        return {
          kind: 'complaint' as const,
          reference: stored.reference,
          dueDate: stored.dueDate,
          beneficiary: person ? { id: person.id, created: person.created } : null,
          notified: outbox.length > 0,
        };
      });
    }
    return result;
  }

  private t(lang: Lang, key: string, params?: Record<string, string | number>): string {
    return this.deps.translator.t(lang, key, params);
  }

  /** When the case arrived: today (now), or noon of an earlier day staff give, not before 60 days ago. */
  private receivedAt(day: string | undefined, now: Date, today: string, issues: Issue[], lang: Lang): Date {
    if (day === undefined || day === today) return now;
    const earliest = localDate(
      new Date(now.getTime() - 60 * 86_400_000),
      this.deps.profile.calendar.timeZone,
    );
    if (day > today || day < earliest) {
      issues.push({ path: 'receivedOn', message: this.t(lang, 'console.intake.receivedOnRange') });
      return now;
    }
    // Noon UTC is the same calendar day in every zone within twelve hours of UTC (Riyadh is +3).
    return new Date(`${day}T12:00:00Z`);
  }
}
