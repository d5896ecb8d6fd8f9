import type { ClockContext } from './clock-context';

/**
 * Invites the person to rate a finished case, once per case. When they are busy in another
 * conversation the invitation is given back and, from the closing timer (not the campaign), tried
 * again later: a survey must not cut into a form, nor be lost because of one.
 */
export async function surveyAfterClose(
  ctx: ClockContext,
  reference: string,
  attempt: number | 'campaign',
): Promise<string> {
  const { db, flows } = ctx.deps;
  const target = await db.transaction(async (tx) => {
    const owner = await ctx.surveys.finishedCaseOwner(tx, reference);
    if (!owner) return undefined;
    return (await ctx.surveys.invite(tx, reference, owner, ctx.now())) ? owner : undefined;
  });
  if (!target) return 'skipped: not closed or already invited';
  let started: boolean;
  try {
    started = await flows.offerAtMenu(target, 'survey', { caseReference: reference });
  } catch (err) {
    // Give the invitation back so the retry can send it: a survey is asked at most once per case.
    await ctx.surveys.uninvite(db, reference);
    throw err;
  }
  if (started) return 'survey sent';
  const retry = attempt === 'campaign' ? [] : ctx.timers.surveyPutOff(reference, attempt, ctx.now());
  await db.transaction(async (tx) => {
    await ctx.surveys.uninvite(tx, reference);
    await ctx.plan(tx, retry);
  });
  const next = retry[0]?.fireAt;
  return next ? `busy: asked again at ${next.toISOString()}` : 'skipped: busy';
}
