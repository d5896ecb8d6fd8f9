import type { LocalizedText, Profile } from '../../config/profile-schema';
import { PgHolidayRepository } from '../../store/console/holiday-repository';
import type { Database } from '../../store/database';
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
  private readonly stored = new PgHolidayRepository();

  constructor(
    private readonly db: Database,
    private readonly profile: Profile,
    private readonly events: PgEventLog,
  ) {}

  async list(): Promise<HolidayEntry[]> {
    const stored: HolidayEntry[] = (await this.stored.list(this.db)).map((h) => ({
      ...h,
      source: 'console',
    }));
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
    const stored = await this.stored.list(this.db);
    return {
      ...this.profile.calendar,
      holidays: [
        ...this.profile.calendar.holidays,
        ...stored.map((h) => ({ name: h.name, from: h.from, to: h.to })),
      ],
    };
  }

  async add(holiday: { name: LocalizedText; from: string; to: string }, staffId: string): Promise<string> {
    return this.db.transaction(async (tx) => {
      const id = await this.stored.add(tx, { ...holiday, createdBy: staffId });
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
      const removed = await this.stored.remove(tx, id);
      if (!removed) return false;
      await this.events.append(tx, {
        actor: `staff:${staffId}`,
        subjectType: 'calendar',
        subjectId: `holiday-${id}`,
        type: 'calendar.holidayRemoved',
        data: { name: removed.nameAr, from: removed.from, to: removed.to },
      });
      return true;
    });
  }
}
