import { z } from 'zod';
import type { Profile } from '../../config/profile-schema';
import { formatDeadline } from '../../domain/calendar/format-date';
import { WorkingCalendar } from '../../domain/calendar/working-calendar';
import { REFERENCE_PREFIXES } from '../rules/reference';
import type { SqlExecutor } from '../../store/database';
import type { PgEventLog } from '../../store/event-log';
import type { PgTimerRequestRepository } from '../../store/timer-request-repository';
import type { FieldCipher } from '../../security/field-cipher';
import { sealText } from '../../security/sealed-parts';
import { CaseTimers } from '../rules/case-timers';
import { PgComplaintRepository } from '../../store/complaint-repository';
import type { EffectHandler } from '../../conversation/effect-handlers';

const SubmittedTicket = z
  .object({
    kind: z.enum(['complaint', 'suggestion', 'compensation']),
    categoryId: z.string().nullable(),
    description: z.string().trim().min(1).max(2000),
    attachments: z
      .array(
        z.object({
          ref: z.string(),
          sha256: z.string(),
          mimeType: z.string(),
          sizeBytes: z.number(),
          fileName: z.string().optional(),
        }),
      )
      .max(20),
    anonymous: z.boolean(),
  })
  .refine((t) => !t.anonymous || t.kind === 'suggestion', {
    message: 'only a suggestion can be anonymous',
    path: ['anonymous'],
  });

const complaints = new PgComplaintRepository();

/** Who handles a ticket: compensation claims need the investigation committee's report (policy 001). */
export const ROUTES = {
  followUp: 'follow-up-committee',
  investigation: 'investigation-committee',
} as const;

/** A ticket to store, from the chat flow or from a staff intake (phone, visit, letter, fax). */
export interface NewComplaint {
  /** `null` for an anonymous suggestion: no trace of the person on the ticket or in the audit event. */
  beneficiaryId: string | null;
  kind: 'complaint' | 'suggestion' | 'compensation';
  /** A complaint category id of the profile (required except for suggestions). */
  categoryId: string | null;
  description: string;
  attachments: z.infer<typeof SubmittedTicket>['attachments'];
  channel: string;
  at: Date;
  /** Who the audit trail names; default the person (or `anonymous`). */
  actor?: string;
  /** More for the audit event (who recorded an intake, …). */
  eventData?: Record<string, unknown>;
}

/**
 * Stores a complaint, suggestion or compensation claim in `tx`: a `CMP-…`/`SUG-…` reference, the
 * committee it is routed to, a due date N working days away (`deadlines.complaintWorkingDays`) and the
 * audit event. Shared by the chat flow and the console's intake. Throws on an unknown category.
 */
export async function storeComplaint(
  tx: SqlExecutor,
  deps: {
    profile: Profile;
    events: PgEventLog;
    calendar: WorkingCalendar;
    /** Where the escalation timer is requested; without it no timer is set. */
    timerRequests?: PgTimerRequestRepository;
    /** Seals the description at rest (a person may type their ID number or mobile in it). */
    cipher?: FieldCipher;
  },
  ticket: NewComplaint,
): Promise<{ reference: string; dueDate: string; days: number; routedTo: string }> {
  const needsCategory = ticket.kind !== 'suggestion';
  if (needsCategory && !deps.profile.complaints.categories.some((c) => c.id === ticket.categoryId)) {
    throw new Error(`unknown complaint category ${String(ticket.categoryId)}`);
  }
  const days = deps.profile.deadlines.complaintWorkingDays;
  const dueDate = deps.calendar.addWorkingDays(ticket.at, days);
  const routedTo = ticket.kind === 'compensation' ? ROUTES.investigation : ROUTES.followUp;
  const { beneficiaryId } = ticket;
  const reference = await complaints.insert(tx, REFERENCE_PREFIXES[ticket.kind], {
    beneficiaryId,
    kind: ticket.kind,
    categoryId: needsCategory ? ticket.categoryId : null,
    description: sealText(ticket.description, deps.cipher),
    attachments: ticket.attachments,
    routedTo,
    channel: ticket.channel,
    dueDate,
    at: ticket.at,
  });
  await deps.events.append(tx, {
    actor: ticket.actor ?? (beneficiaryId ? `beneficiary:${beneficiaryId}` : 'anonymous'),
    subjectType: 'complaint',
    subjectId: reference,
    type: `${ticket.kind}.opened`,
    data: {
      kind: ticket.kind,
      categoryId: needsCategory ? ticket.categoryId : null,
      routedTo,
      dueDate,
      attachments: ticket.attachments.length,
      anonymous: beneficiaryId === null,
      channel: ticket.channel,
      ...ticket.eventData,
    },
    at: ticket.at,
  });
  // Complaints and claims climb the escalation ladder if still open after their due date; suggestions do not.
  if (ticket.kind !== 'suggestion') {
    await deps.timerRequests?.add(tx, new CaseTimers(deps.profile).complaintOpened(reference, dueDate));
  }
  return { reference, dueDate, days, routedTo };
}

/**
 * Stores a complaint, suggestion or compensation claim as a ticket: a `CMP-…`/`SUG-…` reference, the
 * committee it is routed to, and a due date N working days away (`deadlines.complaintWorkingDays`).
 * An anonymous suggestion keeps no trace of the person: no beneficiary id on the ticket, none in the
 * audit event. Returns the reference and the due date for the confirmation text.
 */
export function complaintRecord(deps: {
  profile: Profile;
  events: PgEventLog;
  timerRequests?: PgTimerRequestRepository;
  cipher?: FieldCipher;
}): EffectHandler {
  const calendar = new WorkingCalendar(deps.profile.calendar);
  return async (effect, scope) => {
    if (effect.type !== 'createRecord') return;
    const ticket = SubmittedTicket.parse(effect.data);
    const { reference, dueDate, days, routedTo } = await storeComplaint(
      scope.tx,
      {
        profile: deps.profile,
        events: deps.events,
        calendar,
        timerRequests: deps.timerRequests,
        cipher: deps.cipher,
      },
      {
        beneficiaryId: ticket.anonymous ? null : scope.beneficiaryId,
        kind: ticket.kind,
        categoryId: ticket.categoryId,
        description: ticket.description,
        attachments: ticket.attachments,
        channel: scope.channel,
        at: scope.now,
        // The message that sent it (not for an anonymous suggestion): the case page shows that chat only.
        eventData: scope.inboundId && !ticket.anonymous ? { inboundId: scope.inboundId } : undefined,
      },
    );
    const due = formatDeadline(
      dueDate,
      scope.lang,
      deps.profile.calendar.timeZone,
      deps.profile.languages.arabicDigits,
    );
    return { ref: reference, days, dueHijri: due.hijri, dueGregorian: due.gregorian, dueDate, routedTo };
  };
}
