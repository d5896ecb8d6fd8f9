import type { Logger } from 'pino';
import type { Database, SqlExecutor } from '../store/database';
import {
  PgDeliveryReportRepository,
  type ApplicableReport,
  type DeliveryReport,
} from '../store/delivery-report-repository';
import type { OutboxDispatcher } from './outbox-dispatcher';

export interface DeliveryReportsOptions {
  db: Database;
  dispatcher: Pick<OutboxDispatcher, 'requeue'>;
  logger: Logger;
  /** The runtime's clock. */
  now: () => Date;
  /** How often reports that arrived before their row was marked sent are looked at again. */
  intervalMs?: number;
  /**
   * A message the platform failed to deliver is given up once its row was tried this many times (each
   * send and each resend count): 7 by default, about three resends.
   */
  maxAttempts?: number;
  /** Reports are kept this long (a week), then forgotten. */
  keepMs?: number;
}

const WEEK = 7 * 24 * 3600_000;

/**
 * What the platforms report about the messages we sent (the Cloud API's `sent`, `delivered`, `read`,
 * `failed` webhooks): recorded, then applied to the outbox row once that row is marked sent with the
 * same message id (a report may come first). A failure sends the row again (`retry`, after the
 * platform's wait; `template`, which the channel then sends as a template or holds for the person), or
 * marks it failed (`give-up`, or out of resends); the channel alerts staff where a person must act.
 */
export class DeliveryReports {
  private readonly reports = new PgDeliveryReportRepository();
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;

  constructor(private readonly options: DeliveryReportsOptions) {}

  start(): void {
    this.timer = setInterval(() => void this.applyPending(), this.options.intervalMs ?? 5_000);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /** Stores a report and applies what can be applied. Rejects only when it could not be stored. */
  async record(report: DeliveryReport): Promise<void> {
    await this.options.db.transaction((tx) => this.reports.record(tx, report));
    await this.applyPending();
  }

  /** Applies every report whose row is ready; returns how many. Never throws (the next pass retries). */
  applyPending(): Promise<number> {
    // One pass at a time in this process; other processes skip the rows this one locked.
    this.running ??= this.pass().finally(() => (this.running = undefined));
    return this.running;
  }

  private async pass(): Promise<number> {
    const { db, logger, now } = this.options;
    try {
      const resend: { id: string; delayMs: number }[] = [];
      const applied = await db.transaction(async (tx) => {
        const ready = await this.reports.applicable(tx);
        for (const report of ready) {
          await this.apply(tx, report, resend);
          await this.reports.markApplied(tx, report, now());
        }
        await this.reports.forget(tx, new Date(now().getTime() - (this.options.keepMs ?? WEEK)));
        return ready.length;
      });
      for (const { id, delayMs } of resend) await this.options.dispatcher.requeue([id], delayMs);
      return applied;
    } catch (err) {
      logger.warn({ err }, 'delivery reports not applied yet; will retry');
      return 0;
    }
  }

  private async apply(
    tx: SqlExecutor,
    report: ApplicableReport,
    resend: { id: string; delayMs: number }[],
  ): Promise<void> {
    const at = this.options.now();
    if (report.status !== 'failed') {
      await this.reports.setDelivery(tx, report.outboxId, report.status, report.at);
      return;
    }
    const error = report.error ?? 'the platform did not deliver it';
    const outOfResends = report.attempts >= (this.options.maxAttempts ?? 7);
    if (report.outcome === 'give-up' || report.outcome === undefined || outOfResends) {
      await this.reports.giveUp(tx, report.outboxId, outOfResends ? `${error} (after resends)` : error, at);
      this.options.logger.warn(
        { outboxId: report.outboxId, error },
        'the platform did not deliver a message: given up',
      );
      return;
    }
    await this.reports.reopen(tx, report.outboxId, error, at);
    resend.push({
      id: report.outboxId,
      delayMs: report.outcome === 'retry' ? (report.retryAfterMs ?? 0) : 0,
    });
    this.options.logger.info(
      { outboxId: report.outboxId, outcome: report.outcome },
      'the platform did not deliver a message: sending it again',
    );
  }
}
