import type { Profile, StaffRole } from '../config/profile-schema';
import type { SqlExecutor } from './database';
import { routableStaff } from './routable-staff';
import type { RoutableStaff } from '../cases/rules/route-handoff';

/** A staff member holding a role, and whether work sent to them reaches anyone today. */
export interface StaffOnRole {
  id: string;
  /**
   * They can read an alert: they have an active web-console account, or a Telegram user id for the staff
   * bot. A profile entry with neither is a name on paper (the demo's, before accounts are made): work
   * can wait for them, but the bot must not tell the person they were told.
   */
  reachable: boolean;
}

/**
 * The staff as routing sees them (`routableStaff`: the profile's, with the console's active accounts over
 * them), each marked reachable or not: work sent to them reaches someone today only when they have an
 * active web-console account or a Telegram user id for the staff bot.
 */
async function markedStaff(tx: SqlExecutor, profile: Profile) {
  const present = await tx.query<{ found: string | null }>(
    `SELECT to_regclass('staff_accounts')::text AS found`,
  );
  const accounts = present.rows[0]?.found
    ? new Set(
        (await tx.query<{ id: string }>('SELECT id FROM staff_accounts WHERE active')).rows.map((a) => a.id),
      )
    : new Set<string>();
  const telegram = new Set(profile.staff.filter((s) => s.telegramUserId !== undefined).map((s) => s.id));
  return (await routableStaff(tx, profile)).map((s) => ({
    ...s,
    reachable: accounts.has(s.id) || telegram.has(s.id),
  }));
}

/** The staff holding `role`, in routing order, each marked reachable or not. */
export async function staffOnRole(
  tx: SqlExecutor,
  profile: Profile,
  role: StaffRole,
): Promise<StaffOnRole[]> {
  return (await markedStaff(tx, profile))
    .filter((s) => s.roles.includes(role))
    .map((s) => ({ id: s.id, reachable: s.reachable }));
}

/**
 * The staff who can read what is sent to them today: the one answer to "is anyone there?" for the bot's
 * texts (a handoff's reach) and for the warnings about promises nobody keeps.
 */
export async function reachableStaff(tx: SqlExecutor, profile: Profile): Promise<RoutableStaff[]> {
  return (await markedStaff(tx, profile))
    .filter((s) => s.reachable)
    .map(({ reachable: _reachable, ...member }) => member);
}
