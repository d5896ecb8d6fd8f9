import { localized } from '../config/localized';
import type { Profile } from '../config/profile-schema';
import { holidayYearToReview } from '../domain/calendar/holiday-review';
import type { Lang } from '../domain/lang';
import type { Translator } from '../i18n/translator';
import type { SqlExecutor } from '../store/database';
import { reachableStaff } from '../store/reachable-staff';
import { routeHandoff, type RoutableStaff } from './rules/route-handoff';

/**
 * Who receives the work each flow promises, by role: the committee decides requests and complaints,
 * field staff take field-help calls, the volunteering coordinator the sign-ups, an administrator the
 * data requests. Roles are plain strings here, so roles the profile schema learns later (`coordinator`,
 * `field`) count as soon as staff hold them. Talking to a person is routed by category
 * (`promiseGaps`), not by a role alone.
 */
export const PROMISE_OWNERS: readonly {
  flow: string;
  role: string;
  enabled: (profile: Profile) => boolean;
}[] = [
  { flow: 'service-request', role: 'committee', enabled: (p) => p.services.length > 0 },
  { flow: 'complaint', role: 'committee', enabled: () => true },
  { flow: 'field-help', role: 'field', enabled: (p) => p.features.fieldHelp },
  { flow: 'volunteer', role: 'coordinator', enabled: (p) => p.features.volunteering },
  { flow: 'my-data', role: 'admin', enabled: () => true },
];

/** An enabled flow whose work nobody can receive. */
export type PromiseGap =
  /** No liaison officer or volunteer at all, and no staff group: a handoff reaches nobody. */
  | { flow: 'handoff'; code: 'NO_HANDOFF_RECEIVER' }
  /** Some categories are served, this one is not (and there is no staff group). */
  | { flow: 'handoff'; code: 'HANDOFF_CATEGORY_UNCOVERED'; category: string }
  /** No active staff member holds the role that receives the flow's work. */
  | { flow: string; code: 'NO_ROLE_HOLDER'; role: string }
  /**
   * Nobody reviewed the holidays of a year that has begun or begins within the month (profile
   * `calendar.holidaysReviewedThrough`): deadlines would count the computed Eid dates unchecked.
   */
  | { flow: 'holidays'; code: 'HOLIDAYS_NOT_REVIEWED'; year: number };

/**
 * The enabled flows with nobody to receive their work, given the staff as they stand (`staff`: the
 * profile's, with the console's active accounts over them) and whether a Telegram staff group sees every
 * handoff; with `today` (a local date), also a holiday table nobody reviewed for the coming year. Pure.
 */
export function promiseGaps(
  profile: Profile,
  staff: readonly RoutableStaff[],
  options: { staffGroup: boolean; today?: string },
): PromiseGap[] {
  const gaps: PromiseGap[] = [];
  if (!options.staffGroup) {
    // The same routing as a handoff's: a category's liaison officer, else a volunteer serving it.
    if (routeHandoff(staff, null).rule === 'unassigned') {
      gaps.push({ flow: 'handoff', code: 'NO_HANDOFF_RECEIVER' });
    } else {
      for (const category of profile.categories) {
        if (routeHandoff(staff, category.id).rule === 'unassigned')
          gaps.push({ flow: 'handoff', code: 'HANDOFF_CATEGORY_UNCOVERED', category: category.id });
      }
    }
  }
  for (const owner of PROMISE_OWNERS) {
    if (owner.enabled(profile) && !staff.some((member) => member.roles.includes(owner.role)))
      gaps.push({ flow: owner.flow, code: 'NO_ROLE_HOLDER', role: owner.role });
  }
  if (options.today !== undefined) {
    const year = holidayYearToReview(options.today, profile.calendar.holidaysReviewedThrough);
    if (year !== undefined) gaps.push({ flow: 'holidays', code: 'HOLIDAYS_NOT_REVIEWED', year });
  }
  return gaps;
}

/**
 * `promiseGaps` over the staff who can read their work today (an active console account or a Telegram
 * id; console changes count at once): a name only in the profile file receives nothing.
 */
export async function findPromiseGaps(
  tx: SqlExecutor,
  profile: Profile,
  options: { staffGroup: boolean; today?: string },
): Promise<PromiseGap[]> {
  return promiseGaps(profile, await reachableStaff(tx, profile), options);
}

/** A gap in words, in `lang`: what goes wrong, and the fix (which role to give whom, and where). */
export function describePromiseGap(
  gap: PromiseGap,
  deps: { translator: Translator; profile: Profile; lang: Lang },
): { message: string; fix: string } {
  const t = (key: string, params?: Record<string, string>) => deps.translator.t(deps.lang, key, params);
  const flow = t(`setup.flow.${gap.flow}`);
  switch (gap.code) {
    case 'NO_HANDOFF_RECEIVER':
      return {
        message: t('setup.noHandoffReceiver.message', { flow }),
        fix: t('setup.noHandoffReceiver.fix'),
      };
    case 'HANDOFF_CATEGORY_UNCOVERED': {
      const found = deps.profile.categories.find((c) => c.id === gap.category);
      const category = found ? localized(found.name, deps.lang) : gap.category;
      return {
        message: t('setup.categoryUncovered.message', { flow, category }),
        fix: t('setup.categoryUncovered.fix', { category }),
      };
    }
    case 'NO_ROLE_HOLDER': {
      const role = t(`setup.role.${gap.role}`);
      return {
        message: t('setup.noRoleHolder.message', { flow, role }),
        fix: t('setup.noRoleHolder.fix', { role }),
      };
    }
    case 'HOLIDAYS_NOT_REVIEWED': {
      const year = String(gap.year);
      return {
        message: t('setup.holidaysNotReviewed.message', { year }),
        fix: t('setup.holidaysNotReviewed.fix', { year }),
      };
    }
  }
}
