import type { Telegram } from 'telegraf';
import type { Update } from 'telegraf/types';
import { apiSignal } from './api-signal';
import { ALLOWED_UPDATES } from './update-schema';

/**
 * Long polling that loses nothing: the offset moves past an update only once `accept` resolved for it
 * (the update was handed over durably, or deliberately ignored), so an update whose acceptance failed,
 * or that a crash interrupted, is fetched again. Updates are accepted one at a time, in order.
 *
 * Not telegraf's `bot.launch()`: its poller moves the offset as soon as a batch is fetched, accepts
 * the batch's updates in parallel, and stops for good when one of them fails, so that update is lost.
 */
export class UpdatePoller {
  private offset = 0;
  private fetched = false;

  constructor(
    private readonly telegram: Telegram,
    /** How long one getUpdates call waits for news, in seconds. */
    private readonly timeoutSeconds: number,
  ) {}

  /**
   * One long poll: fetches what Telegram holds from the first update not yet accepted, and accepts it
   * in order. Rejects with the first failure (of the call, or of an acceptance); the updates after it
   * stay with Telegram.
   */
  async pollOnce(signal: AbortSignal, accept: (update: Update) => Promise<void>): Promise<void> {
    const timeout = this.timeoutSeconds;
    const updates = await this.telegram.callApi(
      'getUpdates',
      { offset: this.offset, timeout, allowed_updates: ALLOWED_UPDATES },
      { signal: apiSignal(AbortSignal.any([signal, AbortSignal.timeout((timeout + 15) * 1000)])) },
    );
    this.fetched = true;
    for (const update of updates) {
      await accept(update);
      this.offset = update.update_id + 1;
    }
  }

  /** Tells Telegram which updates are done (when stopping), so a restart does not fetch them again. */
  async confirm(): Promise<void> {
    if (!this.fetched) return;
    await this.telegram
      .callApi(
        'getUpdates',
        { offset: this.offset, limit: 1, timeout: 0 },
        { signal: apiSignal(AbortSignal.timeout(2000)) },
      )
      .then(() => undefined)
      .catch(() => undefined);
  }
}
