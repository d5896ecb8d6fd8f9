import type { Profile } from '../../config/profile-schema';
import { formatDeadline } from '../../domain/calendar/format-date';
import { CaseTimers } from '../rules/case-timers';
import { REFERENCE_PREFIXES } from '../rules/reference';
import { addCalendarDays, DATA_REQUEST_DAYS } from '../rules/data-requests';
import type { PgEventLog } from '../../store/event-log';
import { PgDataRequestRepository } from '../../store/data-request-repository';
import type { PgTimerRequestRepository } from '../../store/timer-request-repository';
import type { EffectHandler } from '../../conversation/effect-handlers';

const dataRequests = new PgDataRequestRepository();

/**
 * Opens a tracked deletion request (PDPL right to destruction): a `data_requests` row of kind
 * `deletion` with a `DAT-…` reference, due 30 calendar days after today in the association's zone,
 * and the timer that carries it out on that date (`dataDeletionDue`, in the step's transaction): the
 * erasure (`DataErasure`) tells the person, then erases as `eraseBeneficiary` does. An administrator
 * may carry it out earlier or refuse it (`DataRequestQueue`).
 * Returns the reference and the due date for the confirmation text.
 */
export function dataDeletionRecord(deps: {
  profile: Profile;
  events: PgEventLog;
  /** Where the due-date timer is requested; without it none is set (tests of the flow alone). */
  timerRequests?: PgTimerRequestRepository;
}): EffectHandler {
  const timers = new CaseTimers(deps.profile);
  return async (effect, scope) => {
    if (effect.type !== 'createRecord') return;
    const dueDate = addCalendarDays(timers.calendar.localDate(scope.now), DATA_REQUEST_DAYS);
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
    await deps.timerRequests?.add(scope.tx, timers.dataRequestOpened(reference, dueDate));
    const due = formatDeadline(
      dueDate,
      scope.lang,
      deps.profile.calendar.timeZone,
      deps.profile.languages.arabicDigits,
    );
    return {
      ref: reference,
      days: DATA_REQUEST_DAYS,
      dueHijri: due.hijri,
      dueGregorian: due.gregorian,
      dueDate,
    };
  };
}
