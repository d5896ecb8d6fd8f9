import { z } from 'zod';
import type { Profile } from '../../config/profile-schema';
import { CaseTimers } from '../../domain/cases/case-timers';
import { formatDeadline } from '../../domain/calendar/format-date';
import { REFERENCE_PREFIXES } from '../../domain/cases/reference';
import type { PgEventLog } from '../../store/event-log';
import type { PgTimerRequestRepository } from '../../store/timer-request-repository';
import { insertWithReference } from '../../store/with-reference';
import type { EffectHandler } from '../effect-handlers';

const SubmittedRequest = z.object({
  serviceId: z.string(),
  fields: z.record(z.string(), z.union([z.string(), z.number()])),
  documents: z.record(
    z.string(),
    z.object({
      ref: z.string(),
      sha256: z.string(),
      mimeType: z.string(),
      sizeBytes: z.number(),
      fileName: z.string().optional(),
    }),
  ),
  declaration: z.object({
    version: z.string(),
    hash: z.string().regex(/^[a-f0-9]{64}$/),
    at: z.string(),
    channel: z.string(),
    messageId: z.string(),
  }),
});

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
}): EffectHandler {
  const timers = new CaseTimers(deps.profile);
  const { calendar } = timers;
  return async (effect, scope) => {
    if (effect.type !== 'createRecord') return;
    const data = SubmittedRequest.parse(effect.data);
    const service = deps.profile.services.find((s) => s.id === data.serviceId);
    if (!service) throw new Error(`unknown service ${data.serviceId}`);
    const days = service.decisionWorkingDays ?? deps.profile.deadlines.decisionWorkingDays;
    const dueDate = calendar.addWorkingDays(scope.now, days);
    const { reference, row } = await insertWithReference<{ id: string }>(
      scope.tx,
      REFERENCE_PREFIXES.request,
      (ref) => ({
        sql: `INSERT INTO service_requests
              (reference, beneficiary_id, service_id, category_id, status, fields, channel, declaration, completed_at, due_date)
            VALUES ($1, $2, $3, $4, 'submitted', $5, $6, $7, $8, $9)
            ON CONFLICT (reference) DO NOTHING RETURNING id`,
        params: [
          ref,
          scope.beneficiaryId,
          service.id,
          service.category,
          JSON.stringify(data.fields),
          scope.channel,
          JSON.stringify(data.declaration),
          scope.now.toISOString(),
          dueDate,
        ],
      }),
    );
    for (const [documentId, doc] of Object.entries(data.documents)) {
      await scope.tx.query(
        `INSERT INTO request_documents (request_id, document_id, ref, sha256, mime_type, size_bytes, file_name)
         VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [row.id, documentId, doc.ref, doc.sha256, doc.mimeType, doc.sizeBytes, doc.fileName ?? null],
      );
    }
    await deps.events.append(scope.tx, {
      actor: `beneficiary:${scope.beneficiaryId}`,
      subjectType: 'service_request',
      subjectId: reference,
      type: 'request.submitted',
      data: {
        serviceId: service.id,
        dueDate,
        declarationHash: data.declaration.hash,
        channel: scope.channel,
      },
      at: scope.now,
    });
    // The committee's clock: reminders before the due date, overdue and escalation after it.
    await deps.timerRequests?.add(scope.tx, timers.requestSubmitted(reference, dueDate));
    const due = formatDeadline(dueDate, scope.lang, deps.profile.calendar.timeZone);
    return { ref: reference, days, dueHijri: due.hijri, dueGregorian: due.gregorian, dueDate };
  };
}
