import type { StaffRole } from '../../config/profile-schema';
import type { SqlExecutor } from '../database';

/** A console account (no password hash: that never leaves this file's `credentials`). */
export interface StaffAccount {
  id: string;
  displayName: string;
  roles: StaffRole[];
  categories: string[];
  telegramUserId: number | null;
  active: boolean;
  hasPassword: boolean;
  createdAt: string;
  lastSignInAt: string | null;
}

type Row = {
  id: string;
  display_name: string;
  roles: StaffRole[];
  categories: string[];
  telegram_user_id: string | null;
  active: boolean;
  has_password: boolean;
  created_at: Date;
  last_sign_in_at: Date | null;
};

const SELECT = `SELECT a.id, a.display_name, a.roles, a.categories, a.telegram_user_id::text AS telegram_user_id,
  a.active, a.password_hash IS NOT NULL AS has_password, a.created_at,
  (SELECT max(s.created_at) FROM staff_sessions s WHERE s.staff_id = a.id) AS last_sign_in_at
  FROM staff_accounts a`;

const toAccount = (r: Row): StaffAccount => ({
  id: r.id,
  displayName: r.display_name,
  roles: r.roles,
  categories: r.categories,
  telegramUserId: r.telegram_user_id === null ? null : Number(r.telegram_user_id),
  active: r.active,
  hasPassword: r.has_password,
  createdAt: new Date(r.created_at).toISOString(),
  lastSignInAt: r.last_sign_in_at ? new Date(r.last_sign_in_at).toISOString() : null,
});

export interface NewStaffAccount {
  id: string;
  displayName: string;
  roles: readonly StaffRole[];
  categories?: readonly string[];
  telegramUserId?: number | null;
  passwordHash: string | null;
}

/** Staff accounts of the console (the CLI creates the first; administrators the rest): `staff_accounts`. */
export class PgStaffAccountRepository {
  /** Returns false when the id is taken. */
  async create(tx: SqlExecutor, account: NewStaffAccount): Promise<boolean> {
    const inserted = await tx.query(
      `INSERT INTO staff_accounts (id, display_name, password_hash, roles, categories, telegram_user_id)
       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (association_id, id) DO NOTHING`,
      [
        account.id,
        account.displayName,
        account.passwordHash,
        [...account.roles],
        [...(account.categories ?? [])],
        account.telegramUserId ?? null,
      ],
    );
    return inserted.rowCount > 0;
  }

  async list(tx: SqlExecutor): Promise<StaffAccount[]> {
    const found = await tx.query<Row>(`${SELECT} ORDER BY a.active DESC, a.id`);
    return found.rows.map(toAccount);
  }

  async get(tx: SqlExecutor, id: string): Promise<StaffAccount | undefined> {
    const found = await tx.query<Row>(`${SELECT} WHERE a.id = $1`, [id]);
    const row = found.rows[0];
    return row ? toAccount(row) : undefined;
  }

  /** What signing in needs: the hash, whether the account may sign in, and where a code goes. */
  async credentials(
    tx: SqlExecutor,
    id: string,
  ): Promise<{ passwordHash: string | null; active: boolean; telegramUserId: number | null } | undefined> {
    const found = await tx.query<{
      password_hash: string | null;
      active: boolean;
      telegram_user_id: string | null;
    }>(
      'SELECT password_hash, active, telegram_user_id::text AS telegram_user_id FROM staff_accounts WHERE id = $1',
      [id],
    );
    const row = found.rows[0];
    if (!row) return undefined;
    return {
      passwordHash: row.password_hash,
      active: row.active,
      telegramUserId: row.telegram_user_id === null ? null : Number(row.telegram_user_id),
    };
  }

  /** Changes what is given; returns false when there is no such account. */
  async update(
    tx: SqlExecutor,
    id: string,
    patch: {
      displayName?: string;
      roles?: readonly StaffRole[];
      categories?: readonly string[];
      telegramUserId?: number | null;
      active?: boolean;
      passwordHash?: string;
    },
  ): Promise<boolean> {
    const updated = await tx.query(
      `UPDATE staff_accounts SET
         display_name = coalesce($2, display_name),
         roles = coalesce($3, roles),
         categories = coalesce($4, categories),
         telegram_user_id = CASE WHEN $5 THEN $6::bigint ELSE telegram_user_id END,
         active = coalesce($7, active),
         password_hash = coalesce($8, password_hash),
         updated_at = now()
       WHERE id = $1`,
      [
        id,
        patch.displayName ?? null,
        patch.roles ? [...patch.roles] : null,
        patch.categories ? [...patch.categories] : null,
        patch.telegramUserId !== undefined,
        patch.telegramUserId ?? null,
        patch.active ?? null,
        patch.passwordHash ?? null,
      ],
    );
    return updated.rowCount > 0;
  }

  /** Active accounts holding the admin role (the last one cannot lose it). */
  async activeAdmins(tx: SqlExecutor): Promise<string[]> {
    const found = await tx.query<{ id: string }>(
      `SELECT id FROM staff_accounts WHERE active AND 'admin' = ANY(roles) ORDER BY id`,
    );
    return found.rows.map((r) => r.id);
  }

  /** Every account's display name by id, deactivated ones too (they may have acted on past cases). */
  async displayNames(tx: SqlExecutor): Promise<Map<string, string>> {
    const found = await tx.query<{ id: string; display_name: string }>(
      'SELECT id, display_name FROM staff_accounts',
    );
    return new Map(found.rows.map((a) => [a.id, a.display_name]));
  }

  /** Active accounts' display names by id, in the order of the names. */
  async activeDisplayNames(tx: SqlExecutor): Promise<Map<string, string>> {
    const found = await tx.query<{ id: string; display_name: string }>(
      'SELECT id, display_name FROM staff_accounts WHERE active ORDER BY display_name',
    );
    return new Map(found.rows.map((a) => [a.id, a.display_name]));
  }
}
