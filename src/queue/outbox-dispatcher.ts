import { Queue, type RedisOptions } from 'bullmq';
import type { Logger } from 'pino';
import type { Database } from '../store/database';
import type { PgOutboxRepository } from '../store/outbox-repository';
import { OUTBOUND_QUEUE, outboundJobId, type OutboundJob } from './outbound-job';
import { StatementBatcher } from '../store/statement-batcher';
import { RedisOutageLog } from './redis-outage-log';

export interface OutboxDispatcherOptions {
  db: Database;
  outbox: PgOutboxRepository;
  connection: RedisOptions;
  logger: Logger;
  /** BullMQ key prefix; tests use a fresh one each. */
  prefix?: string;
  /** How often to look for rows a crash left unqueued. */
  sweepIntervalMs?: number;
  /**
   * Sends rows at once, without the queue, where their channel allows (the outbound worker's
   * `sendNow`); returns the rows left for the queue. Absent: every row goes through the queue.
   */
  sendNow?: (ids: readonly string[]) => Promise<string[]>;
}

/**
 * Moves committed outbox rows onto the BullMQ outbound queue. Right after each commit, and by a
 * periodic sweep that catches rows a crash (or a Redis outage) left behind: the deterministic job id
 * makes re-adding harmless. With `sendNow`, rows on channels that allow it are sent right after their
 * commit instead, and only what it leaves goes to the queue.
 */
export class OutboxDispatcher {
  readonly queue: Queue<OutboundJob, unknown, 'send'>;
  private timer: NodeJS.Timeout | undefined;
  /** Rows committed since the last flush: queued together, in one Redis pipeline and one UPDATE. */
  private batch: string[] = [];
  private readonly inFlight = new Set<Promise<void>>();
  /** Flushes that end while an UPDATE is under way share the next one (issue #8). */
  private readonly marks: StatementBatcher<readonly string[], undefined>;

  constructor(private readonly options: OutboxDispatcherOptions) {
    this.marks = new StatementBatcher(async (batches) => {
      await options.outbox.markQueued(options.db, batches.flat());
      return batches.map(() => undefined);
    });
    this.queue = new Queue<OutboundJob, unknown, 'send'>(OUTBOUND_QUEUE, {
      connection: options.connection,
      prefix: options.prefix,
      defaultJobOptions: {
        attempts: 10,
        backoff: { type: 'exponential', delay: 1000 },
        // Completed jobs are kept for a day so a late re-add of the same id stays a no-op.
        removeOnComplete: { age: 24 * 3600 },
        removeOnFail: { age: 7 * 24 * 3600 },
      },
    });
    new RedisOutageLog(options.logger, 'outbound queue').bull(this.queue);
  }

  start(): void {
    const every = this.options.sweepIntervalMs ?? 5000;
    this.timer = setInterval(() => void this.sweep(), every);
    this.timer.unref();
  }

  /**
   * Queues rows just committed, together with the other commits of the same turn of the event loop:
   * under load that is one Redis pipeline and one UPDATE for many steps instead of one each (issue #8).
   * Failure is logged only: the sweep will try again.
   */
  dispatch(ids: readonly string[]): void {
    if (ids.length === 0) return;
    if (this.batch.length === 0) setImmediate(() => this.flush());
    this.batch.push(...ids);
  }

  private flush(): void {
    const ids = this.batch;
    this.batch = [];
    if (ids.length === 0) return;
    const run = this.sendOrEnqueue(ids)
      .catch((err: unknown) =>
        this.options.logger.warn({ err, count: ids.length }, 'outbox dispatch deferred to the sweep'),
      )
      .finally(() => this.inFlight.delete(run));
    this.inFlight.add(run);
  }

  private async sendOrEnqueue(ids: readonly string[]): Promise<void> {
    const { sendNow, logger } = this.options;
    let rest = ids;
    if (sendNow) {
      try {
        rest = await sendNow(ids);
      } catch (err) {
        // The queue sends them instead: one sent meanwhile is sent again, which its channel ignores.
        logger.warn({ err, count: ids.length }, 'sending at once failed: the queue takes the replies');
      }
    }
    await this.enqueue(rest);
  }

  async enqueue(ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.queue.addBulk(
      ids.map((outboxId) => ({ name: 'send', data: { outboxId }, opts: { jobId: outboundJobId(outboxId) } })),
    );
    await this.marks.submit(ids);
  }

  /**
   * Queues rows again that were already through the queue once (failed, uncertain, restored from a
   * backup, or reported undelivered by the platform), after `delayMs`. Their finished jobs are removed
   * first: the job id is deterministic, and BullMQ ignores adding an id it still keeps (completed jobs
   * are kept a day, failed ones a week). A job still waiting or active is left alone; the worker reads
   * the row, which is the truth. Returns how many finished jobs were forgotten.
   */
  async requeue(ids: readonly string[], delayMs = 0): Promise<number> {
    let forgotten = 0;
    for (const id of ids) {
      const job = await this.queue.getJob(outboundJobId(id));
      if (!job) continue;
      const state = await job.getState();
      if (state === 'completed' || state === 'failed') {
        await job.remove();
        forgotten += 1;
      }
    }
    if (ids.length === 0) return forgotten;
    await this.queue.addBulk(
      ids.map((outboxId) => ({
        name: 'send',
        data: { outboxId },
        opts: { jobId: outboundJobId(outboxId), ...(delayMs > 0 ? { delay: delayMs } : {}) },
      })),
    );
    await this.marks.submit(ids);
    return forgotten;
  }

  /** Sends now what was waiting for a delay (a send held until the person wrote again). */
  async promote(ids: readonly string[]): Promise<void> {
    for (const id of ids) {
      const job = await this.queue.getJob(outboundJobId(id));
      if (job && (await job.isDelayed())) await job.promote();
    }
  }

  /** Re-queues rows older than a few seconds that are still pending or queued. */
  async sweep(): Promise<number> {
    try {
      const stale = await this.options.outbox.stale(this.options.db, 3);
      await this.enqueue(stale);
      return stale.length;
    } catch (err) {
      this.options.logger.warn({ err }, 'outbox sweep failed; will retry');
      return 0;
    }
  }

  /**
   * Queues what was committed and closes the queue. `force` (Redis does not answer): drops the connection
   * at once, without waiting for queueing that would wait for Redis; the rows stay in the outbox, and the
   * next start's sweep queues them.
   */
  async close(force = false): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    if (force) {
      this.batch = [];
      await this.queue.disconnect();
      return;
    }
    this.flush();
    await Promise.all([...this.inFlight]);
    await this.queue.close();
  }
}
