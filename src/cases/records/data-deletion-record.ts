import type { Profile } from '../../config/profile-schema';
import { formatDeadline } from '../../domain/calendar/format-date';
import { WorkingCalendar } from '../../domain/calendar/working-calendar';
import { REFERENCE_PREFIXES } from '../rules/reference';
import { addCalendarDays, DATA_REQUEST_DAYS } from '../rules/data-requests';
import type { PgEventLog } from '../../store/event-log';
import { PgDataRequestRepository } from '../../store/data-request-repository';
import type { EffectHandler } from '../../conversation/effect-handlers';

const dataRequests = new PgDataRequestRepository();

/**
 * Opens a tracked deletion request (PDPL right to destruction): a `data_requests` row of kind
 * `deletion` with a `DAT-…` reference, due 30 calendar days after today in the association's zone.
 * The erasure itself is done later by `eraseBeneficiary`, which completes this request.
 * Returns the reference and the due date for the confirmation text.
 */
export function dataDeletionRecord(deps: { profile: Profile; events: PgEventLog }): EffectHandler {
  const calendar = new WorkingCalendar(deps.profile.calendar);
  return async (effect, scope) => {
    if (effect.type !== 'createRecord') return;
    const dueDate = addCalendarDays(calendar.localDate(scope.now), DATA_REQUEST_DAYS);
    const reference = await dataRequests.openDeletion(scope.tx, REFERENCE_PREFIXES.data, {
      beneficiaryId: scope.beneficiaryId,
      dueDate,
      details: { channel: scope.channel, messageId: scope.channelMessageId ?? null },
      at: scope.now,
    });
    await deps.events.append(scope.tx, {
      actor: `beneficiary:${scope.beneficiaryId}`,
      subjectType: 'data_request',
      subjectId: reference,
      type: 'data.deletionRequested',
      data: { dueDate, channel: scope.channel },
      at: scope.now,
    });
    const due = formatDeadline(dueDate, scope.lang, deps.profile.calendar.timeZone);
    return {
      ref: reference,
      days: DATA_REQUEST_DAYS,
      dueHijri: due.hijri,
      dueGregorian: due.gregorian,
      dueDate,
    };
  };
}
