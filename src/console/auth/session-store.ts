import type { StaffRole } from '../../config/profile-schema';
import type { Database } from '../../store/database';
import { newToken, tokenHash } from './tokens';

/** A signed-in staff member, as every guarded console route sees them. */
export interface StaffSession {
  staffId: string;
  displayName: string;
  roles: StaffRole[];
  categories: string[];
  /** Must come back in `x-csrf-token` with every state-changing request of this session. */
  csrfToken: string;
  tokenHash: string;
}

export interface SessionPolicy {
  /** A session ends this long after sign-in, however busy. */
  absoluteMs: number;
  /** …or after this long without a request. */
  idleMs: number;
}

export const DEFAULT_SESSION_POLICY: SessionPolicy = { absoluteMs: 12 * 3600_000, idleMs: 2 * 3600_000 };

/** `last_seen_at` is written at most this often, not on every request. */
const TOUCH_EVERY_MS = 60_000;

/**
 * Console sessions in the database (so several app processes share them and a sign-out is immediate).
 * The cookie holds a random token; the table holds its hash. Roles are read from the account on every
 * request, so an administrator's change (or deactivation) applies at once.
 */
export class PgSessionStore {
  constructor(
    private readonly db: Database,
    private readonly policy: SessionPolicy = DEFAULT_SESSION_POLICY,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async create(staffId: string, meta: { ip: string; userAgent?: string }): Promise<{ token: string }> {
    const token = newToken();
    const now = this.now();
    await this.db.query(
      `INSERT INTO staff_sessions (token_hash, staff_id, csrf_token, ip, user_agent, created_at, last_seen_at, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, $6, $7)`,
      [
        tokenHash(token),
        staffId,
        newToken(),
        meta.ip,
        meta.userAgent?.slice(0, 300) ?? null,
        now.toISOString(),
        new Date(now.getTime() + this.policy.absoluteMs).toISOString(),
      ],
    );
    return { token };
  }

  async find(token: string | undefined): Promise<StaffSession | undefined> {
    if (!token || token.length > 100) return undefined;
    const now = this.now();
    const hash = tokenHash(token);
    const found = await this.db.query<{
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
      [hash, now.toISOString(), new Date(now.getTime() - this.policy.idleMs).toISOString()],
    );
    const row = found.rows[0];
    if (!row) return undefined;
    if (now.getTime() - new Date(row.last_seen_at).getTime() > TOUCH_EVERY_MS) {
      await this.db.query('UPDATE staff_sessions SET last_seen_at = $2 WHERE token_hash = $1', [
        hash,
        now.toISOString(),
      ]);
    }
    return {
      staffId: row.staff_id,
      displayName: row.display_name,
      roles: row.roles,
      categories: row.categories,
      csrfToken: row.csrf_token,
      tokenHash: hash,
    };
  }

  async revoke(hash: string): Promise<void> {
    await this.db.query('UPDATE staff_sessions SET revoked_at = $2 WHERE token_hash = $1', [
      hash,
      this.now().toISOString(),
    ]);
  }

  /** Signs the person out everywhere (password reset, role removed, lost phone). Returns how many ended. */
  async revokeAll(staffId: string): Promise<number> {
    const ended = await this.db.query(
      'UPDATE staff_sessions SET revoked_at = $2 WHERE staff_id = $1 AND revoked_at IS NULL',
      [staffId, this.now().toISOString()],
    );
    return ended.rowCount;
  }
}
