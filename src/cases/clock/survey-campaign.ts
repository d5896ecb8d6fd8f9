import type { ClockContext } from './clock-context';
import { surveyAfterClose } from './survey-after-close';

/** Invites everyone with a case closed in the period (and consent) who was not asked yet. */
export async function surveyCampaign(ctx: ClockContext): Promise<string> {
  const since = new Date(ctx.now().getTime() - ctx.deps.profile.surveys.campaignEveryDays * 86_400_000);
  let sent = 0;
  for (const reference of await ctx.requests.finishedUnrated(ctx.deps.db, since)) {
    if ((await surveyAfterClose(ctx, reference, 'campaign')) === 'survey sent') sent++;
  }
  return `campaign: ${sent} invited`;
}
