import type { SqlExecutor } from './database';

/** An unfinished flow left idle. */
export interface IdleDraft {
  conversationId: string;
  flowId: string;
  state: string;
  /** When the person last moved it (the snapshot's own time, ISO). */
  lastAt: string;
  /** Reminders sent since then. */
  remindersSent: number;
}

/**
 * Unfinished flows in conversations (a draft request, a half-filed complaint), found by the snapshot's own
 * time: the engine's clock, the one the sweep and retention count with, not the row's write time.
 */
export class PgDraftRepository {
  /** Drafts idle since before `before`, oldest first (resting places and information rounds left out). */
  async idleSince(db: SqlExecutor, before: Date, limit = 500): Promise<IdleDraft[]> {
    const idle = await db.query<{ id: string; flow: string; state: string; last: string; sent: number }>(
      `SELECT id, snapshot->>'flowId' AS flow, snapshot->>'state' AS state, snapshot->>'updatedAt' AS last,
              CASE WHEN reminded_at >= (snapshot->>'updatedAt')::timestamptz THEN greatest(reminders_sent, 1)
                   ELSE 0 END AS sent
       FROM conversations
       WHERE snapshot IS NOT NULL
         -- Resting places, and sending missing information (reminded by its request's own timers).
         AND snapshot->>'flowId' NOT IN ('menu', 'greeting', 'handoff', 'request-info')
         AND (snapshot->>'updatedAt')::timestamptz < $1
       ORDER BY (snapshot->>'updatedAt')::timestamptz LIMIT $2`,
      [before.toISOString(), limit],
    );
    return idle.rows.map((r) => ({
      conversationId: r.id,
      flowId: r.flow,
      state: r.state,
      lastAt: r.last,
      remindersSent: Number(r.sent),
    }));
  }

  /** Locks the conversation and says when its flow last moved (to see whether the person wrote meanwhile). */
  async lockLastMove(tx: SqlExecutor, conversationId: string): Promise<string | undefined> {
    const locked = await tx.query<{ last: string | null }>(
      `SELECT snapshot->>'updatedAt' AS last FROM conversations WHERE id = $1 FOR UPDATE`,
      [conversationId],
    );
    return locked.rows[0]?.last ?? undefined;
  }

  /** Counts a reminder sent at `at`. */
  async reminded(tx: SqlExecutor, conversationId: string, at: Date, remindersSent: number): Promise<void> {
    await tx.query(`UPDATE conversations SET reminded_at = $2, reminders_sent = $3 WHERE id = $1`, [
      conversationId,
      at.toISOString(),
      remindersSent,
    ]);
  }

  /** Drops unfinished flows idle since before `cutoff` (retention); returns their conversations. */
  async purgeIdleSince(tx: SqlExecutor, cutoff: Date): Promise<string[]> {
    const purged = await tx.query<{ id: string }>(
      `UPDATE conversations SET snapshot = NULL
       WHERE snapshot IS NOT NULL AND snapshot->>'flowId' NOT IN ('menu', 'greeting')
         AND (snapshot->>'updatedAt')::timestamptz < $1
       RETURNING id`,
      [cutoff.toISOString()],
    );
    return purged.rows.map((r) => r.id);
  }
}
