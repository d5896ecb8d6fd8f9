import type { SqlExecutor } from './database';

/** An active web-console account as the staff roster reads it. */
export interface ActiveStaffAccount {
  id: string;
  name: string;
  roles: string[];
  categories: string[];
  telegramUserId: number | undefined;
}

/** Who is staff besides the profile: the web console's active accounts (`staff_accounts`). */
export class PgStaffMemberRepository {
  /** The active accounts; none when the accounts table is not there (a database not migrated that far). */
  async activeAccounts(db: SqlExecutor): Promise<ActiveStaffAccount[]> {
    const exists = await db.query<{ found: string | null }>(
      `SELECT to_regclass('staff_accounts')::text AS found`,
    );
    if (!exists.rows[0]?.found) return [];
    const found = await db.query<{
      id: string;
      display_name: string;
      roles: string[];
      categories: string[] | null;
      telegram_user_id: string | null;
    }>(
      `SELECT id, display_name, roles, categories, telegram_user_id::text AS telegram_user_id
       FROM staff_accounts WHERE active`,
    );
    return found.rows.map((r) => ({
      id: r.id,
      name: r.display_name,
      roles: r.roles,
      categories: r.categories ?? [],
      telegramUserId: r.telegram_user_id === null ? undefined : Number(r.telegram_user_id),
    }));
  }
}
