import type { StaffRole } from '../../config/profile-schema';
import { staffEscalationLevel } from './complaint-escalation';

export type ComplaintStatus = 'open' | 'assigned' | 'escalated' | 'resolved' | 'closed';
export type ComplaintAction = 'assign' | 'reply' | 'resolve' | 'escalate' | 'close';

interface Rule {
  from: readonly ComplaintStatus[];
  /** `undefined`: the status does not change (a reply). */
  to: ComplaintStatus | undefined;
  roles: readonly StaffRole[];
  needsReason: boolean;
}

const FOLLOW_UP: readonly StaffRole[] = ['committee', 'manager', 'admin'];

/**
 * Complaints: open → assigned → resolved → closed, or escalated (follow-up committee → executive
 * management → board) on the way. A reply is recorded and relayed without changing the status.
 */
export const COMPLAINT_RULES: Readonly<Record<ComplaintAction, Rule>> = {
  assign: {
    from: ['open', 'escalated'],
    to: 'assigned',
    roles: [...FOLLOW_UP, 'liaison'],
    needsReason: false,
  },
  reply: {
    from: ['open', 'assigned', 'escalated'],
    to: undefined,
    roles: [...FOLLOW_UP, 'liaison'],
    needsReason: true,
  },
  resolve: {
    from: ['open', 'assigned', 'escalated'],
    to: 'resolved',
    roles: [...FOLLOW_UP, 'liaison'],
    needsReason: true,
  },
  escalate: { from: ['open', 'assigned', 'escalated'], to: 'escalated', roles: FOLLOW_UP, needsReason: true },
  close: { from: ['resolved'], to: 'closed', roles: [...FOLLOW_UP, 'liaison'], needsReason: false },
};

export type ComplaintCheck =
  | { ok: true; to: ComplaintStatus | undefined }
  | { ok: false; code: 'ERR_TRANSITION_NOT_ALLOWED' | 'ERR_ROLE_NOT_ALLOWED' | 'ERR_REASON_REQUIRED' };

export function checkComplaintTransition(
  status: ComplaintStatus,
  action: ComplaintAction,
  roles: readonly StaffRole[],
  reason: string | undefined,
): ComplaintCheck {
  const rule = COMPLAINT_RULES[action];
  if (!rule.roles.some((r) => roles.includes(r))) return { ok: false, code: 'ERR_ROLE_NOT_ALLOWED' };
  if (!rule.from.includes(status)) return { ok: false, code: 'ERR_TRANSITION_NOT_ALLOWED' };
  if (rule.needsReason && !reason?.trim()) return { ok: false, code: 'ERR_REASON_REQUIRED' };
  return { ok: true, to: rule.to };
}

/**
 * What `roles` may do to a complaint in `status` at `escalationLevel`: at the board's level there is no
 * higher rung, so "Escalate" is not offered there (it would only earn a refusal).
 */
export function availableComplaintActions(
  status: ComplaintStatus,
  roles: readonly StaffRole[],
  escalationLevel: number,
): ComplaintAction[] {
  return (Object.keys(COMPLAINT_RULES) as ComplaintAction[]).filter((action) => {
    const rule = COMPLAINT_RULES[action];
    if (action === 'escalate' && staffEscalationLevel(escalationLevel) === undefined) return false;
    return rule.from.includes(status) && rule.roles.some((r) => roles.includes(r));
  });
}
