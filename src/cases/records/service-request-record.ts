import { z } from 'zod';
import type { Profile, Service } from '../../config/profile-schema';
import { CaseTimers } from '../rules/case-timers';
import { formatDeadline } from '../../domain/calendar/format-date';
import { REFERENCE_PREFIXES } from '../rules/reference';
import type { FieldCipher } from '../../security/field-cipher';
import { sealSensitiveFields } from '../../security/sealed-parts';
import type { SqlExecutor } from '../../store/database';
import type { PgEventLog } from '../../store/event-log';
import type { PgTimerRequestRepository } from '../../store/timer-request-repository';
import { PgRequestDocumentRepository } from '../../store/request-document-repository';
import { PgServiceRequestRepository } from '../../store/service-request-repository';
import type { EffectHandler } from '../../conversation/effect-handlers';

const requests = new PgServiceRequestRepository();
const documents = new PgRequestDocumentRepository();

const SubmittedDocument = z.object({
  ref: z.string(),
  sha256: z.string(),
  mimeType: z.string(),
  sizeBytes: z.number(),
  fileName: z.string().optional(),
});

const SubmittedRequest = z.object({
  serviceId: z.string(),
  fields: z.record(z.string(), z.union([z.string(), z.number()])),
  documents: z.record(z.string(), SubmittedDocument),
  declaration: z.object({
    version: z.string(),
    hash: z.string().regex(/^[a-f0-9]{64}$/),
    at: z.string(),
    channel: z.string(),
    messageId: z.string(),
  }),
});

/** A complete request to store, from the chat flow or from a staff intake (phone, visit, letter, fax). */
export interface NewServiceRequest {
  beneficiaryId: string | null;
  service: Service;
  fields: Record<string, string | number>;
  documents: Record<string, z.infer<typeof SubmittedDocument>>;
  /** Stored as given; `hash` also goes into the audit event. */
  declaration: { hash: string } & Record<string, unknown>;
  channel: string;
  /** When the request became complete: the committee's clock starts here. */
  completedAt: Date;
  /** Who the audit trail names: `beneficiary:<id>` from the chat, `staff:<id>` for an intake. */
  actor: string;
  /** More for the audit event (who recorded an intake, …). */
  eventData?: Record<string, unknown>;
  /** When it was recorded, if later than its completion (a letter registered days after it came). */
  recordedAt?: Date;
}

export interface ServiceRequestStoreDeps {
  profile: Profile;
  events: PgEventLog;
  /** The working-day clock to count the deadline with (the console passes one with its holiday table). */
  timers: CaseTimers;
  /** Where the committee's timers are requested; without it no timers are set (tests of the flow alone). */
  timerRequests?: PgTimerRequestRepository;
  /** Seals the national ID / Iqama answers at rest. */
  cipher?: FieldCipher;
}

/**
 * Stores a complete service request in `tx`: a fresh reference, its documents, the decision date N working
 * days after completion, the audit event and the committee's timers (reminders before the due date,
 * overdue and escalation after it). Shared by the chat flow and the console's intake.
 */
export async function storeServiceRequest(
  tx: SqlExecutor,
  deps: ServiceRequestStoreDeps,
  input: NewServiceRequest,
): Promise<{ id: string; reference: string; dueDate: string; days: number }> {
  const { service } = input;
  const days = service.decisionWorkingDays ?? deps.profile.deadlines.decisionWorkingDays;
  const dueDate = deps.timers.calendar.addWorkingDays(input.completedAt, days);
  const { id, reference } = await requests.insert(tx, REFERENCE_PREFIXES.request, {
    beneficiaryId: input.beneficiaryId,
    serviceId: service.id,
    categoryId: service.category,
    fields: sealSensitiveFields(input.fields, service, deps.cipher),
    channel: input.channel,
    declaration: input.declaration,
    completedAt: input.completedAt,
    dueDate,
    recordedAt: input.recordedAt ?? input.completedAt,
  });
  await documents.add(tx, id, input.documents);
  await deps.events.append(tx, {
    actor: input.actor,
    subjectType: 'service_request',
    subjectId: reference,
    type: 'request.submitted',
    data: {
      serviceId: service.id,
      dueDate,
      declarationHash: input.declaration.hash,
      channel: input.channel,
      ...input.eventData,
    },
    at: input.recordedAt ?? input.completedAt,
  });
  // The committee's clock: reminders before the due date, overdue and escalation after it.
  await deps.timerRequests?.add(tx, deps.timers.requestSubmitted(reference, dueDate));
  return { id, reference, dueDate, days };
}

/**
 * Stores a submitted (complete) service request with its documents and declaration, starts the
 * committee's clock — the decision date is N working days after completion — and records the event.
 * Returns the reference and the due date for the confirmation text.
 */
export function serviceRequestRecord(deps: {
  profile: Profile;
  events: PgEventLog;
  /** Where the committee's timers are requested; without it no timers are set (tests of the flow alone). */
  timerRequests?: PgTimerRequestRepository;
  cipher?: FieldCipher;
}): EffectHandler {
  const timers = new CaseTimers(deps.profile);
  return async (effect, scope) => {
    if (effect.type !== 'createRecord') return;
    const data = SubmittedRequest.parse(effect.data);
    const service = deps.profile.services.find((s) => s.id === data.serviceId);
    if (!service) throw new Error(`unknown service ${data.serviceId}`);
    const { reference, dueDate, days } = await storeServiceRequest(
      scope.tx,
      {
        profile: deps.profile,
        events: deps.events,
        timers,
        timerRequests: deps.timerRequests,
        cipher: deps.cipher,
      },
      {
        beneficiaryId: scope.beneficiaryId,
        service,
        fields: data.fields,
        documents: data.documents,
        declaration: data.declaration,
        channel: scope.channel,
        completedAt: scope.now,
        actor: `beneficiary:${scope.beneficiaryId}`,
        // The message that submitted it: the case page shows the chat that made it, and no more.
        eventData: scope.inboundId ? { inboundId: scope.inboundId } : undefined,
      },
    );
    const due = formatDeadline(
      dueDate,
      scope.lang,
      deps.profile.calendar.timeZone,
      deps.profile.languages.arabicDigits,
    );
    return { ref: reference, days, dueHijri: due.hijri, dueGregorian: due.gregorian, dueDate };
  };
}
