import type { Profile } from '../config/profile-schema';
import type { TimerScheduler } from '../queue/timer-scheduler';

/**
 * The periodic jobs, as BullMQ job schedulers upserted by id (restarts and several processes keep one
 * schedule each): the daily digest at the profile's hour, the draft sweep every minute, retention at
 * night, and the survey campaign every `surveys.campaignEveryDays`, in the association's time zone.
 */
export async function schedulePeriodicTimers(scheduler: TimerScheduler, profile: Profile): Promise<void> {
  const zone = profile.calendar.timeZone;
  await scheduler.upsertPeriodic({ kind: 'dailyDigest' }, profile.digest.cron, zone);
  await scheduler.upsertPeriodic({ kind: 'draftSweep' }, '* * * * *', zone);
  await scheduler.upsertPeriodic({ kind: 'retention' }, '30 2 * * *', zone);
  const months = Math.max(1, Math.round(profile.surveys.campaignEveryDays / 30));
  await scheduler.upsertPeriodic({ kind: 'surveyCampaign' }, `0 10 1 */${months} *`, zone);
}
