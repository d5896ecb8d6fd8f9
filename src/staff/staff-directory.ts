import type { Profile, StaffRole } from '../config/profile-schema';

/**
 * Who on the staff gets what: the liaison officers of a category, or everyone holding a role.
 * Falls back to the role itself (`role:<role>`) so an alert is never addressed to nobody.
 */
export class StaffDirectory {
  constructor(private readonly profile: Profile) {}

  withRole(role: StaffRole): string[] {
    const ids = this.profile.staff.filter((s) => s.roles.includes(role)).map((s) => s.id);
    return ids.length > 0 ? ids : [`role:${role}`];
  }

  /** Liaison officers of the category, then the volunteer pool, then the role. */
  forCategory(categoryId: string | null): string[] {
    const officers = this.profile.staff
      .filter((s) => s.roles.includes('liaison') && categoryId !== null && s.categories.includes(categoryId))
      .map((s) => s.id);
    if (officers.length > 0) return officers;
    const volunteers = this.profile.staff.filter((s) => s.roles.includes('volunteer')).map((s) => s.id);
    return volunteers.length > 0 ? volunteers : ['role:liaison'];
  }

  roles(staffId: string): StaffRole[] {
    return this.profile.staff.find((s) => s.id === staffId)?.roles ?? [];
  }
}
