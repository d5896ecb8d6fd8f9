import type { Profile } from '../../config/profile-schema';
import { CaseTimers } from '../rules/case-timers';
import type { ClockContext } from './clock-context';

/**
 * The holiday table (or working week) changed: recompute the due date of every open request from
 * its clock's start, record each move, and move its timers. Returns the references moved.
 */
export async function recomputeDeadlines(
  ctx: ClockContext,
  calendar: Profile['calendar'],
): Promise<string[]> {
  const profile = { ...ctx.deps.profile, calendar };
  const timers = new CaseTimers(profile);
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
      moved.push(request.reference);
    }
    return moved;
  });
}
