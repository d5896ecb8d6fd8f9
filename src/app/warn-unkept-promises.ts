import type { Logger } from 'pino';
import type { Profile } from '../config/profile-schema';
import { describePromiseGap, findPromiseGaps } from '../cases/promise-owners';
import { WorkingCalendar } from '../domain/calendar/working-calendar';
import type { Translator } from '../i18n/translator';
import type { Database } from '../store/database';

/**
 * At start-up, one warning per enabled flow whose work nobody can receive, naming the fix (the same
 * list the console's home page shows, `GET /api/setup/warnings`). In English: the log is the operator's.
 * A failure to read the staff is logged, never fatal: the service runs and the home page still warns.
 */
export async function warnOfUnkeptPromises(deps: {
  db: Database;
  profile: Profile;
  translator: Translator;
  staffGroup: boolean;
  logger: Logger;
  now: () => Date;
}): Promise<void> {
  const { db, profile, translator, staffGroup, logger } = deps;
  const today = new WorkingCalendar(profile.calendar).localDate(deps.now());
  try {
    for (const gap of await findPromiseGaps(db, profile, { staffGroup, today })) {
      const { message, fix } = describePromiseGap(gap, { translator, profile, lang: 'en' });
      logger.warn({ flow: gap.flow, code: gap.code, fix }, `promise without an owner: ${message}`);
    }
  } catch (err) {
    logger.warn({ err }, 'could not check who receives each flow’s work');
  }
}
