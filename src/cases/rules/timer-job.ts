import { z } from 'zod';

/** The BullMQ queue of everything time-driven: deadlines, escalations, reminders, surveys, retention. */
export const TIMERS_QUEUE = 'timers';

const Ref = z.string().regex(/^[A-Z]{3}-\d{4,9}-\d{2}$/);

/**
 * Timer payloads. A job only says what to look at; the worker re-reads the case and acts only if
 * the cause still holds, so a timer fired late, twice, or after the case moved on does no harm.
 */
export const TimerJob = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('deadlineReminder'),
    reference: Ref,
    workingDaysBefore: z.number().int().positive(),
  }),
  z.object({ kind: z.literal('deadlineDue'), reference: Ref }),
  /** The n-th reminder to an applicant who was asked for information; past the profile's last, staff are told. */
  z.object({ kind: z.literal('infoReminder'), reference: Ref, round: z.number().int().min(1) }),
  z.object({
    kind: z.literal('escalate'),
    subject: z.enum(['request', 'complaint']),
    reference: Ref,
    level: z.number().int().min(1),
  }),
  /** `attempt` 2, 3…: the person was busy in a conversation at the earlier time. */
  z.object({
    kind: z.literal('surveyAfterClose'),
    reference: Ref,
    attempt: z.number().int().min(2).optional(),
  }),
  z.object({ kind: z.literal('dataDeletionDue'), reference: Ref }),
  /**
   * The erasure's second phase: the person was told it is under way; erase once that notice went out
   * (or waited long enough). `attempt` counts the checks, each a job of its own.
   */
  z.object({ kind: z.literal('dataDeletionErase'), reference: Ref, attempt: z.number().int().min(1) }),
  z.object({ kind: z.literal('dailyDigest') }),
  z.object({ kind: z.literal('retention') }),
  z.object({ kind: z.literal('surveyCampaign') }),
  z.object({ kind: z.literal('draftSweep') }),
]);
export type TimerJob = z.infer<typeof TimerJob>;

/** Deterministic ids (BullMQ reserves `:`): the same cause always names the same job. */
export function timerJobId(job: TimerJob): string {
  switch (job.kind) {
    case 'deadlineReminder':
      return `request-${job.reference}-reminder-${job.workingDaysBefore}`;
    case 'deadlineDue':
      return `request-${job.reference}-due`;
    case 'infoReminder':
      return `request-${job.reference}-info-${job.round}`;
    case 'escalate':
      return `${job.subject}-${job.reference}-escalate-${job.level}`;
    case 'surveyAfterClose':
      return job.attempt ? `survey-${job.reference}-${job.attempt}` : `survey-${job.reference}`;
    case 'dataDeletionDue':
      return `deletion-${job.reference}`;
    case 'dataDeletionErase':
      return `deletion-${job.reference}-erase-${job.attempt}`;
    case 'dailyDigest':
    case 'retention':
    case 'surveyCampaign':
    case 'draftSweep':
      return job.kind;
  }
}
