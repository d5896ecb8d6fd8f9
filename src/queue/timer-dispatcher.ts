import type { Logger } from 'pino';
import type { Database } from '../store/database';
import type { PgTimerRequestRepository } from '../store/timer-request-repository';
import type { TimerScheduler } from './timer-scheduler';

/**
 * Moves committed timer requests onto BullMQ (schedule, move or cancel), then deletes them — in one
 * database transaction, so a failure leaves them for the next pass. Scheduling is idempotent, so a
 * pass repeated after a crash is harmless.
 */
export class TimerDispatcher {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;

  constructor(
    private readonly deps: {
      db: Database;
      requests: PgTimerRequestRepository;
      scheduler: TimerScheduler;
      logger: Logger;
      intervalMs?: number;
    },
  ) {}

  start(): void {
    this.timer = setInterval(() => void this.kick(), this.deps.intervalMs ?? 1000);
    this.timer.unref();
  }

  /** Runs a pass now (after a commit that requested timers); passes never overlap. */
  kick(): Promise<number> {
    this.running ??= this.pass().finally(() => (this.running = undefined));
    return this.running;
  }

  private async pass(): Promise<number> {
    let total = 0;
    try {
      for (;;) {
        const handled = await this.deps.db.transaction(async (tx) => {
          const batch = await this.deps.requests.claim(tx, 200);
          for (const request of batch) {
            if (request.fireAt) await this.deps.scheduler.schedule(request.job, request.fireAt);
            else await this.deps.scheduler.cancel(request.job);
          }
          await this.deps.requests.remove(
            tx,
            batch.map((r) => r.id),
          );
          return batch.length;
        });
        total += handled;
        if (handled < 200) return total;
      }
    } catch (err) {
      this.deps.logger.warn({ err }, 'timer dispatch deferred');
      return total;
    }
  }

  /** `force` (Redis does not answer): does not wait for a pass that waits for Redis; its requests stay in the store. */
  async close(force = false): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    if (!force) await this.running;
  }
}
