import type { SqlExecutor } from './database';

export type AssociationStatus = 'active' | 'suspended';

/** A row of `associations` (migration 023); `secrets` and `key` sealed with the platform's key. */
export interface AssociationRow extends Record<string, unknown> {
  id: string;
  name: string;
  status: AssociationStatus;
  hosts: string[];
  profile: unknown;
  channels: Record<string, unknown>;
  secrets: string | null;
  key: string | null;
  created_at: Date;
  updated_at: Date;
}

export type NewAssociationRow = Pick<
  AssociationRow,
  'id' | 'name' | 'hosts' | 'channels' | 'secrets' | 'key'
> & {
  profile: unknown;
};

export interface PlatformEvent {
  at: string;
  actor: string;
  action: string;
  association: string | null;
}

/** "tawasul-platform": the advisory lock under which host names are checked and taken. */
const HOSTS_LOCK_KEY = '7452141520891510388';

/**
 * The platform's associations and its audit log, read and written as the database's owner (the app's own
 * role sees its association's id, name and status only).
 */
export class PgAssociationRepository {
  async all(db: SqlExecutor): Promise<AssociationRow[]> {
    return (await db.query<AssociationRow>('SELECT * FROM associations ORDER BY id')).rows;
  }

  /**
   * Takes the hosts lock for the rest of `tx` and returns an association already holding `id`, or one of
   * `hosts` (with the host it holds).
   */
  async lockAndFindClash(
    tx: SqlExecutor,
    id: string,
    hosts: readonly string[],
  ): Promise<{ id: string; host: string | null } | undefined> {
    await tx.query(`SELECT pg_advisory_xact_lock(${HOSTS_LOCK_KEY})`);
    const taken = await tx.query<{ id: string; host: string | null }>(
      `SELECT a.id, h.host FROM associations a LEFT JOIN LATERAL unnest(a.hosts) AS h(host) ON h.host = ANY($1::text[])
        WHERE h.host IS NOT NULL OR a.id = $2 ORDER BY h.host NULLS LAST LIMIT 1`,
      [hosts, id],
    );
    return taken.rows[0];
  }

  /** Takes the hosts lock for the rest of `tx`; another association than `id` holding one of `hosts`. */
  async lockAndFindHostElsewhere(
    tx: SqlExecutor,
    id: string,
    hosts: readonly string[],
  ): Promise<{ id: string; host: string } | undefined> {
    await tx.query(`SELECT pg_advisory_xact_lock(${HOSTS_LOCK_KEY})`);
    const taken = await tx.query<{ id: string; host: string }>(
      `SELECT a.id, h.host FROM associations a CROSS JOIN LATERAL unnest(a.hosts) AS h(host)
        WHERE h.host = ANY($1::text[]) AND a.id <> $2 ORDER BY h.host LIMIT 1`,
      [hosts, id],
    );
    return taken.rows[0];
  }

  /** Sets what is given (the rest stays); false when there is no such association. */
  async update(
    tx: SqlExecutor,
    id: string,
    changes: Partial<Pick<NewAssociationRow, 'name' | 'hosts' | 'profile' | 'channels' | 'secrets'>>,
  ): Promise<boolean> {
    const json = (value: unknown) => (value === undefined ? null : JSON.stringify(value));
    const { rowCount } = await tx.query(
      `UPDATE associations SET name = COALESCE($2, name), hosts = COALESCE($3, hosts),
         profile = COALESCE($4::jsonb, profile), channels = COALESCE($5::jsonb, channels),
         secrets = COALESCE($6, secrets), updated_at = now()
       WHERE id = $1`,
      [
        id,
        changes.name ?? null,
        changes.hosts ?? null,
        json(changes.profile),
        json(changes.channels),
        changes.secrets ?? null,
      ],
    );
    return rowCount === 1;
  }

  async insert(tx: SqlExecutor, row: NewAssociationRow): Promise<void> {
    await tx.query(
      `INSERT INTO associations (id, name, hosts, profile, channels, secrets, key) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [
        row.id,
        row.name,
        row.hosts,
        JSON.stringify(row.profile),
        JSON.stringify(row.channels),
        row.secrets,
        row.key,
      ],
    );
  }

  /** `changed`: the status was another; `found`: the association exists. Run in a transaction. */
  async setStatus(
    tx: SqlExecutor,
    id: string,
    status: AssociationStatus,
  ): Promise<{ found: boolean; changed: boolean }> {
    const { rows } = await tx.query<{ status: AssociationStatus }>(
      'SELECT status FROM associations WHERE id = $1 FOR UPDATE',
      [id],
    );
    const was = rows[0]?.status;
    if (was === undefined || was === status) return { found: was !== undefined, changed: false };
    await tx.query('UPDATE associations SET status = $2, updated_at = now() WHERE id = $1', [id, status]);
    return { found: true, changed: true };
  }

  async addEvent(
    tx: SqlExecutor,
    event: { actor: string; action: string; associationId: string; detail: Record<string, unknown> },
  ): Promise<void> {
    await tx.query(
      'INSERT INTO platform_events (actor, action, association_id, detail) VALUES ($1, $2, $3, $4)',
      [event.actor, event.action, event.associationId, JSON.stringify(event.detail)],
    );
  }

  /** The audit log, newest first. */
  async events(db: SqlExecutor, limit: number): Promise<PlatformEvent[]> {
    const { rows } = await db.query<{
      at: Date;
      actor: string;
      action: string;
      association_id: string | null;
    }>('SELECT at, actor, action, association_id FROM platform_events ORDER BY id DESC LIMIT $1', [limit]);
    return rows.map((row) => ({
      at: row.at.toISOString(),
      actor: row.actor,
      action: row.action,
      association: row.association_id,
    }));
  }
}
