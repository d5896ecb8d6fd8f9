import type { StaffSession } from '../auth/session-store';
import { SEES_ALL_CASES } from '../http/access';

/** Which cases a staff member sees: all of them, or those of their categories (liaison officers, volunteers). */
export type CaseScope = { all: true } | { all: false; categories: readonly string[] };

export function caseScope(staff: Pick<StaffSession, 'roles' | 'categories'>): CaseScope {
  return staff.roles.some((r) => SEES_ALL_CASES.includes(r))
    ? { all: true }
    : { all: false, categories: staff.categories };
}

/**
 * A case's category for scoping: a request's is its service's category; a complaint's is the category of
 * the person who made it (complaint categories are topics like "delay", not groups of beneficiaries).
 */
export const inScope = (scope: CaseScope, category: string | null): boolean =>
  scope.all || (category !== null && scope.categories.includes(category));
