import { z } from 'zod';
import type { Profile } from '../../config/profile-schema';
import { REFERENCE_PREFIXES } from '../rules/reference';
import type { PgEventLog } from '../../store/event-log';
import { PgFieldHelpRepository } from '../../store/field-help-repository';
import { staffOnRole } from '../../store/reachable-staff';
import type { PgStaffNotificationRepository } from '../../store/staff-notification-repository';
import type { EffectHandler } from '../../conversation/effect-handlers';

const calls = new PgFieldHelpRepository();

const HelpCall = z.object({
  kind: z.string(),
  urgent: z.boolean(),
  location: z
    .object({ latitude: z.number().min(-90).max(90), longitude: z.number().min(-180).max(180) })
    .nullable(),
  where: z.string().trim().max(500).nullable(),
  details: z.string().trim().min(1).max(2000),
});

/**
 * Field help is not assigned to a named person: it goes to the queue of the field representatives on
 * duty (مناديب الجمعية في المواقع الميدانية), and whoever is on duty claims it from the staff side.
 */
export const FIELD_DUTY_QUEUE = 'field-duty';

/**
 * Stores a field-help call (`FLD-…`) with its shared pin or described place, flagged urgent for
 * health, for the field representatives on duty, and alerts each active staff member with the `field`
 * role (or the role itself when there is none, for the staff group). Records the event. Returns the
 * reference and `told`: `told` when a field representative who can read the alert got it
 * (`staffOnRole`), `nobody` otherwise, so the flow says only what is true.
 */
export function fieldHelpRecord(deps: {
  profile: Profile;
  events: PgEventLog;
  staffNotifications: PgStaffNotificationRepository;
}): EffectHandler {
  return async (effect, scope) => {
    if (effect.type !== 'createRecord') return;
    const data = HelpCall.parse(effect.data);
    if (!deps.profile.fieldHelp.kinds.some((k) => k.id === data.kind)) {
      throw new Error(`field help: unknown kind ${data.kind}`);
    }
    const reference = await calls.open(scope.tx, REFERENCE_PREFIXES.fieldHelp, {
      beneficiaryId: scope.beneficiaryId,
      kind: data.kind,
      details: data.details,
      location: data.location,
      where: data.where,
      urgent: data.urgent,
      routedTo: FIELD_DUTY_QUEUE,
      channel: scope.channel,
      at: scope.now,
    });
    const field = await staffOnRole(scope.tx, deps.profile, 'field');
    const onDuty = field.length > 0 ? field.map((s) => s.id) : ['role:field'];
    const told = field.some((s) => s.reachable);
    await deps.staffNotifications.add(
      scope.tx,
      onDuty.map((recipient) => ({
        recipient,
        kind: 'fieldHelp.requested',
        subjectType: 'field_help',
        subjectId: reference,
        data: { kind: data.kind, urgent: data.urgent },
        dedupeKey: `field-help-${reference}-${recipient}`,
      })),
    );
    await deps.events.append(scope.tx, {
      actor: `beneficiary:${scope.beneficiaryId}`,
      subjectType: 'field_help',
      subjectId: reference,
      type: 'fieldHelp.requested',
      data: {
        kind: data.kind,
        urgent: data.urgent,
        pin: data.location !== null,
        routedTo: FIELD_DUTY_QUEUE,
        alerted: onDuty,
        channel: scope.channel,
      },
      at: scope.now,
    });
    return { ref: reference, told: told ? 'told' : 'nobody' };
  };
}
