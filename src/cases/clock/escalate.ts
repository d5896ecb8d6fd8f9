import type { EscalatedSubject } from '../../store/escalation-repository';
import { PgComplaintRepository } from '../../store/complaint-repository';
import { ESCALATION_LADDER } from '../rules/case-timers';
import { complaintOwnerAt } from '../rules/complaint-escalation';
import { OPEN_COMPLAINT, OPEN_REQUEST, WAITING, type ClockContext } from './clock-context';
import { alertEscalationLevel } from './escalation-alerts';

const complaints = new PgComplaintRepository();

/**
 * A request or complaint still open at the next step of the ladder (follow-up committee → executive
 * management → board): raised to `level` (a complaint handed to that level's owner), that level alerted, the next step's timer set.
 */
export async function escalate(
  ctx: ClockContext,
  subject: EscalatedSubject,
  reference: string,
  level: number,
): Promise<string> {
  const { db, events } = ctx.deps;
  return db.transaction(async (tx) => {
    const row = await ctx.escalations.lock(tx, subject, reference);
    const open = subject === 'request' ? OPEN_REQUEST : OPEN_COMPLAINT;
    if (!row || !open.includes(row.status)) return 'skipped: resolved';
    if (subject === 'request' && row.status === WAITING) return 'skipped: waiting for the applicant';
    if (row.level >= level) return 'skipped: already at this level';
    const now = ctx.now();
    await ctx.escalations.raise(tx, subject, reference, level, now);
    const owner = subject === 'complaint' ? complaintOwnerAt(level) : undefined;
    if (owner) await complaints.reroute(tx, reference, owner);
    const subjectType = subject === 'request' ? 'service_request' : 'complaint';
    await events.append(tx, {
      actor: 'system:clock',
      subjectType,
      subjectId: reference,
      type: `${subject}.escalated`,
      data: { level, to: ESCALATION_LADDER[level - 1], ...(owner ? { routedTo: owner } : {}) },
      at: now,
    });
    await alertEscalationLevel(ctx.deps, tx, subjectType, reference, level, row.dueDate);
    await ctx.plan(tx, ctx.timers.nextEscalation(subject, reference, level, now));
    return `escalated to ${ESCALATION_LADDER[level - 1]}`;
  });
}
