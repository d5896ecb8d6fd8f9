import type { LocalizedText, Profile } from '../../config/profile-schema';
import { WorkingCalendar } from '../../domain/calendar/working-calendar';
import type { Translator } from '../../i18n/translator';
import { PgHolidayRepository } from '../../store/console/holiday-repository';
import type { Database } from '../../store/database';
import type { PgEventLog } from '../../store/event-log';

export interface HolidayEntry {
  /** `null` for a holiday of the profile file or a computed one (edited in the profile, not here). */
  id: string | null;
  name: LocalizedText;
  from: string;
  to: string;
  source: 'profile' | 'console' | 'computed';
}

/**
 * The editable holiday table: the profile's holidays (read-only here) plus the ones staff add in the
 * console (announced Eid dates), and the Saudi holidays computed for this year and the next that none of
 * those replaces. The working-day clock uses all three, for every year.
 */
export class HolidayTable {
  private readonly stored = new PgHolidayRepository();

  constructor(
    private readonly db: Database,
    private readonly profile: Profile,
    private readonly events: PgEventLog,
    private readonly translator: Translator,
    /** Today's local date: which years' computed holidays to list. */
    private readonly today: () => string,
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
    const year = Number(this.today().slice(0, 4));
    const listed = [...fromProfile, ...stored];
    const computed: HolidayEntry[] = new WorkingCalendar({ ...this.profile.calendar, holidays: listed })
      .computedHolidays(year, year + 1)
      .filter((h) => !h.replaced)
      .map((h) => ({
        id: null,
        name: {
          ar: this.translator.t('ar', `holidays.saudi.${h.id}`),
          en: this.translator.t('en', `holidays.saudi.${h.id}`),
        },
        from: h.from,
        to: h.to,
        source: 'computed',
      }));
    return [...listed, ...computed].sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0));
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
