import { eraseBeneficiary } from '../erase-beneficiary';
import type { ClockContext } from './clock-context';

/**
 * A deletion request reached its due date while still open: the person's data is erased (the request
 * completed), or, where this process has no document store to erase files from, administrators are
 * alerted to do it.
 */
export async function dataDeletionDue(ctx: ClockContext, reference: string): Promise<string> {
  const { db, events, documents, directory, staffNotifications } = ctx.deps;
  if ((await ctx.dataRequests.status(db, reference)) !== 'open') return 'skipped: not open';
  if (documents) {
    await eraseBeneficiary({ db, documents, events, now: ctx.now }, reference);
    return 'deletion completed';
  }
  await db.transaction(async (tx) =>
    staffNotifications.add(
      tx,
      (await directory.withRole(tx, 'admin')).map((recipient) => ({
        recipient,
        kind: 'data.deletionDue',
        subjectType: 'data_request',
        subjectId: reference,
        dedupeKey: `deletion-due-${reference}-${recipient}`,
      })),
    ),
  );
  return 'admins alerted';
}
