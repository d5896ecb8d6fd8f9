import { UnrecoverableError, Worker, type RedisOptions } from 'bullmq';
import type { Logger } from 'pino';
import { TIMERS_QUEUE, TimerJob } from '../cases/rules/timer-job';
import { RedisOutageLog } from './redis-outage-log';

/** Runs fired timers through `handle` (ClockActions), which re-checks each case before acting. */
export class TimerWorker {
  readonly worker: Worker;

  constructor(options: {
    connection: RedisOptions;
    prefix?: string;
    logger: Logger;
    handle: (job: TimerJob) => Promise<string>;
    concurrency?: number;
  }) {
    this.worker = new Worker(
      TIMERS_QUEUE,
      async (job) => {
        const parsed = TimerJob.safeParse(job.data);
        if (!parsed.success) throw new UnrecoverableError(`malformed timer ${job.id}`);
        const outcome = await options.handle(parsed.data);
        // The draft sweep runs every minute: a timer that found nothing to do is a debug line.
        const level = didNothing(outcome) ? 'debug' : 'info';
        options.logger[level]({ timer: job.id, outcome }, 'timer fired');
        return outcome;
      },
      {
        connection: options.connection,
        prefix: options.prefix,
        concurrency: options.concurrency ?? 4,
        autorun: false,
      },
    );
    new RedisOutageLog(options.logger, 'timer worker').bull(this.worker);
    this.worker.on('failed', (job, err) => options.logger.error({ err, timer: job?.id }, 'timer failed'));
  }

  start(): void {
    void this.worker.run();
  }

  /** `force`: does not wait for jobs under way (Redis does not answer: they are retried by the next start). */
  async close(force = false): Promise<void> {
    await this.worker.close(force);
  }
}

/**
 * Whether a timer's outcome says it found nothing to do: skipped (`skipped: decided`), or a summary whose
 * counts are all zero (`drafts: 0 reminded, 0 expired`, `purged 0 drafts, 0 documents`).
 */
export function didNothing(outcome: string): boolean {
  if (outcome.startsWith('skipped')) return true;
  const counts = outcome.match(/\d+/g);
  return counts !== null && counts.every((count) => Number(count) === 0);
}
