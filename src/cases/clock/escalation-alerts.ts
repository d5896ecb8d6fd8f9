import type { SqlExecutor } from '../../store/database';
import { ESCALATION_LADDER } from '../rules/case-timers';
import type { ClockDeps } from './clock-context';

/** Where escalation alerts go: the staff alert outbox, and who holds each role. */
export type EscalationAlertDeps = Pick<ClockDeps, 'staffNotifications' | 'directory'>;

/** Alerts the role at `level` of the escalation ladder about a case, once per level and person. */
export async function alertEscalationLevel(
  deps: EscalationAlertDeps,
  tx: SqlExecutor,
  subjectType: 'service_request' | 'complaint',
  reference: string,
  level: number,
  dueDate: string,
): Promise<void> {
  const role = ESCALATION_LADDER[level - 1];
  if (!role) return;
  await deps.staffNotifications.add(
    tx,
    (await deps.directory.withRole(tx, role)).map((recipient) => ({
      recipient,
      kind: 'case.escalated',
      subjectType,
      subjectId: reference,
      data: { level, role, dueDate },
      dedupeKey: `${subjectType}-${reference}-escalated-${level}-${recipient}`,
    })),
  );
}
