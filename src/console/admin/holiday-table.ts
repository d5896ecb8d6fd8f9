import type { LocalizedText, Profile } from '../../config/profile-schema';
import type { Database, SqlExecutor } from '../../store/database';
import type { PgEventLog } from '../../store/event-log';

export interface HolidayEntry {
  /** `null` for a holiday of the profile file (edited there, not here). */
  id: string | null;
  name: LocalizedText;
  from: string;
  to: string;
  source: 'profile' | 'console';
}

/**
 * The editable holiday table: the profile's holidays (read-only here) plus the ones staff add in the
 * console (Eid dates are only known when announced). The working-day clock uses both.
 */
export class HolidayTable {
  constructor(
    private readonly db: Database,
    private readonly profile: Profile,
    private readonly events: PgEventLog,
  ) {}

  async list(): Promise<HolidayEntry[]> {
    const stored = await storedHolidays(this.db);
    const fromProfile: HolidayEntry[] = this.profile.calendar.holidays.map((h) => ({
      id: null,
      name: h.name,
      from: h.from,
      to: h.to,
      source: 'profile',
    }));
    return [...fromProfile, ...stored].sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0));
  }

  /** The profile's calendar with the console's holidays added: what deadlines are counted with. */
  async calendar(): Promise<Profile['calendar']> {
    return mergeHolidays(this.profile, await storedHolidays(this.db)).calendar;
  }

  async add(holiday: { name: LocalizedText; from: string; to: string }, staffId: string): Promise<string> {
    return this.db.transaction(async (tx) => {
      const inserted = await tx.query<{ id: string }>(
        `INSERT INTO holidays (name_ar, name_en, from_date, to_date, created_by) VALUES ($1, $2, $3, $4, $5)
         RETURNING id::text AS id`,
        [holiday.name.ar, holiday.name.en ?? null, holiday.from, holiday.to, staffId],
      );
      const id = inserted.rows[0]!.id;
      await this.events.append(tx, {
        actor: `staff:${staffId}`,
        subjectType: 'calendar',
        subjectId: `holiday-${id}`,
        type: 'calendar.holidayAdded',
        data: { name: holiday.name.ar, from: holiday.from, to: holiday.to },
      });
      return id;
    });
  }

  /** Returns false when there is no such console holiday. */
  async remove(id: string, staffId: string): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      const removed = await tx.query<{ name_ar: string; from_date: string; to_date: string }>(
        `DELETE FROM holidays WHERE id = $1 RETURNING name_ar, from_date::text AS from_date, to_date::text AS to_date`,
        [id],
      );
      const row = removed.rows[0];
      if (!row) return false;
      await this.events.append(tx, {
        actor: `staff:${staffId}`,
        subjectType: 'calendar',
        subjectId: `holiday-${id}`,
        type: 'calendar.holidayRemoved',
        data: { name: row.name_ar, from: row.from_date, to: row.to_date },
      });
      return true;
    });
  }
}

async function storedHolidays(db: SqlExecutor): Promise<HolidayEntry[]> {
  const found = await db.query<{
    id: string;
    name_ar: string;
    name_en: string | null;
    from_date: string;
    to_date: string;
  }>(
    `SELECT id::text AS id, name_ar, name_en, from_date::text AS from_date, to_date::text AS to_date
     FROM holidays ORDER BY from_date, id`,
  );
  return found.rows.map((r) => ({
    id: r.id,
    name: r.name_en ? { ar: r.name_ar, en: r.name_en } : { ar: r.name_ar },
    from: r.from_date,
    to: r.to_date,
    source: 'console' as const,
  }));
}

function mergeHolidays(profile: Profile, stored: readonly HolidayEntry[]): Profile {
  return {
    ...profile,
    calendar: {
      ...profile.calendar,
      holidays: [
        ...profile.calendar.holidays,
        ...stored.map((h) => ({ name: h.name, from: h.from, to: h.to })),
      ],
    },
  };
}

/**
 * The profile with the console's holidays merged in, for `main` to start the runtime with (so every
 * deadline counts them). Before the first migration there is no table yet, and nothing to merge.
 */
export async function withStoredHolidays(db: SqlExecutor, profile: Profile): Promise<Profile> {
  const present = await db.query<{ present: boolean }>(
    `SELECT to_regclass('holidays') IS NOT NULL AS present`,
  );
  if (!present.rows[0]?.present) return profile;
  return mergeHolidays(profile, await storedHolidays(db));
}
