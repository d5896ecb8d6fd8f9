import type { StaffRole } from '../../config/profile-schema';
import type { Database } from '../../store/database';
import { PgStaffSessionRepository } from '../../store/console/staff-session-repository';
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
export class SessionStore {
  private readonly rows = new PgStaffSessionRepository();

  constructor(
    private readonly db: Database,
    private readonly policy: SessionPolicy = DEFAULT_SESSION_POLICY,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async create(staffId: string, meta: { ip: string; userAgent?: string }): Promise<{ token: string }> {
    const token = newToken();
    const now = this.now();
    await this.rows.insert(this.db, {
      tokenHash: tokenHash(token),
      staffId,
      csrfToken: newToken(),
      ip: meta.ip,
      userAgent: meta.userAgent?.slice(0, 300) ?? null,
      createdAt: now,
      expiresAt: new Date(now.getTime() + this.policy.absoluteMs),
    });
    return { token };
  }

  async find(token: string | undefined): Promise<StaffSession | undefined> {
    if (!token || token.length > 100) return undefined;
    const now = this.now();
    const hash = tokenHash(token);
    const row = await this.rows.findLive(this.db, hash, now, new Date(now.getTime() - this.policy.idleMs));
    if (!row) return undefined;
    if (now.getTime() - row.lastSeenAt.getTime() > TOUCH_EVERY_MS) await this.rows.touch(this.db, hash, now);
    return {
      staffId: row.staffId,
      displayName: row.displayName,
      roles: row.roles,
      categories: row.categories,
      csrfToken: row.csrfToken,
      tokenHash: hash,
    };
  }

  async revoke(hash: string): Promise<void> {
    await this.rows.revoke(this.db, hash, this.now());
  }

  /** Signs the person out everywhere (password reset, role removed, lost phone). Returns how many ended. */
  async revokeAll(staffId: string): Promise<number> {
    return this.rows.revokeAll(this.db, staffId, this.now());
  }

  /** Ends the person's other sessions, keeping the one in use (they changed their password). */
  async revokeOthers(staffId: string, keepTokenHash: string): Promise<void> {
    await this.rows.revokeOthers(this.db, staffId, keepTokenHash);
  }
}
