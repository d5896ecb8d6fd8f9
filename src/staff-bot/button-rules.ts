import type { StaffRole } from '../config/profile-schema';
import { localized } from '../config/localized';
import type { Profile } from '../config/profile-schema';
import {
  checkComplaintTransition,
  COMPLAINT_RULES,
  type ComplaintStatus,
} from '../cases/rules/complaint-transitions';
import {
  checkRequestTransition,
  REQUEST_RULES,
  type RequestStatus,
} from '../cases/rules/request-transitions';
import type { StaffMember } from '../cases/staff-roster';
import type { Lang } from '../domain/lang';
import type { CaseType, CaseView } from '../store/case-view-repository';

/* Who may press which button, and what a press needs: the rules `ButtonActions` applies. */

/** Who may take a conversation or a field call: anyone on duty (the board only oversees). */
export const FRONT_LINE: readonly StaffRole[] = ['volunteer', 'liaison', 'committee', 'manager', 'admin'];
/** Who may close a conversation someone else took, or take charge of a request. */
export const SUPERVISORS: readonly StaffRole[] = ['liaison', 'committee', 'manager', 'admin'];

/** Buttons under one question: Telegram draws more, but a longer list is no longer quick to use. */
export const MAX_MISSING_ITEMS = 20;
/** The "ask now" button under the question (after the items). */
export const SEND_INDEX = 99;

/** What may be missing from a request: its service's fields, then its documents, in the staff language. */
export function missingItems(
  profile: Profile,
  serviceId: string | null,
  lang: Lang,
): { id: string; label: string }[] {
  const service = profile.services.find((s) => s.id === serviceId);
  if (!service) return [];
  return [
    ...service.fields.map((f) => ({ id: `field:${f.id}`, label: localized(f.label, lang) })),
    ...service.documents.map((d) => ({ id: `document:${d.id}`, label: `📎 ${localized(d.label, lang)}` })),
  ];
}

export function hasRole(member: StaffMember, roles: readonly StaffRole[]): boolean {
  return member.roles.some((r) => roles.includes(r));
}

export function needsReason(type: CaseType, action: string): boolean {
  if (type === 'request') return REQUEST_RULES[action as keyof typeof REQUEST_RULES]?.needsReason ?? false;
  if (type === 'complaint')
    return COMPLAINT_RULES[action as keyof typeof COMPLAINT_RULES]?.needsReason ?? false;
  return false;
}

/** The transition check of the case service, run before asking for a reason it would refuse anyway. */
export function checkTransition(type: CaseType, status: string, action: string, roles: readonly StaffRole[]) {
  return type === 'request'
    ? checkRequestTransition(status as RequestStatus, action as never, roles, 'reason')
    : checkComplaintTransition(status as ComplaintStatus, action as never, roles, 'reason');
}

export function personLang(view: CaseView | undefined, fallback: Lang): Lang {
  const lang = view?.person?.lang;
  return lang === 'ar' || lang === 'en' ? lang : fallback;
}
