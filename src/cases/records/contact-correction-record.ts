import { z } from 'zod';
import { parseSaudiMobile } from '../../domain/identity/saudi-mobile';
import { PgBeneficiaryRepository } from '../../store/beneficiary-repository';
import type { PgEventLog } from '../../store/event-log';
import type { EffectHandler } from '../../conversation/effect-handlers';

const beneficiaries = new PgBeneficiaryRepository();

const Correction = z
  .object({
    fullName: z.string().trim().min(1).max(200).optional(),
    mobile: z.string().optional(),
  })
  .refine((c) => c.fullName !== undefined || c.mobile !== undefined, 'nothing to correct');

/**
 * Stores the contact details a person corrected under "My data" (flows/my-data.ts) on their own record
 * (`beneficiaries.full_name` / `mobile`) and records who changed what, when and on which channel.
 * The audit event names the fields, never the values: the trail outlives an erasure, personal data must not.
 */
export function contactCorrectionRecord(deps: { events: PgEventLog }): EffectHandler {
  return async (effect, scope) => {
    if (effect.type !== 'createRecord') return;
    const data = Correction.parse(effect.data);
    // The flow validated it; checked again because this writes the number staff will call.
    const mobile = data.mobile === undefined ? undefined : parseSaudiMobile(data.mobile);
    if (mobile && !mobile.ok) throw new Error('contact correction: not a Saudi mobile number');
    await beneficiaries.correctContact(scope.tx, scope.beneficiaryId, {
      fullName: data.fullName,
      mobile: mobile?.ok ? mobile.e164 : undefined,
    });
    await deps.events.append(scope.tx, {
      actor: `beneficiary:${scope.beneficiaryId}`,
      subjectType: 'beneficiary',
      subjectId: scope.beneficiaryId,
      type: 'contact.corrected',
      data: {
        fields: [...(data.fullName ? ['fullName'] : []), ...(mobile ? ['mobile'] : [])],
        channel: scope.channel,
      },
      at: scope.now,
    });
  };
}
