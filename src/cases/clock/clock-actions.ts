import type { Profile } from '../../config/profile-schema';
import type { SqlExecutor } from '../../store/database';
import type { CaseTimers, TimerPlan } from '../rules/case-timers';
import { timerJobId, type TimerJob } from '../rules/timer-job';
import { ClockContext, type ClockDeps } from './clock-context';
import { dailyDigest } from './daily-digest';
import { dataDeletionDue } from './data-deletion-due';
import { dataDeletionErase } from './data-deletion-erase';
import { deadlineDue } from './deadline-due';
import { deadlineReminder } from './deadline-reminder';
import { draftSweep } from './draft-sweep';
import { escalate } from './escalate';
import { infoReminder } from './info-reminder';
import { recomputeDeadlines } from './recompute-deadlines';
import { retention } from './retention';
import { surveyAfterClose } from './survey-after-close';
import { surveyCampaign } from './survey-campaign';

export type { ClockDeps } from './clock-context';

/**
 * What happens when a timer fires: one file per job kind in this folder. Every job first re-reads the
 * case: a timer that fires late, twice, or after the case moved on changes nothing. Returns a short
 * outcome for logs and tests.
 */
export class ClockActions {
  private readonly ctx: ClockContext;

  constructor(deps: ClockDeps) {
    this.ctx = new ClockContext(deps);
  }

  /** Which timers a case event sets or cancels (pure). */
  get timers(): CaseTimers {
    return this.ctx.timers;
  }

  handle(job: TimerJob): Promise<string> {
    const { ctx } = this;
    switch (job.kind) {
      case 'deadlineReminder':
        return deadlineReminder(ctx, job.reference, job.workingDaysBefore, timerJobId(job));
      case 'deadlineDue':
        return deadlineDue(ctx, job.reference);
      case 'infoReminder':
        return infoReminder(ctx, job.reference, job.round);
      case 'escalate':
        return escalate(ctx, job.subject, job.reference, job.level);
      case 'surveyAfterClose':
        return surveyAfterClose(ctx, job.reference, job.attempt ?? 1);
      case 'dataDeletionDue':
        return dataDeletionDue(ctx, job.reference);
      case 'dataDeletionErase':
        return dataDeletionErase(ctx, job.reference, job.attempt);
      case 'dailyDigest':
        return dailyDigest(ctx);
      case 'retention':
        return retention(ctx);
      case 'surveyCampaign':
        return surveyCampaign(ctx);
      case 'draftSweep':
        return draftSweep(ctx);
    }
  }

  /** Writes timer plans into the timer outbox of `tx`. */
  plan(tx: SqlExecutor, plans: readonly TimerPlan[]): Promise<void> {
    return this.ctx.plan(tx, plans);
  }

  /** The holiday table or working week changed: open requests' due dates and timers move. */
  recomputeDeadlines(calendar: Profile['calendar']): Promise<string[]> {
    return recomputeDeadlines(this.ctx, calendar);
  }
}
