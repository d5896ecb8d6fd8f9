import { z } from 'zod';
import type { Profile } from '../../config/profile-schema';
import { REFERENCE_PREFIXES } from '../rules/reference';
import type { PgEventLog } from '../../store/event-log';
import { insertWithReference } from '../../store/with-reference';
import type { EffectHandler } from '../../conversation/effect-handlers';

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
 * health, for the field representatives on duty; records the event. Returns the reference.
 */
export function fieldHelpRecord(deps: { profile: Profile; events: PgEventLog }): EffectHandler {
  return async (effect, scope) => {
    if (effect.type !== 'createRecord') return;
    const data = HelpCall.parse(effect.data);
    if (!deps.profile.fieldHelp.kinds.some((k) => k.id === data.kind)) {
      throw new Error(`field help: unknown kind ${data.kind}`);
    }
    const { reference } = await insertWithReference<{ id: string }>(
      scope.tx,
      REFERENCE_PREFIXES.fieldHelp,
      (ref) => ({
        sql: `INSERT INTO field_help_requests
                (reference, beneficiary_id, help_kind, details, latitude, longitude, location_text, urgent,
                 status, routed_to, channel, created_at)
              VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'open', $9, $10, $11)
              ON CONFLICT (reference) DO NOTHING RETURNING id`,
        params: [
          ref,
          scope.beneficiaryId,
          data.kind,
          data.details,
          data.location?.latitude ?? null,
          data.location?.longitude ?? null,
          data.where,
          data.urgent,
          FIELD_DUTY_QUEUE,
          scope.channel,
          scope.now.toISOString(),
        ],
      }),
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
        channel: scope.channel,
      },
      at: scope.now,
    });
    return { ref: reference };
  };
}
