import type { SqlExecutor } from './database';

export interface AuditEvent {
  /** Who: `beneficiary:<id>`, `staff:<id>`, `system:<job>`. */
  actor: string;
  subjectType: string;
  subjectId: string;
  type: string;
  /** Why and what changed; never secrets. */
  data?: Record<string, unknown>;
  at?: Date;
}

/** The append-only audit trail: every state change with who, when and why. */
export class PgEventLog {
  async append(tx: SqlExecutor, event: AuditEvent): Promise<void> {
    await tx.query(
      `INSERT INTO events (actor, subject_type, subject_id, type, data, at)
       VALUES ($1, $2, $3, $4, $5, coalesce($6::timestamptz, now()))`,
      [
        event.actor,
        event.subjectType,
        event.subjectId,
        event.type,
        JSON.stringify(event.data ?? {}),
        event.at?.toISOString() ?? null,
      ],
    );
  }
}
