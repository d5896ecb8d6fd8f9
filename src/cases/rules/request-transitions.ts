import type { StaffRole } from '../../config/profile-schema';

export type RequestStatus =
  'submitted' | 'under_review' | 'needs_info' | 'approved' | 'rejected' | 'delivered' | 'closed';

export type RequestAction =
  'startReview' | 'askInfo' | 'infoReceived' | 'approve' | 'reject' | 'deliver' | 'close';

interface Rule {
  from: readonly RequestStatus[];
  to: RequestStatus;
  roles: readonly StaffRole[];
  /** The action needs a reason (rejection; asking for information, unless it names the missing items). */
  needsReason: boolean;
}

const COMMITTEE: readonly StaffRole[] = ['committee', 'manager', 'admin'];
const ANY_STAFF: readonly StaffRole[] = ['volunteer', 'liaison', 'committee', 'manager', 'admin'];

/**
 * The request lifecycle of the policies: submitted (complete) → under review → needs information ↔
 * under review → approved / rejected → delivered → closed. Which role may take each step, and which
 * steps need a reason. One table, shared by the Telegram console, the web console and the API.
 */
export const REQUEST_RULES: Readonly<Record<RequestAction, Rule>> = {
  startReview: {
    from: ['submitted'],
    to: 'under_review',
    roles: [...COMMITTEE, 'liaison'],
    needsReason: false,
  },
  askInfo: {
    from: ['submitted', 'under_review'],
    to: 'needs_info',
    roles: [...COMMITTEE, 'liaison'],
    needsReason: true,
  },
  infoReceived: { from: ['needs_info'], to: 'under_review', roles: ANY_STAFF, needsReason: false },
  approve: { from: ['under_review'], to: 'approved', roles: COMMITTEE, needsReason: false },
  reject: { from: ['under_review'], to: 'rejected', roles: COMMITTEE, needsReason: true },
  deliver: { from: ['approved'], to: 'delivered', roles: ['liaison', ...COMMITTEE], needsReason: false },
  close: { from: ['delivered', 'rejected'], to: 'closed', roles: ANY_STAFF, needsReason: false },
};

export type TransitionCheck =
  | { ok: true; to: RequestStatus }
  | { ok: false; code: 'ERR_TRANSITION_NOT_ALLOWED' | 'ERR_ROLE_NOT_ALLOWED' | 'ERR_REASON_REQUIRED' };

/** Whether `roles` may take `action` on a request in `status`. Pure. */
export function checkRequestTransition(
  status: RequestStatus,
  action: RequestAction,
  roles: readonly StaffRole[],
  reason: string | undefined,
  /** Asking for information names what is missing: that says enough without a reason. */
  namesMissingItems = false,
): TransitionCheck {
  const rule = REQUEST_RULES[action];
  if (!rule.roles.some((r) => roles.includes(r))) return { ok: false, code: 'ERR_ROLE_NOT_ALLOWED' };
  if (!rule.from.includes(status)) return { ok: false, code: 'ERR_TRANSITION_NOT_ALLOWED' };
  const explained = !!reason?.trim() || (action === 'askInfo' && namesMissingItems);
  if (rule.needsReason && !explained) return { ok: false, code: 'ERR_REASON_REQUIRED' };
  return { ok: true, to: rule.to };
}

/** Actions the given roles may take now, in display order (for buttons and console menus). */
export function availableRequestActions(status: RequestStatus, roles: readonly StaffRole[]): RequestAction[] {
  return (Object.keys(REQUEST_RULES) as RequestAction[]).filter((action) => {
    const rule = REQUEST_RULES[action];
    return rule.from.includes(status) && rule.roles.some((r) => roles.includes(r));
  });
}
