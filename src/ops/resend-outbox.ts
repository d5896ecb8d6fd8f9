import type { Database } from '../store/database';
import { PgEventLog } from '../store/event-log';
import { PgOutboxRepository } from '../store/outbox-repository';
import { OpsError } from './ops-error';

export type ResendableStatus = 'failed' | 'uncertain';

export interface ResendOptions {
  db: Database;
  /** Which rows: `failed` (gave up), and `uncertain` (interrupted mid-send) only when staff checked them. */
  statuses: readonly ResendableStatus[];
  /** Who checked them (a staff id or name): recorded in the audit trail. */
  by: string;
  /** Only these outbox ids (default: every row in `statuses`). */
  ids?: readonly string[];
  /** List what would be re-sent, change nothing. */
  dryRun?: boolean;
  /** Hands the rows to the queue again (forgetting their finished jobs first); see `requeueOutbound`. */
  requeue: (ids: string[]) => Promise<void>;
}

export interface ResentRow {
  id: string;
  channel: string;
  was: ResendableStatus;
  lastError: string | null;
}

/**
 * Puts failed (and, when asked, uncertain) outgoing messages back to `pending` with an `outbox.resend`
 * audit event each (who, what it was, the last error), in one transaction, then queues them again. The
 * worker then sends them as any new row: in order within the conversation, retried with backoff.
 */
export async function resendOutbox(options: ResendOptions): Promise<ResentRow[]> {
  if (!/\S/.test(options.by)) {
    throw new OpsError('ERR_USAGE', 'say who checked these messages', 'add --by <your staff id>');
  }
  const ids = options.ids?.map((id) => {
    if (!/^\d{1,18}$/.test(id))
      throw new OpsError('ERR_USAGE', `"${id}" is not an outbox id`, 'give numbers, e.g. --id 42');
    return id;
  });
  const outbox = new PgOutboxRepository();
  if (options.dryRun) return (await outbox.resendable(options.db, options.statuses, ids)) as ResentRow[];
  const events = new PgEventLog();
  const rows = await options.db.transaction(async (tx) => {
    const picked = (await outbox.resend(tx, options.statuses, ids)) as ResentRow[];
    for (const row of picked) {
      await events.append(tx, {
        actor: `staff:${options.by.trim()}`,
        subjectType: 'outbox',
        subjectId: row.id,
        type: 'outbox.resend',
        data: { was: row.was, channel: row.channel, lastError: row.lastError?.slice(0, 200) ?? null },
      });
    }
    return picked;
  });
  if (rows.length > 0) await options.requeue(rows.map((r) => r.id));
  return rows;
}
