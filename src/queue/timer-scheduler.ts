import { Queue, type RedisOptions } from 'bullmq';
import { TIMERS_QUEUE, TimerJob, timerJobId } from '../domain/cases/timer-job';

export interface TimerSchedulerOptions {
  connection: RedisOptions;
  prefix?: string;
  /** The clock: tests move it instead of waiting. */
  now?: () => Date;
}

/**
 * Schedules timers as BullMQ delayed jobs with deterministic ids. Scheduling the same cause again
 * moves the job to the new time (remove, then add); cancelling removes it. The job's `timestamp`
 * comes from our clock, so "due" means the same thing in production and under a test clock.
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
  }

  /** Sets (or moves) the timer of `job` to fire at `at`. */
  async schedule(job: TimerJob, at: Date): Promise<void> {
    const parsed = TimerJob.parse(job);
    const id = timerJobId(parsed);
    const existing = await this.queue.getJob(id);
    // A timer that already fired for this cause is not fired again unless its time moved.
    if (existing) {
      const firesAt = existing.timestamp + (existing.opts.delay ?? 0);
      if (firesAt === at.getTime() && !(await existing.isFailed())) return;
      await existing.remove().catch(() => undefined);
    }
    const now = this.now().getTime();
    await this.queue.add(parsed.kind, parsed, {
      jobId: id,
      timestamp: now,
      delay: Math.max(0, at.getTime() - now),
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
    return new Date(existing.timestamp + (existing.opts.delay ?? 0));
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
      if (job.timestamp + (job.opts.delay ?? 0) <= now) {
        await job.promote();
        promoted++;
      }
    }
    return promoted;
  }

  async close(): Promise<void> {
    await this.queue.close();
  }
}
