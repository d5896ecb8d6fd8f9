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
        options.logger.info({ timer: job.id, outcome }, 'timer fired');
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
