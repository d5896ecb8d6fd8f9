import type { Profile, StaffRole } from '../../config/profile-schema';
import type { TimerJob } from './timer-job';
import { WorkingCalendar } from '../calendar/working-calendar';

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

  dataRequestOpened(reference: string, dueDate: string): TimerPlan[] {
    return [{ job: { kind: 'dataDeletionDue', reference }, fireAt: this.startOfWorkingDay(dueDate) }];
  }
}
