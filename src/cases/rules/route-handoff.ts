/** A staff member as routing needs to know them (the profile's `staff` entries fit as they are). */
export interface RoutableStaff {
  id: string;
  roles: readonly string[];
  /** Beneficiary categories the member serves; none means every category. */
  categories: readonly string[];
}

/** Who a handoff goes to, and by which rule (kept with the handoff so a report can tell them apart). */
export interface HandoffRoute {
  staffId: string | null;
  rule: 'liaison' | 'volunteer' | 'unassigned';
}

/**
 * Routes a conversation with a person to the liaison officer of the beneficiary's category (the policy's
 * «ضابط اتصال لكل فئة»), falling back to a volunteer of that category, then to nobody in particular (the
 * staff group sees it unassigned). A member without categories serves all of them; without a category
 * (the person skipped the question) any member qualifies. The first match in profile order wins, so the
 * routing is predictable; sharing the load among several officers is the staff bot's concern.
 */
export function routeHandoff(staff: readonly RoutableStaff[], category: string | null): HandoffRoute {
  const serves = (member: RoutableStaff) =>
    category === null || member.categories.length === 0 || member.categories.includes(category);
  for (const rule of ['liaison', 'volunteer'] as const) {
    const member = staff.find((m) => m.roles.includes(rule) && serves(m));
    if (member) return { staffId: member.id, rule };
  }
  return { staffId: null, rule: 'unassigned' };
}
