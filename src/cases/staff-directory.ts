import type { Profile, StaffRole } from '../config/profile-schema';
import type { SqlExecutor } from '../store/database';
import { routableStaff } from '../store/routable-staff';

/**
 * Who on the staff gets what: the liaison officers of a category, or everyone holding a role. Read from
 * the staff as they stand now (the profile's, with the web console's active accounts over them), so an
 * officer or manager added in the console gets reminders and escalations without a restart. Falls back
 * to the role itself (`role:<role>`, posted in the staff group) so an alert is never addressed to nobody.
 */
export class StaffDirectory {
  constructor(private readonly profile: Profile) {}

  async withRole(tx: SqlExecutor, role: StaffRole): Promise<string[]> {
    const ids = (await routableStaff(tx, this.profile))
      .filter((s) => s.roles.includes(role))
      .map((s) => s.id);
    return ids.length > 0 ? ids : [`role:${role}`];
  }

  /** Liaison officers of the category, then the volunteer pool, then the role. */
  async forCategory(tx: SqlExecutor, categoryId: string | null): Promise<string[]> {
    const staff = await routableStaff(tx, this.profile);
    const officers = staff
      .filter((s) => s.roles.includes('liaison') && categoryId !== null && s.categories.includes(categoryId))
      .map((s) => s.id);
    if (officers.length > 0) return officers;
    const volunteers = staff.filter((s) => s.roles.includes('volunteer')).map((s) => s.id);
    return volunteers.length > 0 ? volunteers : ['role:liaison'];
  }
}
