import type { StaffRole } from '../../config/profile-schema';
import type { SqlExecutor } from '../database';

/** A new console session: the token is kept only as its hash. */
export interface NewStaffSession {
  tokenHash: string;
  staffId: string;
  csrfToken: string;
  ip: string;
  userAgent: string | null;
  createdAt: Date;
  expiresAt: Date;
}

/** A live session with its account's current name, roles and categories (read on every request). */
export interface LiveStaffSession {
  staffId: string;
  displayName: string;
  roles: StaffRole[];
  categories: string[];
  csrfToken: string;
  lastSeenAt: Date;
}

/**
 * Console sessions (`staff_sessions`, migration 011). Every time here is the app's clock, passed in: a
 * session's expiry and last use are written with it, so they are compared with it too.
 */
export class PgStaffSessionRepository {
  async insert(tx: SqlExecutor, session: NewStaffSession): Promise<void> {
    await tx.query(
      `INSERT INTO staff_sessions (token_hash, staff_id, csrf_token, ip, user_agent, created_at, last_seen_at, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, $6, $7)`,
      [
        session.tokenHash,
        session.staffId,
        session.csrfToken,
        session.ip,
        session.userAgent,
        session.createdAt.toISOString(),
        session.expiresAt.toISOString(),
      ],
    );
  }

  /**
   * The session with this token hash if it still holds at `now`: not revoked, its account active, not
   * past its expiry, and used after `idleSince`.
   */
  async findLive(
    tx: SqlExecutor,
    tokenHash: string,
    now: Date,
    idleSince: Date,
  ): Promise<LiveStaffSession | undefined> {
    const found = await tx.query<{
      staff_id: string;
      display_name: string;
      roles: StaffRole[];
      categories: string[];
      csrf_token: string;
      last_seen_at: Date;
    }>(
      `SELECT s.staff_id, a.display_name, a.roles, a.categories, s.csrf_token, s.last_seen_at
       FROM staff_sessions s JOIN staff_accounts a ON a.id = s.staff_id
       WHERE s.token_hash = $1 AND s.revoked_at IS NULL AND a.active
         AND s.expires_at > $2 AND s.last_seen_at > $3`,
      [tokenHash, now.toISOString(), idleSince.toISOString()],
    );
    const row = found.rows[0];
    if (!row) return undefined;
    return {
      staffId: row.staff_id,
      displayName: row.display_name,
      roles: row.roles,
      categories: row.categories,
      csrfToken: row.csrf_token,
      lastSeenAt: new Date(row.last_seen_at),
    };
  }

  /** Records that the session was used at `at` (what the idle limit counts from). */
  async touch(tx: SqlExecutor, tokenHash: string, at: Date): Promise<void> {
    await tx.query('UPDATE staff_sessions SET last_seen_at = $2 WHERE token_hash = $1', [
      tokenHash,
      at.toISOString(),
    ]);
  }

  async revoke(tx: SqlExecutor, tokenHash: string, at: Date): Promise<void> {
    await tx.query('UPDATE staff_sessions SET revoked_at = $2 WHERE token_hash = $1', [
      tokenHash,
      at.toISOString(),
    ]);
  }

  /** Ends every live session of the account; returns how many ended. */
  async revokeAll(tx: SqlExecutor, staffId: string, at: Date): Promise<number> {
    const ended = await tx.query(
      'UPDATE staff_sessions SET revoked_at = $2 WHERE staff_id = $1 AND revoked_at IS NULL',
      [staffId, at.toISOString()],
    );
    return ended.rowCount;
  }

  /**
   * Ends the account's other live sessions, keeping `keepTokenHash` (a password change). `revoked_at` is
   * only ever tested for NULL, so the database's clock here compares with nothing the app wrote.
   */
  async revokeOthers(tx: SqlExecutor, staffId: string, keepTokenHash: string): Promise<void> {
    await tx.query(
      'UPDATE staff_sessions SET revoked_at = now() WHERE staff_id = $1 AND token_hash <> $2 AND revoked_at IS NULL',
      [staffId, keepTokenHash],
    );
  }
}
