import type { Profile, StaffRole } from '../../config/profile-schema';
import type { TimerJob } from './timer-job';
import { WorkingCalendar } from '../../domain/calendar/working-calendar';
import { ERASURE_CHECK_EVERY_MINUTES, ERASURE_FIRST_CHECK_MINUTES } from './data-requests';

/** How often a survey after closing is tried when the person is busy each time, and how far apart. */
export const SURVEY_ATTEMPTS = 3;
export const SURVEY_RETRY_HOURS = 3;

/** A timer to set at `fireAt`, or to cancel when `fireAt` is undefined. */
export interface TimerPlan {
  job: TimerJob;
  fireAt?: Date;
}

/** Who is told at each escalation level: follow-up committee → executive management → board. */
export const ESCALATION_LADDER: readonly StaffRole[] = ['committee', 'manager', 'board'];

/**
 * Which timers each case event sets or cancels, from the profile's deadlines and the one
 * working-day clock. Pure: the caller writes the plans into the timer outbox of its transaction.
 */
export class CaseTimers {
  readonly calendar: WorkingCalendar;

  constructor(private readonly profile: Profile) {
    this.calendar = new WorkingCalendar(profile.calendar);
  }

  /** The opening of working hours on `isoDate` (or the next working day). */
  startOfWorkingDay(isoDate: string): Date {
    return this.calendar.nextWorkingTime(new Date(`${isoDate}T00:00:00Z`));
  }

  /** The opening of the first working day after `isoDate`: when a deadline on that date has passed. */
  dayAfter(isoDate: string): Date {
    return this.startOfWorkingDay(this.calendar.addWorkingDays(new Date(`${isoDate}T12:00:00Z`), 1));
  }

  requestSubmitted(reference: string, dueDate: string): TimerPlan[] {
    return [
      ...this.profile.deadlines.reminderWorkingDaysBefore.map((n) => ({
        job: { kind: 'deadlineReminder' as const, reference, workingDaysBefore: n },
        fireAt: this.startOfWorkingDay(this.calendar.subtractWorkingDays(dueDate, n)),
      })),
      { job: { kind: 'deadlineDue', reference }, fireAt: this.dayAfter(dueDate) },
    ];
  }

  /** A decision was taken: the committee's clock stops. */
  requestDecided(reference: string): TimerPlan[] {
    return [
      ...this.profile.deadlines.reminderWorkingDaysBefore.map((n) => ({
        job: { kind: 'deadlineReminder' as const, reference, workingDaysBefore: n },
      })),
      { job: { kind: 'deadlineDue', reference } },
      ...ESCALATION_LADDER.map((_, i) => ({
        job: { kind: 'escalate' as const, subject: 'request' as const, reference, level: i + 1 },
      })),
    ];
  }

  /**
   * The committee asked the applicant for more information: its own clock stops (no reminder, overdue or
   * escalation while the request waits for the applicant) and the applicant's reminders start.
   */
  infoRequested(reference: string, now: Date): TimerPlan[] {
    return [...this.requestDecided(reference), ...this.nextInfoReminder(reference, 0, now)];
  }

  /**
   * The reminder after round `round` (0: the first one), every `reminders.missingInfo.everyWorkingDays`
   * working days; one round past the profile's `max` is the alert to staff. None after that.
   */
  nextInfoReminder(reference: string, round: number, now: Date): TimerPlan[] {
    const { everyWorkingDays, max } = this.profile.reminders.missingInfo;
    if (round > max) return [];
    return [
      {
        job: { kind: 'infoReminder', reference, round: round + 1 },
        fireAt: this.startOfWorkingDay(this.calendar.addWorkingDays(now, everyWorkingDays)),
      },
    ];
  }

  /** The information arrived (or the request moved on): every reminder round is cancelled. */
  infoAnswered(reference: string): TimerPlan[] {
    return Array.from({ length: this.profile.reminders.missingInfo.max + 1 }, (_, i) => ({
      job: { kind: 'infoReminder' as const, reference, round: i + 1 },
    }));
  }

  /**
   * The committee's clock once the information it asked for arrives at `now`, per the profile's
   * `deadlines.onInfoRequest`: `pause` counts again the working days that were left when it was asked
   * (at least one, so the committee never gets a deadline already passed), `restart` the full `days`.
   */
  resumedClock(
    now: Date,
    workingDaysLeft: number,
    days: number,
  ): { dueDate: string; workingDays: number; mode: 'pause' | 'restart' } {
    const mode = this.profile.deadlines.onInfoRequest;
    const workingDays = mode === 'restart' ? days : Math.max(1, workingDaysLeft);
    return { dueDate: this.calendar.addWorkingDays(now, workingDays), workingDays, mode };
  }

  complaintOpened(reference: string, dueDate: string): TimerPlan[] {
    return [
      {
        job: { kind: 'escalate', subject: 'complaint', reference, level: 1 },
        fireAt: this.dayAfter(dueDate),
      },
    ];
  }

  complaintFinished(reference: string): TimerPlan[] {
    return ESCALATION_LADDER.map((_, i) => ({
      job: { kind: 'escalate' as const, subject: 'complaint' as const, reference, level: i + 1 },
    }));
  }

  /** The next rung after `level` was reached at `now`, if the ladder goes higher. */
  nextEscalation(subject: 'request' | 'complaint', reference: string, level: number, now: Date): TimerPlan[] {
    if (level >= ESCALATION_LADDER.length) return [];
    const days = this.profile.deadlines.escalationWorkingDays[level - 1] ?? 5;
    return [
      {
        job: { kind: 'escalate', subject, reference, level: level + 1 },
        fireAt: this.startOfWorkingDay(this.calendar.addWorkingDays(now, days)),
      },
    ];
  }

  /** A closed case gets its satisfaction survey some hours later, within working hours only. */
  caseClosed(reference: string, now: Date): TimerPlan[] {
    const later = new Date(now.getTime() + this.profile.surveys.afterCloseHours * 3_600_000);
    return [{ job: { kind: 'surveyAfterClose', reference }, fireAt: this.calendar.nextWorkingTime(later) }];
  }

  /**
   * The survey could not start because the person was in the middle of something: asked again a few
   * working hours later, up to {@link SURVEY_ATTEMPTS} times in all; none when the attempts are used up.
   */
  surveyPutOff(reference: string, attempt: number, now: Date): TimerPlan[] {
    if (attempt >= SURVEY_ATTEMPTS) return [];
    const later = new Date(now.getTime() + SURVEY_RETRY_HOURS * 3_600_000);
    return [
      {
        job: { kind: 'surveyAfterClose', reference, attempt: attempt + 1 },
        fireAt: this.calendar.nextWorkingTime(later),
      },
    ];
  }

  /**
   * A deletion request is carried out on its due date, at the hour the office opens, whether or not the
   * office works that day: the law counts calendar days, and the erasure needs no one at work.
   */
  dataRequestOpened(reference: string, dueDate: string): TimerPlan[] {
    return [{ job: { kind: 'dataDeletionDue', reference }, fireAt: this.calendar.openingOn(dueDate) }];
  }

  /** The request was refused or carried out early: its due-date timer goes. */
  dataRequestClosed(reference: string): TimerPlan[] {
    return [{ job: { kind: 'dataDeletionDue', reference } }];
  }

  /** Check `attempt` of whether the notice before an erasure went out (see `ERASURE_FIRST_CHECK_MINUTES`). */
  erasureCheck(reference: string, attempt: number, now: Date): TimerPlan[] {
    const minutes = attempt === 1 ? ERASURE_FIRST_CHECK_MINUTES : ERASURE_CHECK_EVERY_MINUTES;
    return [
      {
        job: { kind: 'dataDeletionErase', reference, attempt },
        fireAt: new Date(now.getTime() + minutes * 60_000),
      },
    ];
  }
}
