import type { ClockContext } from './clock-context';

/** Purges what is kept longer than its purpose needs (PDPL), one audit event per purge. */
export async function retention(ctx: ClockContext): Promise<string> {
  const { db, events, profile, documents } = ctx.deps;
  const now = ctx.now();
  const cutoff = (days: number) => new Date(now.getTime() - days * 86_400_000);
  const drafts = await db.transaction(async (tx) => {
    const purged = await ctx.drafts.purgeIdleSince(tx, cutoff(profile.retention.draftDays));
    for (const conversationId of purged) {
      await events.append(tx, {
        actor: 'system:retention',
        subjectType: 'conversation',
        subjectId: conversationId,
        type: 'retention.draftPurged',
        at: now,
      });
    }
    return purged.length;
  });
  const closed = await ctx.documents.ofRequestsClosedBefore(
    db,
    cutoff(profile.retention.closedCaseDocumentsDays),
  );
  for (const doc of closed) {
    await documents?.delete(doc.ref);
    await db.transaction(async (tx) => {
      await ctx.documents.remove(tx, doc.id);
      await events.append(tx, {
        actor: 'system:retention',
        subjectType: 'service_request',
        subjectId: doc.reference,
        type: 'retention.documentPurged',
        at: now,
      });
    });
  }
  return `purged ${drafts} drafts, ${closed.length} documents`;
}
