import type { Profile } from '../../config/profile-schema';
import { formatDeadline } from '../../domain/calendar/format-date';
import type { SqlExecutor } from '../../store/database';
import { PgComplaintRepository } from '../../store/complaint-repository';
import { CaseTimers } from '../rules/case-timers';
import type { ClockContext } from './clock-context';

const complaints = new PgComplaintRepository();

/**
 * The holiday table (or working week) changed: recompute the due date of every open request from
 * its clock's start and of every open complaint from its opening, record each move, move its timers,
 * and tell the person the new date (once: a second pass finds nothing left to move). Returns the
 * references moved.
 */
export async function recomputeDeadlines(
  ctx: ClockContext,
  calendar: Profile['calendar'],
): Promise<string[]> {
  const profile = { ...ctx.deps.profile, calendar };
  const timers = new CaseTimers(profile);
  const tell = async (
    tx: SqlExecutor,
    beneficiaryId: string | null,
    key: string,
    reference: string,
    due: string,
  ) => {
    if (!beneficiaryId) return;
    await ctx.deps.notifier.notify(tx, beneficiaryId, key, (lang) => {
      const date = formatDeadline(due, lang, calendar.timeZone, profile.languages.arabicDigits);
      return { ref: reference, dueHijri: date.hijri, dueGregorian: date.gregorian };
    });
  };
  return ctx.deps.db.transaction(async (tx) => {
    const moved: string[] = [];
    for (const request of await ctx.requests.lockOpenDeadlines(tx)) {
      const service = profile.services.find((s) => s.id === request.serviceId);
      const days =
        request.clockWorkingDays ?? service?.decisionWorkingDays ?? profile.deadlines.decisionWorkingDays;
      const due = timers.calendar.addWorkingDays(request.clockStartedAt, days);
      if (due === request.dueDate) continue;
      await ctx.requests.setDueDate(tx, request.reference, due);
      await ctx.deps.events.append(tx, {
        actor: 'system:calendar',
        subjectType: 'service_request',
        subjectId: request.reference,
        type: 'request.dueMoved',
        data: { from: request.dueDate, to: due },
        at: ctx.now(),
      });
      await ctx.plan(tx, timers.requestSubmitted(request.reference, due));
      await tell(tx, request.beneficiaryId, 'notify.request.dueMoved', request.reference, due);
      moved.push(request.reference);
    }
    for (const ticket of await complaints.lockOpenDeadlines(tx)) {
      const due = timers.calendar.addWorkingDays(ticket.createdAt, profile.deadlines.complaintWorkingDays);
      if (due === ticket.dueDate) continue;
      await complaints.setDueDate(tx, ticket.reference, due);
      await ctx.deps.events.append(tx, {
        actor: 'system:calendar',
        subjectType: 'complaint',
        subjectId: ticket.reference,
        type: 'complaint.dueMoved',
        data: { from: ticket.dueDate, to: due },
        at: ctx.now(),
      });
      // Its first escalation follows the new date; once escalated, the ladder's own timers run on.
      if (ticket.kind !== 'suggestion' && ticket.escalationLevel === 0) {
        await ctx.plan(tx, timers.complaintOpened(ticket.reference, due));
      }
      await tell(tx, ticket.beneficiaryId, 'notify.complaint.dueMoved', ticket.reference, due);
      moved.push(ticket.reference);
    }
    return moved;
  });
}
