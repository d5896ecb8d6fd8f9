import type { Profile } from '../config/profile-schema';
import type { RoutableStaff } from '../cases/rules/route-handoff';
import type { SqlExecutor } from './database';

/**
 * The staff routing chooses from, as they stand now: the profile's staff, with the web console's active
 * accounts over them (an administrator changing someone's roles or categories, or adding an officer,
 * changes where the next case goes without a restart). Profile order first, then accounts by id.
 */
export async function routableStaff(tx: SqlExecutor, profile: Profile): Promise<RoutableStaff[]> {
  const byId = new Map<string, RoutableStaff>(
    profile.staff.map((s) => [s.id, { id: s.id, roles: s.roles, categories: s.categories }]),
  );
  const present = await tx.query<{ found: string | null }>(
    `SELECT to_regclass('staff_accounts')::text AS found`,
  );
  if (present.rows[0]?.found) {
    const accounts = await tx.query<{ id: string; roles: string[]; categories: string[] | null }>(
      'SELECT id, roles, categories FROM staff_accounts WHERE active ORDER BY id',
    );
    for (const a of accounts.rows)
      byId.set(a.id, { id: a.id, roles: a.roles, categories: a.categories ?? [] });
  }
  return [...byId.values()];
}
