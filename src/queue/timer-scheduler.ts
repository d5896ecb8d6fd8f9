import { Queue, type Job, type RedisOptions } from 'bullmq';
import { TIMERS_QUEUE, TimerJob, timerJobId } from '../cases/rules/timer-job';
import { RedisOutageLog } from './redis-outage-log';

/** A timer's job data: the cause, and when it is due in the scheduler's clock. */
type ScheduledTimer = TimerJob & { dueAt: string };

/** When a job is due in our clock; jobs scheduled before `dueAt` was kept fall back to BullMQ's own time. */
function dueTime(job: Job): number {
  const dueAt = (job.data as Partial<ScheduledTimer>).dueAt;
  return dueAt ? Date.parse(dueAt) : job.timestamp + (job.opts.delay ?? 0);
}

export interface TimerSchedulerOptions {
  connection: RedisOptions;
  prefix?: string;
  /** The clock: tests move it instead of waiting. */
  now?: () => Date;
  /** Where a lost Redis connection is logged (once per outage); without it, errors are only absorbed. */
  logger?: ConstructorParameters<typeof RedisOutageLog>[0];
}

/**
 * Schedules timers as BullMQ delayed jobs with deterministic ids. Scheduling the same cause again
 * moves the job to the new time (remove, then add); cancelling removes it.
 *
 * Two clocks meet here. BullMQ fires a delayed job when the real time (`Date.now()` of the worker)
 * passes `timestamp + delay`; the case rules count in our clock, `now()`, which a test sets to any date.
 * So the delay is "how long from our now", counted from the real now, and the due time in our clock is
 * kept in the job's data (`dueAt`): `firesAt` and `promoteDue` read it. In production both clocks are
 * the same; under a test clock set to a past date a timer no longer fires at once, and under one set
 * ahead it waits for the test to move the clock.
 */
export class TimerScheduler {
  readonly queue: Queue;
  private readonly now: () => Date;

  constructor(options: TimerSchedulerOptions) {
    this.now = options.now ?? (() => new Date());
    this.queue = new Queue(TIMERS_QUEUE, {
      connection: options.connection,
      prefix: options.prefix,
      defaultJobOptions: {
        attempts: 8,
        backoff: { type: 'exponential', delay: 5_000 },
        removeOnComplete: { age: 7 * 24 * 3600 },
        removeOnFail: { age: 30 * 24 * 3600 },
      },
    });
    new RedisOutageLog(
      options.logger ?? { warn: () => undefined, info: () => undefined },
      'timer queue',
    ).bull(this.queue);
  }

  /** Sets (or moves) the timer of `job` to fire at `at`. */
  async schedule(job: TimerJob, at: Date): Promise<void> {
    const parsed = TimerJob.parse(job);
    const id = timerJobId(parsed);
    const existing = await this.queue.getJob(id);
    // A timer that already fired for this cause is not fired again unless its time moved.
    if (existing) {
      if (dueTime(existing) === at.getTime() && !(await existing.isFailed())) return;
      await existing.remove().catch(() => undefined);
    }
    const data: ScheduledTimer = { ...parsed, dueAt: at.toISOString() };
    await this.queue.add(parsed.kind, data, {
      jobId: id,
      timestamp: Date.now(),
      delay: Math.max(0, at.getTime() - this.now().getTime()),
    });
  }

  async cancel(job: TimerJob): Promise<void> {
    const existing = await this.queue.getJob(timerJobId(TimerJob.parse(job)));
    await existing?.remove().catch(() => undefined);
  }

  /** When the timer of `job` fires, or undefined when none is set. */
  async firesAt(job: TimerJob): Promise<Date | undefined> {
    const existing = await this.queue.getJob(timerJobId(job));
    if (!existing || !(await existing.isDelayed())) return undefined;
    return new Date(dueTime(existing));
  }

  /**
   * Periodic jobs as BullMQ job schedulers: upserting by id is idempotent, so restarts and several
   * app processes keep exactly one schedule (the old `repeat` option duplicated them).
   */
  async upsertPeriodic(job: TimerJob, cron: string, timeZone: string): Promise<void> {
    await this.queue.upsertJobScheduler(
      timerJobId(job),
      { pattern: cron, tz: timeZone },
      { name: job.kind, data: job },
    );
  }

  /** Test clock support: makes every delayed timer due by `now()` fire at once. */
  async promoteDue(): Promise<number> {
    const now = this.now().getTime();
    const delayed = await this.queue.getDelayed();
    let promoted = 0;
    for (const job of delayed) {
      if (dueTime(job) <= now) {
        await job.promote();
        promoted++;
      }
    }
    return promoted;
  }

  /** `force` (Redis does not answer): drops the connection instead of a graceful QUIT. */
  async close(force = false): Promise<void> {
    await (force ? this.queue.disconnect() : this.queue.close());
  }
}
