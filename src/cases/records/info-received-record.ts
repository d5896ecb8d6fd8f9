import { z } from 'zod';
import type { Profile, Service } from '../../config/profile-schema';
import { formatDeadline } from '../../domain/calendar/format-date';
import { CaseTimers } from '../rules/case-timers';
import type { PgEventLog } from '../../store/event-log';
import { PgInfoRequestRepository } from '../../store/info-request-repository';
import { PgRequestDocumentRepository } from '../../store/request-document-repository';
import { PgServiceRequestRepository } from '../../store/service-request-repository';
import type { PgStaffNotificationRepository } from '../../store/staff-notification-repository';
import type { PgTimerRequestRepository } from '../../store/timer-request-repository';
import type { StaffDirectory } from '../staff-directory';
import type { EffectHandler } from '../../conversation/effect-handlers';

const serviceRequests = new PgServiceRequestRepository();
const documents = new PgRequestDocumentRepository();

const ReceivedDocument = z.object({
  ref: z.string(),
  sha256: z.string(),
  mimeType: z.string(),
  sizeBytes: z.number(),
  fileName: z.string().optional(),
});

const ReceivedInfo = z.object({
  reference: z.string(),
  fields: z.record(z.string(), z.union([z.string(), z.number()])),
  documents: z.record(z.string(), ReceivedDocument),
});

export interface InfoReceivedDeps {
  profile: Profile;
  events: PgEventLog;
  staffNotifications: PgStaffNotificationRepository;
  directory: StaffDirectory;
  /** Where the committee's timers are requested; without it none are moved (tests of the flow alone). */
  timerRequests?: PgTimerRequestRepository;
  /**
   * Seals the national ID / Iqama answers at rest as the original form's are, and opens stored ones
   * (`sealSensitiveFields` / `openSealedFields` of src/security/sealed-parts.ts with the runtime's cipher).
   * Without it the answers are stored as given.
   */
  sealing?: FieldSealing;
}

type Fields = Record<string, string | number>;

/** How a request's answers are sealed at rest and opened again. */
export interface FieldSealing {
  seal: (fields: Fields, service: Pick<Service, 'fields'>) => Fields;
  open: (fields: Fields) => Fields;
}

/**
 * The information the committee asked for, sent by the applicant (`flows/request-info.ts`): the
 * answers are merged into the request's fields (sealed as at submission), the documents added, the
 * request goes back to review (`needs_info` → `under_review`, actor `beneficiary:<id>`) with its
 * decision date moved as the profile says (`deadlines.onInfoRequest`) and its timers moved with it;
 * the applicant's reminders stop, and the staff who asked and the category's officers are alerted.
 * Only the person's own request, only while it waits: anything else fails the step.
 */
export function infoReceivedRecord(deps: InfoReceivedDeps): EffectHandler {
  const timers = new CaseTimers(deps.profile);
  const requests = new PgInfoRequestRepository();
  return async (effect, scope) => {
    if (effect.type !== 'createRecord') return;
    const data = ReceivedInfo.parse(effect.data);
    const request = await requests.lock(scope.tx, data.reference, scope.beneficiaryId);
    if (!request || request.status !== 'needs_info') {
      throw new Error(`request ${data.reference} is not waiting for this person's information`);
    }
    const service = deps.profile.services.find((s) => s.id === request.serviceId);
    if (!service) throw new Error(`unknown service ${request.serviceId}`);
    const stored = (await serviceRequests.fields(scope.tx, request.id)) as Fields;
    // Opened, merged and sealed again, so every ID answer is sealed however it was stored before.
    const open = deps.sealing?.open ?? ((f: Fields) => f);
    const seal = deps.sealing?.seal ?? ((f: Fields) => f);
    const fields = { ...open(stored), ...data.fields };
    await serviceRequests.backToReview(scope.tx, request.id, seal(fields, service), scope.now);
    await documents.add(scope.tx, request.id, data.documents);
    const days = service.decisionWorkingDays ?? deps.profile.deadlines.decisionWorkingDays;
    const clock = await requests.resume(scope.tx, request, timers, scope.now, days);
    await deps.timerRequests?.add(scope.tx, clock.plans);
    const asked = request.infoRequest;
    await deps.events.append(scope.tx, {
      actor: `beneficiary:${scope.beneficiaryId}`,
      subjectType: 'service_request',
      subjectId: request.reference,
      type: 'request.infoReceived',
      // Which items arrived, never their values.
      data: {
        from: 'needs_info',
        to: 'under_review',
        fields: Object.keys(data.fields),
        documents: Object.keys(data.documents),
        channel: scope.channel,
        // The message that sent it: the case page shows the chat that answered the committee.
        ...(scope.inboundId ? { inboundId: scope.inboundId } : {}),
        dueDate: { from: clock.from, to: clock.to, mode: clock.mode },
      },
      at: scope.now,
    });
    const asker = asked?.askedBy.startsWith('staff:') ? [asked.askedBy.slice('staff:'.length)] : [];
    const recipients = [
      ...new Set([
        ...asker,
        ...(await deps.directory.forCategory(scope.tx, request.categoryId)),
        ...(await deps.directory.withRole(scope.tx, 'committee')),
      ]),
    ];
    const round = asked ? Date.parse(asked.askedAt) : scope.now.getTime();
    await deps.staffNotifications.add(
      scope.tx,
      recipients.map((recipient) => ({
        recipient,
        kind: 'request.infoReceived',
        subjectType: 'service_request',
        subjectId: request.reference,
        data: { dueDate: clock.to },
        dedupeKey: `request-${request.reference}-info-${round}-received-${recipient}`,
      })),
    );
    const due = formatDeadline(
      clock.to,
      scope.lang,
      deps.profile.calendar.timeZone,
      deps.profile.languages.arabicDigits,
    );
    return { ref: request.reference, dueDate: clock.to, dueHijri: due.hijri, dueGregorian: due.gregorian };
  };
}
