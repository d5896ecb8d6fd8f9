import type { ClockContext } from './clock-context';

/** Management's morning digest: the day's new cases, what is overdue or escalated, satisfaction. */
export async function dailyDigest(ctx: ClockContext): Promise<string> {
  const today = ctx.today();
  return ctx.deps.db.transaction(async (tx) => {
    const counts = await ctx.digest.figures(tx, today);
    const satisfaction = await ctx.surveys.satisfactionSince(tx, today);
    const data = { date: today, ...counts, satisfaction: satisfaction ?? null };
    await ctx.deps.staffNotifications.add(
      tx,
      (await ctx.deps.directory.withRole(tx, 'manager')).map((recipient) => ({
        recipient,
        kind: 'digest.daily',
        data,
        dedupeKey: `digest-${today}-${recipient}`,
      })),
    );
    return `digest ${today}`;
  });
}
