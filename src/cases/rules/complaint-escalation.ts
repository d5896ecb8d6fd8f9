import { ESCALATION_LADDER } from './case-timers';

/**
 * Who owns a complaint at each level of the ladder (DESIGN.md: follow-up committee → executive
 * management → board; the policy: "a late complaint is escalated to management"). Below level 2 the
 * routing made at opening stands (the follow-up or the investigation committee, or the officer it was
 * handed to).
 */
const OWNERS: readonly string[] = ['follow-up-committee', 'executive-management', 'board'];

/** The owner (`routed_to`) of a complaint raised to `level`, or undefined when its routing stays. */
export function complaintOwnerAt(level: number): string | undefined {
  return level >= 2 ? OWNERS[level - 1] : undefined;
}

/**
 * The level a staff escalation raises a complaint at `level` to: the rung above its owner's. A complaint
 * not yet escalated is the follow-up committee's (level 1's role), so it goes to executive management;
 * undefined at the board, where there is no higher rung.
 */
export function staffEscalationLevel(level: number): number | undefined {
  const next = Math.max(level, 1) + 1;
  return next <= ESCALATION_LADDER.length ? next : undefined;
}
