import type { Profile } from '../config/profile-schema';
import type { SqlExecutor } from './database';

type Holiday = Profile['calendar']['holidays'][number];

/**
 * The holidays deadlines are counted with: the profile file's plus the console's holiday table, kept
 * current while the app runs. `profile` is the file's profile whose `calendar.holidays` always lists
 * both, as they stood at the last `refresh`: everything built on it (each `WorkingCalendar`, which
 * reads the list at every use) follows a change without a restart.
 *
 * The process that changes the table refreshes at once (the console calls `refresh` before it
 * answers); other processes catch up on their periodic `refresh` (the runtime's, every
 * `holidayRefreshMs`). The table is small, so a refresh reads it whole and compares.
 *
 * The Saudi holidays computed for every year are not in the list: the calendar carries their rules
 * (`saudiHolidays`) and each `WorkingCalendar` works them out for whatever year it counts in, so New
 * Year needs no refresh; a listed holiday replaces a computed one it overlaps.
 */
export class LiveHolidays {
  readonly profile: Profile;
  private holidays: readonly Holiday[];
  private signature = '';

  constructor(
    private readonly db: SqlExecutor,
    private readonly file: Profile,
  ) {
    this.holidays = file.calendar.holidays;
    const calendar = { ...file.calendar };
    // A getter rather than a copy: a spread of the calendar takes the list of the moment, as before.
    Object.defineProperty(calendar, 'holidays', { get: () => this.holidays, enumerable: true });
    this.profile = { ...file, calendar };
  }

  /** The calendar as it stands now, as plain data (for a recompute, a report). */
  snapshot(): Profile['calendar'] {
    return { ...this.profile.calendar, holidays: [...this.holidays] };
  }

  /** Reads the holiday table; whether it changed since the last read. */
  async refresh(): Promise<boolean> {
    const present = await this.db.query<{ present: boolean }>(
      `SELECT to_regclass('holidays') IS NOT NULL AS present`,
    );
    const stored = present.rows[0]?.present
      ? (
          await this.db.query<{
            name_ar: string;
            name_en: string | null;
            from_date: string;
            to_date: string;
          }>(
            `SELECT name_ar, name_en, from_date::text AS from_date, to_date::text AS to_date
             FROM holidays ORDER BY from_date, id`,
          )
        ).rows
      : [];
    const signature = stored.map((h) => `${h.from_date}..${h.to_date}`).join(',');
    if (signature === this.signature) return false;
    this.signature = signature;
    this.holidays = [
      ...this.file.calendar.holidays,
      ...stored.map((h) => ({
        name: h.name_en ? { ar: h.name_ar, en: h.name_en } : { ar: h.name_ar },
        from: h.from_date,
        to: h.to_date,
      })),
    ];
    return true;
  }
}
