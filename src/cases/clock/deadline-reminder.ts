import { OPEN_REQUEST, WAITING, type ClockContext } from './clock-context';

/**
 * N working days before a request's decision date: the officer it was assigned to, the category's
 * officers and the committee are reminded, once per due date.
 */
export async function deadlineReminder(
  ctx: ClockContext,
  reference: string,
  daysBefore: number,
  jobId: string,
): Promise<string> {
  const { db, directory, staffNotifications } = ctx.deps;
  return db.transaction(async (tx) => {
    const request = await ctx.requests.lockForClock(tx, reference);
    if (!request || !OPEN_REQUEST.includes(request.status)) return 'skipped: decided';
    if (request.status === WAITING) return 'skipped: waiting for the applicant';
    if (ctx.today() > request.dueDate) return 'skipped: already due';
    const recipients = [
      // The officer it was assigned to at run time (`CaseAssignments`), then the category's and the committee.
      ...(request.routedTo ? [request.routedTo] : []),
      ...(await directory.forCategory(tx, request.categoryId)),
      ...(await directory.withRole(tx, 'committee')),
    ];
    await staffNotifications.add(
      tx,
      [...new Set(recipients)].map((recipient) => ({
        recipient,
        kind: 'deadline.reminder',
        subjectType: 'service_request',
        subjectId: reference,
        data: { dueDate: request.dueDate, workingDaysLeft: daysBefore },
        dedupeKey: `${jobId}-${request.dueDate}-${recipient}`,
      })),
    );
    return 'reminded';
  });
}
