import type { Logger } from 'pino';
import type { Database } from '../store/database';
import type { PgOutboxRepository } from '../store/outbox-repository';

/**
 * The replies this process wrote lately, so that a graceful stop can wait until they are sent
 * ("flush the outbox") instead of leaving them to the next start. Bounded: only the newest `max`
 * ids are remembered; older ones were long sent, or are the sweep's business.
 */
export class OutboxDrain {
  private recent = new Set<string>();

  constructor(
    private readonly deps: { db: Database; outbox: PgOutboxRepository; logger: Logger },
    private readonly max = 10_000,
  ) {}

  track(ids: readonly string[]): void {
    for (const id of ids) this.recent.add(id);
    // A Set iterates in insertion order: the first entries are the oldest.
    for (const id of this.recent) {
      if (this.recent.size <= this.max) break;
      this.recent.delete(id);
    }
  }

  /**
   * Resolves once every tracked row is sent or given up on, or after `timeoutMs` (a channel in a long
   * back-off must not hold the stop); returns how many were still open. Never throws: with the store
   * down the rows stay for the next start.
   */
  async drain(timeoutMs: number, pollMs = 50): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      let open: string[];
      try {
        open = await this.deps.outbox.stillOpen(this.deps.db, [...this.recent]);
      } catch (err) {
        this.deps.logger.warn({ err }, 'could not check the outbox before stopping');
        return this.recent.size;
      }
      this.recent = new Set(open);
      if (open.length === 0) return 0;
      if (Date.now() >= deadline) {
        this.deps.logger.warn(
          { open: open.length },
          'stopping with replies not yet sent: the next start sends them',
        );
        return open.length;
      }
      await new Promise((resolve) => setTimeout(resolve, pollMs));
    }
  }
}
