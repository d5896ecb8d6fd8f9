import { ESCALATION_LADDER } from '../rules/case-timers';
import { OPEN_REQUEST, WAITING, type ClockContext } from './clock-context';
import { alertEscalationLevel } from './escalation-alerts';

/**
 * The working day after a request's decision date, undecided: it is overdue, goes to the first level of
 * the escalation ladder (whose members are alerted), and the next level's timer is set.
 */
export async function deadlineDue(ctx: ClockContext, reference: string): Promise<string> {
  const { db, events } = ctx.deps;
  return db.transaction(async (tx) => {
    const request = await ctx.requests.lockForClock(tx, reference);
    if (!request || !OPEN_REQUEST.includes(request.status)) return 'skipped: decided';
    if (request.status === WAITING) return 'skipped: waiting for the applicant';
    if (ctx.today() <= request.dueDate) return 'skipped: not due yet';
    if (request.escalationLevel >= 1) return 'skipped: already overdue';
    const now = ctx.now();
    await ctx.requests.markOverdue(tx, reference, now);
    await events.append(tx, {
      actor: 'system:clock',
      subjectType: 'service_request',
      subjectId: reference,
      type: 'request.overdue',
      data: { dueDate: request.dueDate, escalatedTo: ESCALATION_LADDER[0] },
      at: now,
    });
    await alertEscalationLevel(ctx.deps, tx, 'service_request', reference, 1, request.dueDate);
    await ctx.plan(tx, ctx.timers.nextEscalation('request', reference, 1, now));
    return 'overdue';
  });
}
