import { z } from 'zod';
import type { Profile } from '../../config/profile-schema';
import { REFERENCE_PREFIXES } from '../rules/reference';
import { parseSaudiMobile } from '../../domain/identity/saudi-mobile';
import type { PgEventLog } from '../../store/event-log';
import { PgVolunteerRepository } from '../../store/volunteer-repository';
import type { EffectHandler } from '../../conversation/effect-handlers';

const volunteers = new PgVolunteerRepository();

const SignUp = z.object({
  fullName: z.string().trim().min(1).max(200),
  mobile: z.string(),
  city: z.string().trim().min(1).max(200),
  availability: z.enum(['weekdays', 'weekends', 'seasons', 'flexible']),
  skills: z.string().trim().min(1).max(2000),
});

/**
 * The volunteering coordinator a sign-up is routed to: the first staff member of the profile with
 * the `volunteer` role. The profile has no separate "coordinator" role, so an association lists its
 * coordinator first among its volunteer staff; with none, the sign-up waits unassigned (`null`) for
 * an administrator.
 */
export function volunteerCoordinator(profile: Profile): string | null {
  return profile.staff.find((s) => s.roles.includes('volunteer'))?.id ?? null;
}

/**
 * Stores a volunteer sign-up (`VOL-…`) routed to the volunteering coordinator, and records the event.
 * Returns the reference for the confirmation text.
 */
export function volunteerRecord(deps: { profile: Profile; events: PgEventLog }): EffectHandler {
  return async (effect, scope) => {
    if (effect.type !== 'createRecord') return;
    const data = SignUp.parse(effect.data);
    const mobile = parseSaudiMobile(data.mobile);
    if (!mobile.ok) throw new Error('volunteer sign-up: not a Saudi mobile number');
    const coordinator = volunteerCoordinator(deps.profile);
    const reference = await volunteers.signUp(scope.tx, REFERENCE_PREFIXES.volunteer, {
      beneficiaryId: scope.beneficiaryId,
      fullName: data.fullName,
      mobile: mobile.e164,
      city: data.city,
      availability: data.availability,
      skills: data.skills,
      routedTo: coordinator,
      channel: scope.channel,
      at: scope.now,
    });
    await deps.events.append(scope.tx, {
      actor: `beneficiary:${scope.beneficiaryId}`,
      subjectType: 'volunteer',
      subjectId: reference,
      type: 'volunteer.signedUp',
      data: { routedTo: coordinator, availability: data.availability, channel: scope.channel },
      at: scope.now,
    });
    return { ref: reference };
  };
}
