import type { ChannelName } from '../domain/inbound-message';
import type { SqlExecutor } from './database';

export type DeliveryStatus = 'sent' | 'delivered' | 'read' | 'failed';
export type DeliveryOutcome = 'retry' | 'template' | 'give-up';

/** What a platform reported about one message we sent. */
export interface DeliveryReport {
  channel: ChannelName;
  platformMessageId: string;
  status: DeliveryStatus;
  at: Date;
  /** For `failed`: what went wrong, and what to do about it. */
  error?: string;
  outcome?: DeliveryOutcome;
  retryAfterMs?: number;
}

/** A report whose outbox row is known and marked sent: ready to apply. */
export interface ApplicableReport extends DeliveryReport {
  outboxId: string;
  attempts: number;
}

/** Later news wins; `failed` is final. Reports can arrive in any order (delivered before sent). */
const RANK = `CASE $STATUS WHEN 'sent' THEN 1 WHEN 'delivered' THEN 2 WHEN 'read' THEN 3 ELSE 4 END`;
const rank = (column: string) => RANK.replace('$STATUS', column);

/**
 * `delivery_reports` (migration 020) and the outbox columns they update. A report is stored first and
 * applied once its outbox row is marked sent with the same platform message id, which may be after the
 * report arrived: Meta's `sent` status often beats the answer to the send call.
 */
export class PgDeliveryReportRepository {
  async record(tx: SqlExecutor, report: DeliveryReport): Promise<void> {
    await tx.query(
      `INSERT INTO delivery_reports (channel, platform_message_id, status, error, outcome, retry_after_ms, reported_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (association_id, channel, platform_message_id) DO UPDATE SET
         status = EXCLUDED.status, error = EXCLUDED.error, outcome = EXCLUDED.outcome,
         retry_after_ms = EXCLUDED.retry_after_ms, reported_at = EXCLUDED.reported_at, applied_at = NULL
       WHERE ${rank('EXCLUDED.status')} > ${rank('delivery_reports.status')}`,
      [
        report.channel,
        report.platformMessageId,
        report.status,
        report.error?.slice(0, 500) ?? null,
        report.outcome ?? null,
        report.retryAfterMs ?? null,
        report.at.toISOString(),
      ],
    );
  }

  /** Unapplied reports whose row is sent, locked for this transaction (other processes skip them). */
  async applicable(tx: SqlExecutor, limit = 200): Promise<ApplicableReport[]> {
    const found = await tx.query<{
      channel: ChannelName;
      platform_message_id: string;
      status: DeliveryStatus;
      error: string | null;
      outcome: DeliveryOutcome | null;
      retry_after_ms: number | null;
      reported_at: Date | string;
      outbox_id: string;
      attempts: number;
    }>(
      `SELECT r.channel, r.platform_message_id, r.status, r.error, r.outcome, r.retry_after_ms, r.reported_at,
              o.id::text AS outbox_id, o.attempts
       FROM delivery_reports r
       JOIN outbox o ON o.channel = r.channel AND o.platform_message_id = r.platform_message_id
       WHERE r.applied_at IS NULL AND o.status = 'sent'
       ORDER BY r.reported_at LIMIT $1
       FOR UPDATE OF r, o SKIP LOCKED`,
      [limit],
    );
    return found.rows.map((r) => ({
      channel: r.channel,
      platformMessageId: r.platform_message_id,
      status: r.status,
      at: new Date(r.reported_at),
      ...(r.error ? { error: r.error } : {}),
      ...(r.outcome ? { outcome: r.outcome } : {}),
      ...(r.retry_after_ms !== null ? { retryAfterMs: r.retry_after_ms } : {}),
      outboxId: r.outbox_id,
      attempts: r.attempts,
    }));
  }

  async markApplied(tx: SqlExecutor, report: DeliveryReport, at: Date): Promise<void> {
    await tx.query(
      `UPDATE delivery_reports SET applied_at = $3 WHERE channel = $1 AND platform_message_id = $2`,
      [report.channel, report.platformMessageId, at.toISOString()],
    );
  }

  /** Where the message stands on the person's phone. */
  async setDelivery(tx: SqlExecutor, outboxId: string, status: DeliveryStatus, at: Date): Promise<void> {
    await tx.query(`UPDATE outbox SET delivery_status = $2, delivery_updated_at = $3 WHERE id = $1`, [
      outboxId,
      status,
      at.toISOString(),
    ]);
  }

  /**
   * The platform did not deliver a row marked sent: it becomes unsent again (`pending`, without its
   * message id) for the queue to send once more.
   */
  async reopen(tx: SqlExecutor, outboxId: string, error: string, at: Date): Promise<void> {
    await tx.query(
      `UPDATE outbox SET status = 'pending', platform_message_id = NULL, sent_at = NULL,
         delivery_status = 'failed', delivery_updated_at = $3, attempts = attempts + 1, last_error = $2
       WHERE id = $1 AND status = 'sent'`,
      [outboxId, error.slice(0, 500), at.toISOString()],
    );
  }

  /** The platform did not deliver it and another try cannot help. */
  async giveUp(tx: SqlExecutor, outboxId: string, error: string, at: Date): Promise<void> {
    await tx.query(
      `UPDATE outbox SET status = 'failed', delivery_status = 'failed', delivery_updated_at = $3, last_error = $2
       WHERE id = $1`,
      [outboxId, error.slice(0, 500), at.toISOString()],
    );
  }

  /** Reports applied, or never matched to a row, before `before`: nothing will read them again. */
  async forget(tx: SqlExecutor, before: Date): Promise<number> {
    const deleted = await tx.query(`DELETE FROM delivery_reports WHERE reported_at < $1`, [
      before.toISOString(),
    ]);
    return deleted.rowCount;
  }
}
