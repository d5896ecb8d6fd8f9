import type { ClockContext } from './clock-context';

const OUTCOMES = {
  noticeQueued: 'person told; erasure follows once the notice is sent',
  adminsAlerted: 'admins alerted',
  unknown: 'skipped: no such request',
  notDeletion: 'skipped: not a deletion request',
  notOpen: 'skipped: not open',
  underWay: 'skipped: already under way',
  notDue: 'skipped: not due yet',
} as const;

/**
 * A deletion request reached its due date while still open: the first phase of its erasure
 * (`DataErasure.begin`) tells the person, and the second (`dataDeletionErase`) erases once that notice
 * went out. Where this process has no document store to erase files from, administrators are alerted
 * to do it instead.
 */
export async function dataDeletionDue(ctx: ClockContext, reference: string): Promise<string> {
  return OUTCOMES[await ctx.erasure.begin(reference, 'dueDate')];
}
